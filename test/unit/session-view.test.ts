import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../../functions/observability/telemetry.js';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { MAX_ID_LENGTH } from '../../functions/providers/event-parsing.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { createSessionViewHandler } from '../../functions/views/session-view-handler.js';
import { captureLogs } from '../support/capture-logs.js';
import { casapayEvent } from '../support/session-events.js';
import { lambdaContext } from '../support/webhooks.js';

captureLogs();
const events = [
  casapayEvent('verification_session.created', { id: 'evt_1', at: 1_706_140_800 }),
  casapayEvent('verification_session.completed', {
    id: 'evt_2',
    at: 1_706_140_900,
    report: 'vr_1',
  }),
  casapayEvent('verification_session.failed', { id: 'evt_3', at: 1_706_141_000 }),
];
const folded = fold(casapayRules, events);
const record: SessionRecord = {
  provider: 'casapay',
  sessionId: 'vs_1',
  version: 3,
  createdAt: '2026-11-24T12:00:00.000Z',
  updatedAt: '2026-11-24T12:00:05.000Z',
  status: folded.state.status,
  facts: folded.state.facts,
  summary: folded.summary,
  events: folded.history,
};

function view(
  load: () => Promise<SessionRecord | undefined>,
  pathParameters: Record<string, string>,
) {
  const handler = createSessionViewHandler(
    { providers: new Set(['casapay', 'veriff']), sessions: { load } },
    createTelemetry(),
  );
  return handler(
    { pathParameters } as unknown as APIGatewayProxyEventV2,
    lambdaContext('view'),
  ) as Promise<{ statusCode: number; body: string }>;
}

describe('session view', () => {
  it('returns where the session stands, its facts and every event with its detail, times as ISO strings', async () => {
    const response = await view(async () => record, { provider: 'casapay', sessionId: 'vs_1' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      provider: 'casapay',
      sessionId: 'vs_1',
      status: 'completed',
      outcome: null,
      final: false,
      actions: [],
      providerCreatedAt: '2024-01-25T00:00:00.000Z',
      createdAt: '2026-11-24T12:00:00.000Z',
      updatedAt: '2026-11-24T12:00:05.000Z',
      version: 3,
      facts: { report: 'vr_1', documents: [], checks: [] },
      events: [
        {
          eventId: 'evt_1',
          type: 'verification_session.created',
          occurredAt: '2024-01-25T00:00:00.000Z',
          receivedAt: '2026-09-21T14:13:20.000Z',
          requestId: 'req-evt_1',
          applied: true,
          detail: { object: 'verification_session', objectId: 'vs_1' },
        },
        {
          eventId: 'evt_2',
          type: 'verification_session.completed',
          occurredAt: '2024-01-25T00:01:40.000Z',
          receivedAt: '2026-09-21T14:13:20.000Z',
          requestId: 'req-evt_2',
          applied: true,
          detail: { object: 'verification_session', objectId: 'vs_1', report: 'vr_1' },
        },
        {
          eventId: 'evt_3',
          type: 'verification_session.failed',
          occurredAt: '2024-01-25T00:03:20.000Z',
          receivedAt: '2026-09-21T14:13:20.000Z',
          requestId: 'req-evt_3',
          applied: false,
          reason: 'session_already_final',
          detail: { object: 'verification_session', objectId: 'vs_1' },
        },
      ],
    });
  });

  it('answers 404 for an unknown provider or session, 503 when the table cannot be read', async () => {
    const unknownProvider = await view(async () => record, { provider: 'acme', sessionId: 'vs_1' });
    expect([unknownProvider.statusCode, JSON.parse(unknownProvider.body).error]).toEqual([
      404,
      'unknown_provider',
    ]);
    const missing = await view(async () => undefined, { provider: 'casapay', sessionId: 'vs_0' });
    expect([missing.statusCode, JSON.parse(missing.body).error]).toEqual([
      404,
      'session_not_found',
    ]);
    const down = await view(async () => Promise.reject(new Error('throttled')), {
      provider: 'casapay',
      sessionId: 'vs_1',
    });
    expect([down.statusCode, JSON.parse(down.body).error]).toEqual([503, 'unavailable']);
  });

  it('answers 400 to a session id no provider id can be, without reading the table', async () => {
    const reads: string[] = [];
    const load = async (_: string, sessionId: string) => {
      reads.push(sessionId);
      return undefined;
    };
    const atLimit = 'é'.repeat(MAX_ID_LENGTH);
    expect(
      (await view(() => load('casapay', atLimit), { provider: 'casapay', sessionId: atLimit }))
        .statusCode,
    ).toBe(404);
    const tooLong = await view(() => load('casapay', `${atLimit}x`), {
      provider: 'casapay',
      sessionId: `${atLimit}x`,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(JSON.parse(tooLong.body)).toEqual({
      error: 'invalid_session_id',
      message: `Session ids are at most ${MAX_ID_LENGTH} characters.`,
    });
    expect(reads).toEqual([atLimit]);
  });
});
