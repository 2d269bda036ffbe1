// Runs `npm start` (local mode) as a child process, the way a newcomer does, for e2e tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { logSink } from './log-sink.js';

export interface RunningLocalMode {
  readonly url: string;
  /** The state file this instance wrote (for the operator tools' --local). */
  readonly statePath: string;
  readonly output: () => string;
  readonly child: ChildProcess;
  /** Sends Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function startLocalMode(env: Record<string, string> = {}): Promise<RunningLocalMode> {
  const statePath = join(mkdtempSync(join(tmpdir(), 'idv-local-')), 'state.json');
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', IDV_LOCAL_STATE: statePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local mode did not start:\n${output}`)),
      45_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      logSink.write(chunk);
      const match = /running locally at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`local mode exited:\n${output}`)));
  });
  return {
    url,
    statePath,
    child,
    output: () => output,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

/** Runs an operator tool (`scripts/<name>.ts`) against a running local mode; resolves with its output. */
export const runOperatorTool = (
  local: RunningLocalMode,
  name: string,
  args: string[],
  env: Record<string, string> = {},
) => runScript(local, `scripts/${name}.ts`, ['--local', ...args], env);

/** Runs `npm run send` against a running local mode (or `url`); resolves with its code and output. */
export const runSend = (local: RunningLocalMode, args: string[], url = local.url) =>
  runScript(local, 'functions/local/send.ts', [...args, '--url', url]);

function runScript(
  local: RunningLocalMode,
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, IDV_LOCAL_STATE: local.statePath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}
