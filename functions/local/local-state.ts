// Where a running `npm start` says what it created (emulator endpoints, queue URLs, tables), so
// the operator tools (`npm run redrive -- --local`, `npm run replay-quarantine -- --local`) can
// find it. Its ports are chosen by the OS at each start. The file names the process that wrote it:
// a file whose process is gone (it was killed with SIGKILL) is stale, and is removed when read.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface LocalState {
  /** The process of `npm start` that wrote the file. */
  readonly pid: number;
  readonly url: string;
  readonly region: string;
  readonly sqsEndpoint: string;
  readonly dynamodbEndpoint: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly sessionsTable: string;
  readonly quarantineTable: string;
}

/** `.local/state.json` in the working directory, or IDV_LOCAL_STATE. */
export const localStatePath = (env: NodeJS.ProcessEnv = process.env): string =>
  resolve(env.IDV_LOCAL_STATE ?? '.local/state.json');

/** Whether a process with this id is running (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state in the file, if there is one and its process still runs; a stale file is removed. */
export function runningLocalState(path = localStatePath()): LocalState | undefined {
  let state: LocalState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
  if (typeof state.pid === 'number' && isRunning(state.pid)) return state;
  rmSync(path, { force: true });
  return undefined;
}

export function writeLocalState(state: LocalState, path = localStatePath()): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
}

export function readLocalState(path = localStatePath()): LocalState {
  const state = runningLocalState(path);
  if (!state) throw new Error(`no running local mode found (${path}); start it with npm start`);
  return state;
}

/** Removes the file if this process wrote it (another `npm start` may have written it since). */
export function removeLocalState(path = localStatePath()): void {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalState>;
    if (state.pid !== process.pid) return;
  } catch {
    // Unreadable or gone: nothing of ours to keep.
  }
  rmSync(path, { force: true });
}
