// Runs `npm start` (local mode) as a child process, the way a newcomer does, for e2e tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLocalState } from '../../functions/local/local-state.js';
import { logSink } from './log-sink.js';

export interface RunningLocalMode {
  readonly url: string;
  /** The state file this instance wrote (for the operator tools' --local). */
  readonly statePath: string;
  /** The process of local mode itself (below the shell, when started through one). */
  readonly pid: number;
  readonly output: () => string;
  readonly child: ChildProcess;
  /** Resolves with local mode's exit code (the shell's, when started through one). */
  readonly exited: Promise<number | null>;
  /** Sends Ctrl-C and resolves with the exit code. */
  stop(): Promise<number | null>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface LocalModeOptions {
  /** Start it below a shell, so that a test can kill its parent. */
  readonly shell?: boolean;
}

/** Spawns local mode; does not wait for it (see `startLocalMode`). */
export function spawnLocalMode(env: Record<string, string> = {}, options: LocalModeOptions = {}) {
  const statePath = join(mkdtempSync(join(tmpdir(), 'idv-local-')), 'state.json');
  const command = [process.execPath, '--import', 'tsx', 'functions/local/start.ts'];
  const child = spawn(
    options.shell ? '/bin/sh' : (command[0] as string),
    // `& wait` keeps the shell as the parent, instead of exec'ing node in its place.
    options.shell ? ['-c', `'${command.join("' '")}' & wait`] : command.slice(1),
    {
      cwd: root,
      env: { ...process.env, PORT: '0', IDV_LOCAL_STATE: statePath, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    logSink.write(chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, statePath, exited, output: () => output };
}

export async function startLocalMode(
  env: Record<string, string> = {},
  options: LocalModeOptions = {},
): Promise<RunningLocalMode> {
  const spawned = spawnLocalMode(env, options);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`local mode did not start:\n${spawned.output()}`)),
      45_000,
    );
    const check = () => {
      const match = /running locally at (http:\/\/\S+)/.exec(spawned.output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    spawned.child.stdout?.on('data', check);
    spawned.child.stderr?.on('data', check);
    spawned.child.once('exit', () => reject(new Error(`local mode exited:\n${spawned.output()}`)));
  });
  return {
    ...spawned,
    url,
    pid: readLocalState(spawned.statePath).pid,
    stop: async () => {
      spawned.child.kill('SIGINT');
      return spawned.exited;
    },
  };
}

/** Runs an operator tool (`scripts/<name>.ts`) against a running local mode; resolves with its output. */
export const runOperatorTool = (
  local: Pick<RunningLocalMode, 'statePath'>,
  name: string,
  args: string[],
  env: Record<string, string> = {},
) => runScript(local, `scripts/${name}.ts`, ['--local', ...args], env);

/** Runs `npm run send` against a running local mode (or `url`); resolves with its code and output. */
export const runSend = (local: RunningLocalMode, args: string[], url = local.url) =>
  runScript(local, 'functions/local/send.ts', [...args, '--url', url]);

function runScript(
  local: Pick<RunningLocalMode, 'statePath'>,
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
