// `npm run send` against `npm start`, as a newcomer runs it: every named scenario ends in the
// outcome it describes, deliveries built out of order and repeated converge, and no personal data
// of a Veriff decision reaches the output, the logs or the view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DECISION_PII,
  PERSONA_PII,
  STANDARD_WEBHOOKS_PII,
  STRIPE_IDENTITY_PII,
  SUMSUB_PII,
} from '../../functions/local/samples.js';
import { SCENARIOS } from '../../functions/local/scenarios.js';
import { SEED_PII } from '../support/fixtures.js';
import { type RunningLocalMode, runSend, startLocalMode } from '../support/local-mode.js';

interface View {
  readonly status: string | null;
  readonly outcome: string | null;
  readonly final: boolean;
  readonly actions: readonly Record<string, unknown>[];
  readonly events: readonly { readonly eventId: string; readonly applied: boolean }[];
  readonly facts: Record<string, unknown>;
}

/** The personal data every provider's samples carry: never in the output of `send`. */
const SAMPLE_PII = [
  DECISION_PII,
  STRIPE_IDENTITY_PII,
  PERSONA_PII,
  SUMSUB_PII,
  STANDARD_WEBHOOKS_PII,
].flatMap((pii) => Object.values(pii));

/** The session view `send scenario` prints after its last webhook. */
function printedView(output: string): View {
  const start = output.indexOf('{', output.indexOf('session view (curl'));
  return JSON.parse(output.slice(start)) as View;
}

describe('npm run send against npm start', () => {
  let local: RunningLocalMode;
  beforeAll(async () => {
    local = await startLocalMode();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it.each([
    ['casapay-happy-path', { status: 'completed', outcome: 'approved', final: true, actions: [] }],
    [
      'casapay-rejected-document',
      {
        status: 'processing',
        outcome: null,
        final: false,
        actions: [
          expect.objectContaining({ action: 'request_new_document', reason: 'fraud_detected' }),
        ],
      },
    ],
    [
      'casapay-expired',
      {
        status: 'expired',
        outcome: 'expired',
        final: true,
        actions: [{ action: 'remind_applicant' }],
      },
    ],
    ['veriff-approval', { status: 'approved', outcome: 'approved', final: true, actions: [] }],
    ['veriff-resubmission', { status: 'approved', outcome: 'approved', final: true, actions: [] }],
    [
      'veriff-review-decline',
      { status: 'declined', outcome: 'declined', final: true, actions: [] },
    ],
    [
      'stripe-identity-retry',
      { status: 'verified', outcome: 'approved', final: true, actions: [] },
    ],
    ['persona-review', { status: 'approved', outcome: 'approved', final: true, actions: [] }],
    ['sumsub-retry', { status: 'completed', outcome: 'approved', final: true, actions: [] }],
    [
      'sumsub-green-then-red',
      { status: 'completed', outcome: 'declined', final: true, actions: [] },
    ],
    [
      'onfido-workflow-review',
      { status: 'approved', outcome: 'approved', final: true, actions: [] },
    ],
    [
      'standard-webhooks-approval',
      { status: 'verification.approved', outcome: 'approved', final: true, actions: [] },
    ],
  ])('runs scenario %s to the outcome it describes', async (name, expected) => {
    const { code, output } = await runSend(local, ['scenario', name]);
    expect(code, output).toBe(0);
    const view = printedView(output);
    expect(view).toMatchObject(expected);
    // Every webhook, besides what the retrieval of a CasaPay report added (docs/reports.md).
    expect(view.events.filter((e) => !e.eventId.startsWith('report:'))).toHaveLength(
      (SCENARIOS[name]?.webhooks('s', new Date()) ?? []).length,
    );
    for (const pii of [...SEED_PII, ...SAMPLE_PII]) expect(output).not.toContain(pii);
  });

  it('builds out-of-order and repeated deliveries that converge on one state', async () => {
    const session = 'vs_e2e_send';
    const send = (event: string, created: number, id: string, repeat = '1') =>
      runSend(local, [
        'casapay',
        event,
        '--session',
        session,
        '--created',
        String(created),
        '--event-id',
        id,
        '--repeat',
        repeat,
      ]);
    const base = Math.floor(Date.now() / 1000);
    // The check before the completion, so that the report the completion has retrieved says
    // what CasaPay's would: not verified (the stand-in's report follows the checks it was told).
    for (const run of [
      await send('identity_check.failed', base + 2, 'evt_send_2'),
      await send('verification_session.created', base, 'evt_send_1', '2'),
      await send('verification_session.completed', base + 3, 'evt_send_3', '3'),
    ])
      expect(run.code, run.output).toBe(0);
    // The report is retrieved after the commit, the publish and the retrieval job: give it time.
    const deadline = Date.now() + 30_000;
    let view: View | undefined;
    while (Date.now() < deadline) {
      const response = await fetch(`${local.url}/sessions/casapay/${session}`);
      view = response.ok ? ((await response.json()) as View) : undefined;
      const report = view?.facts.verificationReport as { retrieval?: string } | undefined;
      if (report?.retrieval === 'retrieved') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(view).toMatchObject({ status: 'completed', outcome: 'declined', final: true });
    expect(view?.events.map((e) => e.eventId).filter((id) => id.startsWith('evt_'))).toEqual([
      'evt_send_1',
      'evt_send_2',
      'evt_send_3',
    ]);
  });

  it('sends a Veriff decision on the events route, without the decision’s personal data anywhere', async () => {
    const session = 'c0ffee00-0000-4000-8000-000000000001';
    const run = await runSend(local, ['veriff', 'approved', '--session', session]);
    expect(run.code, run.output).toBe(0);
    const deadline = Date.now() + 10_000;
    let body = '';
    while (Date.now() < deadline) {
      const response = await fetch(`${local.url}/sessions/veriff/${session}`);
      body = await response.text();
      if (response.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(JSON.parse(body)).toMatchObject({ status: 'approved', outcome: 'approved' });
    for (const pii of Object.values(DECISION_PII)) {
      expect(body).not.toContain(pii);
      expect(local.output()).not.toContain(pii);
    }
  });

  it('says in one line that nothing is listening when npm start is not running', async () => {
    const run = await runSend(local, ['veriff', 'started'], 'http://127.0.0.1:9');
    expect(run.code).toBe(1);
    expect(run.output).toContain('nothing answered at http://127.0.0.1:9: start the pipeline');
    expect(run.output).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['acme', 'x'], 2, 'unknown provider "acme"'],
    [['veriff', 'nope'], 2, 'unknown veriff event "nope"'],
    [['scenario', 'nope'], 2, 'unknown scenario "nope"'],
    [['casapay', 'verification_session.created', '--created', 'soon'], 2, '--created takes'],
    [['veriff', 'started', '--event-id', 'x'], 2, '--event-id does not apply to veriff'],
  ])('answers %j with one line that says what is wrong', async (args, code, message) => {
    const run = await runSend(local, args);
    expect(run.code).toBe(code);
    expect(run.output).toContain(message);
    expect(run.output).not.toMatch(/\n\s+at /);
  });
});
