import { describe, expect, it } from 'vitest';
import { changeLine, readForwarding } from '../../functions/local/forwarding.js';
import { LocalSetupError } from '../../functions/local/setup-errors.js';
import { toEnvelope } from '../../functions/reactions/session-change.js';
import { changeDetail } from '../support/session-changes.js';

describe('npm start forwarding options', () => {
  it('reads --forward-to from the command line, in either form, before FORWARD_TO', () => {
    const env = { FORWARD_TO: 'http://127.0.0.1:1/env' };
    expect(readForwarding(['--forward-to', 'http://127.0.0.1:4000/a'], env)?.url).toBe(
      'http://127.0.0.1:4000/a',
    );
    expect(readForwarding(['--forward-to=http://127.0.0.1:4000/b'], env)?.url).toBe(
      'http://127.0.0.1:4000/b',
    );
    expect(readForwarding([], env)?.url).toBe('http://127.0.0.1:1/env');
    expect(readForwarding([], {})).toBeUndefined();
  });

  it('makes up a secret it shows in full, and shows only a fingerprint of yours', () => {
    const made = readForwarding(['--forward-to', 'http://127.0.0.1:4000/'], {});
    expect(made?.secret).toMatch(/^whsec_/);
    expect(made?.secretShown).toContain(made?.secret);
    const yours = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const given = readForwarding(['--forward-to', 'http://127.0.0.1:4000/'], {
      FORWARD_SECRET: yours,
    });
    expect(given?.secret).toBe(yours);
    expect(given?.secretShown).not.toContain(yours);
    expect(given?.secretShown).toMatch(/fingerprint sha256:[0-9a-f]{8}/);
  });

  it.each([
    [['--forward-to', 'not a url'], {}, '--forward-to needs an http(s) URL'],
    [['--forward-to', 'ftp://127.0.0.1/'], {}, 'http:// or https://'],
    [['--forward-to'], {}, '--forward-to needs an http(s) URL'],
    [
      ['--forward-to', 'http://127.0.0.1:1/'],
      { FORWARD_SECRET: 'hunter2' },
      'FORWARD_SECRET is not',
    ],
  ])('refuses %j with one line that says what to do', (argv, env, message) => {
    let thrown: unknown;
    try {
      readForwarding(argv, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LocalSetupError);
    expect((thrown as Error).message).toContain(message);
    expect((thrown as Error).message).not.toContain('hunter2');
  });

  it('prints one line per change: session, status before and after, outcome, actions', () => {
    const envelope = toEnvelope(
      changeDetail({
        sessionId: 'vs_123',
        changed: ['status', 'outcome', 'final', 'actions'],
        status: 'expired',
        previousStatus: 'pending',
        outcome: 'expired',
        final: true,
        actions: [{ action: 'remind_applicant' }],
      }),
      { id: 'e', account: '0', region: 'r' },
    );
    expect(changeLine(envelope)).toBe(
      'change casapay vs_123  pending -> expired  outcome expired (final)  actions remind_applicant',
    );
  });
});
