import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { readLocalState } from '../../functions/local/local-state.js';
import {
  CASAPAY_EVENT_TYPES,
  casapaySample,
  VERIFF_EVENTS,
  type VeriffAction,
  veriffSample,
} from '../../functions/local/samples.js';
import { signatureHeaders } from '../../functions/local/signed-request.js';
import { SEED_PII } from '../support/fixtures.js';
import { type RunningLocalMode, runOperatorTool, startLocalMode } from '../support/local-mode.js';

/** The one quarantine entry of a local mode, if there is one now. */
async function quarantineEntry(local: RunningLocalMode) {
  const state = readLocalState(local.statePath);
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint });
  const { Items = [] } = await dynamodb.send(
    new ScanCommand({ TableName: state.quarantineTable, ConsistentRead: true }),
  );
  dynamodb.destroy();
  expect(Items.length).toBeLessThanOrEqual(1);
  return (
    Items[0] &&
    (unmarshall(Items[0]) as { provider: string; reason: string; lastMessageId: string })
  );
}

describe('local mode (npm start)', () => {
  let local: RunningLocalMode;
  beforeAll(async () => {
    local = await startLocalMode();
  });
  afterAll(async () => {
    await local?.stop();
  });

  const post = (provider: string, body: string, headers: Record<string, string>) =>
    fetch(`${local.url}/webhooks/${provider}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('prints the URL, the development secrets and a copy-paste example', () => {
    expect(local.output()).toContain(JSON.stringify(DEV_SECRET_DOCUMENTS.casapay));
    expect(local.output()).toContain(JSON.stringify(DEV_SECRET_DOCUMENTS.veriff));
    expect(local.output()).toMatch(/curl -i -X POST http:\/\/127\.0\.0\.1:\d+\/webhooks\/veriff/);
  });

  it('accepts every sample event type of both providers, signed as the provider signs', async () => {
    const created = Math.floor(Date.now() / 1000);
    for (const type of CASAPAY_EVENT_TYPES) {
      const body = casapaySample(type, { session: 'vs_e2e_1', created });
      const response = await post(
        'casapay',
        body,
        signatureHeaders('casapay', body, DEV_SECRET_DOCUMENTS),
      );
      expect(response.status, type).toBe(200);
    }
    for (const action of Object.keys(VERIFF_EVENTS) as VeriffAction[]) {
      const body = veriffSample(action, { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
      const response = await post(
        'veriff',
        body,
        signatureHeaders('veriff', body, DEV_SECRET_DOCUMENTS),
      );
      expect(response.status, action).toBe(200);
    }
  });

  it('answers 401 to a request signed with another secret, 404 to an unknown provider', async () => {
    const body = veriffSample('started', { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
    const forged = signatureHeaders('veriff', body, {
      ...DEV_SECRET_DOCUMENTS,
      veriff: { integrations: [{ apiKey: 'local-api-key', sharedSecret: 'guessed' }] },
    });
    expect((await post('veriff', body, forged)).status).toBe(401);
    expect((await post('acme', body, {})).status).toBe(404);
  });

  /** Polls the session view until `done` holds (the consumer runs asynchronously). */
  async function sessionWhen(
    provider: string,
    sessionId: string,
    done: (view: Record<string, unknown>) => boolean,
  ) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const response = await fetch(`${local.url}/sessions/${provider}/${sessionId}`);
      const view = (await response.json()) as Record<string, unknown>;
      if (response.status === 200 && done(view)) return view;
      if (Date.now() > deadline)
        throw new Error(`session never reached the expected state: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('turns signed posts, out of order and repeated, into the session view', async () => {
    const session = 'vs_e2e_view';
    const created = Math.floor(Date.now() / 1000);
    const bodies = [
      casapaySample('verification_session.completed', {
        session,
        created: created + 2,
        eventId: 'evt_e2e_3',
      }),
      casapaySample('verification_session.created', { session, created, eventId: 'evt_e2e_1' }),
      casapaySample('verification_session.pending', {
        session,
        created: created + 1,
        eventId: 'evt_e2e_2',
      }),
      casapaySample('identity_check.passed', {
        session,
        created: created + 1,
        eventId: 'evt_e2e_4',
        objectId: 'ic_1',
      }),
    ];
    for (const body of [...bodies, bodies[0] as string]) {
      const response = await post(
        'casapay',
        body,
        signatureHeaders('casapay', body, DEV_SECRET_DOCUMENTS),
      );
      expect(response.status).toBe(200);
    }
    // Four webhooks, and the report the completion made the pipeline retrieve (docs/reports.md).
    const webhookEvents = (v: Record<string, unknown>) =>
      (v.events as { eventId: string; applied: boolean }[]).filter((e) =>
        e.eventId.startsWith('evt_'),
      );
    const view = await sessionWhen(
      'casapay',
      session,
      (v) =>
        webhookEvents(v).length === 4 &&
        (v.facts as { verificationReport?: { retrieval?: string } }).verificationReport
          ?.retrieval === 'retrieved',
    );
    expect(view).toMatchObject({
      provider: 'casapay',
      sessionId: session,
      status: 'completed',
      outcome: 'approved',
      facts: { checks: [{ id: 'ic_1', status: 'passed', checkType: 'document_verification' }] },
    });
    const events = webhookEvents(view);
    expect(events.map((e) => e.eventId).sort()).toEqual([
      'evt_e2e_1',
      'evt_e2e_2',
      'evt_e2e_3',
      'evt_e2e_4',
    ]);
    expect(events.every((e) => e.applied)).toBe(true);
    for (const pii of SEED_PII) expect(JSON.stringify(view)).not.toContain(pii);
  });

  it('keeps Veriff attempts and flow facts in the session view', async () => {
    const session = 'b1d0d3f5-0c1e-4b7f-9a55-4c3d2e1f0a9b';
    for (const action of ['submitted', 'flow_finished', 'started'] as const) {
      const body = veriffSample(action, { session, attemptId: 'attempt-e2e' });
      expect(
        (await post('veriff', body, signatureHeaders('veriff', body, DEV_SECRET_DOCUMENTS))).status,
      ).toBe(200);
    }
    const view = await sessionWhen('veriff', session, (v) => (v.events as unknown[]).length === 3);
    expect(view).toMatchObject({
      status: 'submitted',
      facts: {
        attempts: [
          {
            attemptId: 'attempt-e2e',
            status: 'submitted',
            flow: [expect.objectContaining({ action: 'flow_finished', code: 7009 })],
          },
        ],
      },
    });
  });

  it('answers 404 for a session it has never heard of', async () => {
    const response = await fetch(`${local.url}/sessions/casapay/vs_never`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'session_not_found' });
  });

  it('runs the operator tools against local mode: redrive and replay-quarantine', async () => {
    const redrive = await runOperatorTool(local, 'redrive', []);
    expect(redrive).toMatchObject({
      code: 0,
      output: expect.stringContaining('moved 0 message(s)'),
    });

    const body = 'this body is signed but is not JSON';
    expect(
      (await post('veriff', body, signatureHeaders('veriff', body, DEV_SECRET_DOCUMENTS))).status,
    ).toBe(200);
    const deadline = Date.now() + 10_000;
    let dry = await runOperatorTool(local, 'replay-quarantine', ['--dry-run']);
    while (!dry.output.includes('would replay 1') && Date.now() < deadline) {
      dry = await runOperatorTool(local, 'replay-quarantine', ['--dry-run']);
    }
    expect(dry.output).toContain('"veriff/not_json":1');
    const before = await quarantineEntry(local);
    const replay = await runOperatorTool(local, 'replay-quarantine', []);
    expect(replay.code).toBe(0);
    // The one entry was sent again: deleted (replayed), or kept because the consumer had already
    // quarantined the resent copy again before the conditional delete ran.
    const summary = /replayed (\d+) message\(s\); (\d+) quarantined again/.exec(replay.output);
    expect(Number(summary?.[1]) + Number(summary?.[2])).toBe(1);
    // And it really went through the queue again: a new message, quarantined again (not JSON).
    const deadline2 = Date.now() + 10_000;
    let after = await quarantineEntry(local);
    while (after?.lastMessageId === before?.lastMessageId && Date.now() < deadline2) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await quarantineEntry(local);
    }
    expect(before?.lastMessageId).toEqual(expect.any(String));
    expect(after).toMatchObject({ provider: 'veriff', reason: 'not_json' });
    expect(after?.lastMessageId).not.toBe(before?.lastMessageId);
  });

  it('logs JSON lines without applicant data', () => {
    expect(local.output()).toMatch(/"outcome":"accepted"/);
    for (const pii of SEED_PII) expect(local.output()).not.toContain(pii);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const code = await local.stop();
    expect(code).toBe(0);
    await expect(fetch(`${local.url}/webhooks/veriff`, { method: 'POST' })).rejects.toThrow();
  });
});
