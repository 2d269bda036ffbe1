// Where a running `npm start` says what it created (emulator endpoints, queue URLs, tables), so
// the operator tools (`npm run redrive -- --local`, `npm run replay-quarantine -- --local`) can
// find it. Its ports are chosen by the OS at each start.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface LocalState {
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

export function writeLocalState(state: LocalState, path = localStatePath()): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(state, null, 2)}\n`);
}

export function readLocalState(path = localStatePath()): LocalState {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LocalState;
  } catch {
    throw new Error(`no running local mode found (${path}); start it with npm start`);
  }
}

export function removeLocalState(path = localStatePath()): void {
  rmSync(path, { force: true });
}
