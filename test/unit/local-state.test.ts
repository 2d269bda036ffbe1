import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type LocalState,
  readLocalState,
  removeLocalState,
  runningLocalState,
  writeLocalState,
} from '../../functions/local/local-state.js';

const statePath = () => join(mkdtempSync(join(tmpdir(), 'idv-state-')), 'state.json');
const state = (pid: number) => ({ pid, url: 'http://127.0.0.1:1' }) as LocalState;
/** Above Linux's largest pid: no process has it. */
const DEAD_PID = 2 ** 31 - 1;

describe('local state file', () => {
  it('is read while the process that wrote it runs', () => {
    const path = statePath();
    writeLocalState(state(process.pid), path);
    expect(readLocalState(path).pid).toBe(process.pid);
  });

  it('is stale once its process is gone: reading it says so and removes it', () => {
    const path = statePath();
    writeLocalState(state(DEAD_PID), path);
    expect(runningLocalState(path)).toBeUndefined();
    expect(existsSync(path)).toBe(false);
    writeLocalState(state(DEAD_PID), path);
    expect(() => readLocalState(path)).toThrow(/no running local mode found/);
  });

  it('is treated as stale when it names no process at all (a file from before pids)', () => {
    const path = statePath();
    writeFileSync(path, JSON.stringify({ url: 'http://127.0.0.1:1' }));
    expect(runningLocalState(path)).toBeUndefined();
  });

  it('is removed only by the process that wrote it', () => {
    const path = statePath();
    writeLocalState(state(1), path);
    removeLocalState(path);
    expect(existsSync(path)).toBe(true);
    writeLocalState(state(process.pid), path);
    removeLocalState(path);
    expect(existsSync(path)).toBe(false);
  });
});
