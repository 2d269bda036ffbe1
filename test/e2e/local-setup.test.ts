// Setup mistakes when starting local mode get one line that says what is wrong and what to do,
// exit code 1, and no stack trace; a secret document's problem names its path, never its value.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLocalMode, spawnLocalMode, startLocalMode } from '../support/local-mode.js';
import { eventually, processesWithEnvironment } from '../support/processes.js';

/** Runs `npm start` to its end; resolves with its exit code and everything it printed. */
async function failedStart(env: Record<string, string>) {
  const run = spawnLocalMode(env);
  const code = await run.exited;
  return { code, output: run.output() };
}

/** The output is exactly one line starting with `npm start:`; no stack frame, no SDK dump. */
function expectOneLine(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^npm start: /);
  expect(output).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}

describe('npm start, set up wrongly', () => {
  it.each([
    ['not JSON', 'CASAPAY_SECRETS', 'whsec_pasted_without_quotes', '(document) is not JSON'],
    [
      'JSON cut short',
      'VERIFF_SECRETS',
      '{"integrations":[{"apiKey":"k-secret-part',
      '(document) is not JSON',
    ],
    ['a list of secrets', 'CASAPAY_SECRETS', '["whsec_listed_alone"]', 'signingSecrets is missing'],
    [
      'an empty list',
      'CASAPAY_SECRETS',
      '{"signingSecrets":[]}',
      'signingSecrets must list at least one secret',
    ],
    [
      'a blank shared secret',
      'VERIFF_SECRETS',
      '{"integrations":[{"apiKey":"key-visible","sharedSecret":"  "}]}',
      'integrations.0.sharedSecret must not be empty',
    ],
  ])(
    'refuses a secret document that is %s, naming the path and shape, not the value',
    async (_, name, value, problem) => {
      const { code, output } = await failedStart({ [name]: value });
      expect(code).toBe(1);
      const line = expectOneLine(output);
      expect(line).toContain(`${name}: `);
      expect(line).toContain(problem);
      expect(line).toMatch(/expected a document like \{"(signingSecrets|integrations)":/);
      // No part of the value, however short the fragment.
      for (const fragment of value.match(/[A-Za-z0-9_-]{4,}/g) ?? []) {
        if (!['signingSecrets', 'integrations', 'apiKey', 'sharedSecret'].includes(fragment))
          expect(line).not.toContain(fragment);
      }
    },
  );

  it('says that Java is missing and how to get it, when there is none', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'idv-no-java-'));
    const { code, output } = await failedStart({ PATH: empty, JAVA_HOME: '' });
    expect(code).toBe(1);
    expect(expectOneLine(output)).toMatch(
      /Java 17 or newer is needed .* install .* or set JAVA_HOME/,
    );
  });

  it('says what PORT must be', async () => {
    const { code, output } = await failedStart({ PORT: 'http' });
    expect(code).toBe(1);
    expect(expectOneLine(output)).toContain('PORT must be a port number from 0 to 65535');
  });

  describe('next to a running local mode', () => {
    let running: RunningLocalMode;
    beforeAll(async () => {
      running = await startLocalMode();
    });
    afterAll(async () => {
      await running?.stop();
    });

    it('says that the port is in use and that PORT chooses another, leaving nothing running', async () => {
      const port = new URL(running.url).port;
      const statePath = join(mkdtempSync(join(tmpdir(), 'idv-local-')), 'state.json');
      const { code, output } = await failedStart({ PORT: port, IDV_LOCAL_STATE: statePath });
      expect(code).toBe(1);
      expect(expectOneLine(output)).toBe(
        `npm start: port ${port} on 127.0.0.1 is already in use: stop what listens there, or choose another port, e.g. PORT=${Number(port) + 1} npm start`,
      );
      // Nothing of it runs on: the port is bound before any emulator starts, and a JVM would
      // share its environment.
      expect(
        await eventually(() => processesWithEnvironment('IDV_LOCAL_STATE', statePath).length === 0),
      ).toBe(true);
    });

    it('refuses to start a second time on the same state file', async () => {
      const { code, output } = await failedStart({ IDV_LOCAL_STATE: running.statePath });
      expect(code).toBe(1);
      expect(expectOneLine(output)).toContain(
        `local mode is already running (pid ${running.pid}, ${running.url})`,
      );
    });
  });
});
