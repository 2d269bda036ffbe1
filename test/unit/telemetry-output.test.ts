import { describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { createTelemetry } from '../../functions/observability/telemetry.js';
import { createConsumerHandler } from '../../functions/processing/consumer-handler.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { captureLogs } from '../support/capture-logs.js';
import { emfProblems, isEmf } from '../support/emf.js';
import { CASAPAY_COMPLETED, fixture, SEED_PII } from '../support/fixtures.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { testIngest } from '../support/ingest.js';
import { sqsRecord } from '../support/sqs-records.js';
import { casapayEvent, httpApiEvent, lambdaContext, veriffEvent } from '../support/webhooks.js';

const logs = captureLogs();
const NOW = new Date();

const ingest = () => testIngest({ now: () => NOW }).invoke;

const emfDocuments = () => logs.records().filter(isEmf);
const logLines = () => logs.records().filter((r) => !isEmf(r));

describe('ingest telemetry', () => {
  it('logs the correlation fields and emits valid EMF with the provider dimension', async () => {
    await ingest()(casapayEvent(fixture(CASAPAY_COMPLETED), NOW, { requestId: 'req-t1' }));
    const [line, ...otherLines] = logLines();
    expect(otherLines).toEqual([]);
    expect(line).toMatchObject({
      level: 'INFO',
      requestId: 'req-t1',
      provider: 'casapay',
      outcome: 'accepted',
      messageId: 'm-1',
      function_name: 'ingest',
      function_request_id: expect.any(String),
      service: 'idv-webhooks',
    });
    const [emf, ...otherEmf] = emfDocuments();
    expect(otherEmf).toEqual([]);
    expect(emfProblems(emf ?? {})).toEqual([]);
    expect(emf).toMatchObject({
      provider: 'casapay',
      service: 'idv-webhooks',
      WebhooksReceived: 1,
      WebhooksAccepted: 1,
    });
    expect(emf?._aws).toMatchObject({
      // Per provider, and summed over providers for the alarms.
      CloudWatchMetrics: [
        { Namespace: 'IdvWebhooks', Dimensions: [['service', 'provider'], ['service']] },
      ],
    });
    for (const pii of SEED_PII) expect(logs.lines().join('\n')).not.toContain(pii);
  });

  it('counts each rejection under its reason, with the reason in the log line only', async () => {
    const handle = ingest();
    await handle(
      veriffEvent(fixture('veriff/submitted.json'), { headers: { 'X-AUTH-CLIENT': 'nobody' } }),
    );
    await handle(casapayEvent('{}', new Date(NOW.getTime() - 3_600_000)));
    await handle(veriffEvent('{}', { headers: { 'X-HMAC-SIGNATURE': '00'.repeat(32) } }));
    const metricNames = emfDocuments().flatMap((d) =>
      Object.keys(d).filter((k) => k.startsWith('Rejected')),
    );
    expect(metricNames.sort()).toEqual([
      'RejectedSignature',
      'RejectedStale',
      'RejectedUnknownKey',
    ]);
    expect(logLines().map((l) => [l.outcome, l.reason])).toEqual([
      ['auth_failed', 'unknown_api_key'],
      ['auth_failed', 'stale_timestamp'],
      ['auth_failed', 'signature_mismatch'],
    ]);
  });

  it('counts a timed-out enqueue for its provider, and records nothing of it in the next invocation', async () => {
    let release: (value: { messageId: string }) => void = () => undefined;
    let calls = 0;
    const { invoke } = testIngest(
      {
        now: () => NOW,
        queue: {
          publish: () =>
            ++calls === 1
              ? new Promise((resolve) => (release = resolve))
              : Promise.resolve({ messageId: 'm-2' }),
        },
      },
      700,
    );
    expect((await invoke(veriffEvent('{"first":1}'))).statusCode).toBe(503);
    const [timedOut, ...others] = emfDocuments();
    expect(others).toEqual([]);
    expect(timedOut).toMatchObject({ provider: 'veriff', WebhooksReceived: 1, EnqueueFailed: 1 });
    expect(logLines().at(-1)).toMatchObject({
      level: 'ERROR',
      outcome: 'enqueue_failed',
      provider: 'veriff',
      errorName: 'IngestTimeoutError',
    });

    // The hung SendMessage completes after the answer: it must not count as anything.
    release({ messageId: 'm-1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await invoke(casapayEvent('{"second":2}', NOW))).statusCode).toBe(200);
    const next = emfDocuments().slice(1);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({
      provider: 'casapay',
      WebhooksReceived: 1,
      WebhooksAccepted: 1,
    });
    expect(next[0]).not.toHaveProperty('EnqueueFailed');
    expect(logLines().filter((l) => l.outcome === 'accepted')).toHaveLength(1);
  });

  it('keeps the provider dimension to registered names, whatever path is requested', async () => {
    await ingest()(httpApiEvent('x'.repeat(200), '{}'));
    expect(emfDocuments()[0]).toMatchObject({ provider: 'unknown', RejectedUnknownProvider: 1 });
  });
});

describe('consumer telemetry', () => {
  it('logs one line per webhook with its ids and outcome, and publishes valid EMF per provider', async () => {
    const handler = createConsumerHandler(
      {
        adapters: providerAdapters(),
        sessions: new InMemorySessionStore(),
        quarantine: { keep: async () => undefined },
        now: () => new Date(),
        recording: { maxAttempts: 3, now: () => new Date(), backoff: async () => undefined },
      },
      createTelemetry(),
    );
    const casapay = sqsRecord({
      provider: 'casapay',
      requestId: 'req-c1',
      receivedAt: Date.now() - 250,
      body: fixture(CASAPAY_COMPLETED),
    });
    const veriff = sqsRecord({
      provider: 'veriff',
      requestId: 'req-v1',
      body: veriffSample('started', { session: 's-1' }),
    });
    const duplicate = sqsRecord({
      provider: 'veriff',
      requestId: 'req-v2',
      body: veriffSample('started', { session: 's-1' }),
    });
    const unreadable = sqsRecord({
      provider: 'casapay',
      requestId: 'req-x',
      body: casapaySample('verification_session.created', { session: '', created: 1 }),
    });
    await handler({ Records: [casapay, veriff, duplicate, unreadable] }, lambdaContext('consumer'));

    const byRequest = Object.fromEntries(logLines().map((l) => [l.requestId ?? l.messageId, l]));
    expect(byRequest['req-c1']).toMatchObject({
      outcome: 'applied',
      provider: 'casapay',
      eventId: 'evt_1a2b3c4d',
      sessionId: 'vs_1a2b3c4d5e6f',
      lagMs: expect.any(Number),
    });
    expect(byRequest['req-v1']).toMatchObject({
      outcome: 'applied',
      provider: 'veriff',
      sessionId: 's-1',
    });
    expect(byRequest['req-v2']).toMatchObject({ outcome: 'duplicate', provider: 'veriff' });
    expect(byRequest[unreadable.messageId]).toMatchObject({
      outcome: 'quarantined',
      reason: 'missing_session_id',
    });

    const documents = emfDocuments();
    for (const document of documents) expect(emfProblems(document)).toEqual([]);
    expect(documents.map((d) => d.provider).sort()).toEqual(['casapay', 'veriff']);
    const casapayMetrics = documents.find((d) => d.provider === 'casapay');
    expect(casapayMetrics).toMatchObject({
      EventsProcessed: 2,
      TransitionsApplied: 1,
      EventsQuarantined: 1,
    });
    expect(casapayMetrics?.EndToEndLag).toBeGreaterThanOrEqual(250);
    expect(documents.find((d) => d.provider === 'veriff')).toMatchObject({
      EventsProcessed: 2,
      TransitionsApplied: 1,
      EventsDuplicate: 1,
    });
    for (const pii of SEED_PII) expect(logs.lines().join('\n')).not.toContain(pii);
  });
});
