// `npm start` listens on loopback only, and however it ends it leaves nothing behind: no process
// of its tree (the JVM of DynamoDB Local included), no listener, no state file that names it.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runningLocalState } from '../../functions/local/local-state.js';
import { type RunningLocalMode, runOperatorTool, startLocalMode } from '../support/local-mode.js';
import {
  eventually,
  isAlive,
  isStillListening,
  type Listener,
  listenersOf,
  processesWithEnvironment,
  processTree,
} from '../support/processes.js';
import { byProfile } from '../support/profile.js';

const LOOPBACK = new Set(['127.0.0.1', '::1']);

interface Started {
  readonly local: RunningLocalMode;
  readonly pids: number[];
  readonly listeners: Listener[];
}

let started: Started | undefined;
afterEach(() => {
  // A failed assertion must not leave a JVM behind for the rest of the run.
  for (const pid of started?.pids ?? []) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  started = undefined;
});

async function start(options: { shell?: boolean } = {}): Promise<Started> {
  const local = await startLocalMode({}, options);
  const pids = processTree(local.pid);
  started = { local, pids, listeners: listenersOf(pids) };
  return started;
}

/** Nothing of `started` is left: processes, listening ports, the state file. */
async function expectNothingLeft({ local, pids, listeners }: Started) {
  expect(await eventually(() => pids.every((pid) => !isAlive(pid)))).toBe(true);
  expect(listeners.filter((l) => isStillListening(l))).toEqual([]);
  expect(existsSync(local.statePath)).toBe(false);
}

describe('local mode processes and listeners', () => {
  it('runs the API, fauxqs and DynamoDB Local on loopback only, then stops all of it on Ctrl-C', async () => {
    const run = await start();
    // This process, and DynamoDB Local's JVM below it, which shares its environment.
    expect(run.pids.length).toBeGreaterThanOrEqual(2);
    expect(processesWithEnvironment('IDV_LOCAL_STATE', run.local.statePath).sort()).toEqual(
      [...run.pids].sort(),
    );
    // The HTTP API, fauxqs and DynamoDB Local.
    expect(run.listeners.length).toBeGreaterThanOrEqual(3);
    expect(run.listeners.filter((l) => !LOOPBACK.has(l.address))).toEqual([]);
    expect(new Set(run.listeners.map((l) => l.pid)).size).toBe(2);
    expect(await run.local.stop()).toBe(0);
    await expectNothingLeft(run);
  });

  // SIGTERM takes the same path as SIGHUP and SIGINT; the fast profile spares its 5 s start.
  it.each(byProfile(['SIGHUP'] as const, ['SIGHUP', 'SIGTERM'] as const))(
    'stops all of it on %s',
    async (signal) => {
      const run = await start();
      process.kill(run.local.pid, signal);
      expect(await run.local.exited).toBe(0);
      expect(run.local.output()).toContain(`stopping (${signal})`);
      await expectNothingLeft(run);
    },
  );

  it('stops all of it when its parent dies', async () => {
    const run = await start({ shell: true });
    const shell = run.local.child.pid ?? 0;
    expect(run.pids[0]).not.toBe(shell);
    process.kill(shell, 'SIGKILL');
    await expectNothingLeft(run);
    expect(run.local.output()).toContain('its parent process ended');
  });

  it('stops all of it, exiting 1 with one line, when DynamoDB Local crashes', async () => {
    const run = await start();
    const jvm = run.pids.find((pid) => pid !== run.local.pid) ?? 0;
    process.kill(jvm, 'SIGKILL');
    expect(await run.local.exited).toBe(1);
    expect(run.local.output()).toMatch(
      /npm start: DynamoDB Local exited unexpectedly \(signal SIGKILL\); local mode stopped\n$/,
    );
    await expectNothingLeft(run);
  });

  it('leaves no JVM when it is killed outright, and the tools see that it is gone', async () => {
    const run = await start();
    process.kill(run.local.pid, 'SIGKILL');
    expect(await eventually(() => run.pids.every((pid) => !isAlive(pid)))).toBe(true);
    expect(run.listeners.filter((l) => isStillListening(l))).toEqual([]);
    // Nothing could remove the file from inside a SIGKILLed process: it names a dead process,
    // so the tools refuse it as stale and remove it.
    const tool = await runOperatorTool(run.local, 'redrive', ['--dry-run']);
    expect(tool.code).not.toBe(0);
    expect(tool.output).toContain('no running local mode found');
    expect(runningLocalState(run.local.statePath)).toBeUndefined();
    expect(existsSync(run.local.statePath)).toBe(false);
  });
});
