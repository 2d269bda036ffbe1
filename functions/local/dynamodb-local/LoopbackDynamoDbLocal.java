// Runs Amazon's DynamoDB Local listening on 127.0.0.1 only, and exits when its parent goes away.
//
// DynamoDB Local has no option for the address it listens on: its Jetty server binds every
// interface. This launcher builds the server from the usual command line, points the server's
// connectors at loopback before starting it, and then watches standard input. The parent holds
// the other end of that pipe, so however the parent ends (a signal, a crash, SIGKILL) the pipe
// closes and DynamoDB Local stops with it: no orphan JVM. Telemetry is never configured here.
import java.io.IOException;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class LoopbackDynamoDbLocal {
  private static final String LOOPBACK = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost(LOOPBACK);
    }
    proxy.start();
    try {
      while (System.in.read() != -1) {
        // Nothing is ever sent: the pipe only tells whether the parent is still there.
      }
    } catch (IOException ignored) {
      // A broken pipe means the same as end of input.
    }
    System.exit(0);
  }
}
