import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { INGEST_LOG_METRICS, metricOfLine } from '../../functions/observability/log-metrics.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import { createConsumerHandler } from '../../functions/processing/consumer-handler.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { createPublisherHandler } from '../../functions/reactions/publisher-handler.js';
import { captureLogs } from '../support/capture-logs.js';
import { emfProblems, isEmf } from '../support/emf.js';
import { CASAPAY_COMPLETED, fixture, SEED_PII } from '../support/fixtures.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { testIngest } from '../support/ingest.js';
import { sqsRecord } from '../support/sqs-records.js';
import { sessionCommitRecord } from '../support/stream-records.js';
import { casapayEvent, httpApiEvent, lambdaContext, veriffEvent } from '../support/webhooks.js';

const logs = captureLogs();
const NOW = new Date();

const ingest = () => testIngest({ now: () => NOW }).invoke;

const emfDocuments = () => logs.records().filter(isEmf);
const logLines = () => logs.records().filter((r) => !isEmf(r));

/** The metrics CloudWatch Logs derives from one ingest line (its metric filters). */
const derived = (line: Record<string, unknown>) =>
  Object.fromEntries(
    INGEST_LOG_METRICS.flatMap((metric) => {
      const published = metricOfLine(metric, line);
      return published.length > 0 ? [[metric.metricName, published]] : [];
    }),
  );

describe('ingest telemetry', () => {
  it('writes one line per webhook, with the correlation id and no Lambda context, and no EMF', async () => {
    await ingest()(casapayEvent(fixture(CASAPAY_COMPLETED), NOW, { requestId: 'req-t1' }));
    expect(emfDocuments()).toEqual([]);
    const [line, ...otherLines] = logLines();
    expect(otherLines).toEqual([]);
    expect(line).toEqual({
      level: 'INFO',
      service: 'idv-webhooks',
      provider: 'casapay',
      requestId: 'req-t1',
      outcome: 'accepted',
      ackMs: expect.any(Number),
    });
    // Per provider, and summed over providers for the alarms, as the EMF documents have them.
    const dimensions = { service: 'idv-webhooks', provider: 'casapay' };
    const service = { service: 'idv-webhooks' };
    expect(derived(line ?? {})).toEqual({
      WebhooksReceived: [
        { value: 1, dimensions },
        { value: 1, dimensions: service },
      ],
      WebhooksAccepted: [
        { value: 1, dimensions },
        { value: 1, dimensions: service },
      ],
      AckLatency: [
        { value: line?.ackMs, dimensions },
        { value: line?.ackMs, dimensions: service },
      ],
    });
    for (const pii of SEED_PII) expect(logs.lines().join('\n')).not.toContain(pii);
  });

  it('counts each rejection under its reason, from the reason in its line', async () => {
    const handle = ingest();
    await handle(
      veriffEvent(fixture('veriff/submitted.json'), { headers: { 'X-AUTH-CLIENT': 'nobody' } }),
    );
    await handle(casapayEvent('{}', new Date(NOW.getTime() - 3_600_000)));
    await handle(veriffEvent('{}', { headers: { 'X-HMAC-SIGNATURE': '00'.repeat(32) } }));
    const metricNames = logLines().flatMap((line) =>
      Object.keys(derived(line)).filter((k) => k.startsWith('Rejected')),
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
    const [timedOut, ...others] = logLines();
    expect(others).toEqual([]);
    expect(timedOut).toMatchObject({
      level: 'ERROR',
      outcome: 'enqueue_failed',
      provider: 'veriff',
      errorName: 'IngestTimeoutError',
    });
    expect(Object.keys(derived(timedOut ?? {})).sort()).toEqual(
      ['AckLatency', 'EnqueueFailed', 'WebhooksReceived'].sort(),
    );

    // The hung SendMessage completes after the answer: it must not count as anything.
    release({ messageId: 'm-1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect((await invoke(casapayEvent('{"second":2}', NOW))).statusCode).toBe(200);
    const next = logLines().slice(1);
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ provider: 'casapay', outcome: 'accepted' });
    expect(derived(next[0] ?? {})).not.toHaveProperty('EnqueueFailed');
  });

  it('keeps the provider dimension to registered names, whatever path is requested', async () => {
    await ingest()(httpApiEvent('x'.repeat(200), '{}'));
    const [line] = logLines();
    expect(derived(line ?? {}).RejectedUnknownProvider).toEqual([
      { value: 1, dimensions: { service: 'idv-webhooks', provider: 'unknown' } },
      { value: 1, dimensions: { service: 'idv-webhooks' } },
    ]);
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
      createMeteredTelemetry(),
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

    // One line per webhook, without Lambda context keys; the message id only where it is acted on.
    expect(logLines()).toHaveLength(4);
    const byRequest = Object.fromEntries(logLines().map((l) => [l.requestId ?? l.messageId, l]));
    expect(Object.keys(byRequest['req-c1'] ?? {}).sort()).toEqual(
      [
        'eventId',
        'lagMs',
        'level',
        'outcome',
        'provider',
        'requestId',
        'service',
        'sessionId',
      ].sort(),
    );
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

    // EMF per batch: one document per provider present, not one per record.
    const documents = emfDocuments();
    expect(documents).toHaveLength(2);
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

describe('publisher telemetry', () => {
  it('writes one line per batch and provider, its EMF document naming its changes; the line per change only at DEBUG', async () => {
    const handler = createPublisherHandler(
      {
        bus: { put: async () => ({ failed: [] }) },
        maxPutAttempts: 1,
        backoff: async () => undefined,
        now: () => new Date(),
      },
      createMeteredTelemetry(),
    );
    const records = [1, 2, 3].map((version) =>
      sessionCommitRecord('vs_p1', version, String(version)),
    );
    await handler({ Records: records } as DynamoDBStreamEvent, lambdaContext('publisher'));
    expect(logLines()).toEqual([]);
    const [document, ...others] = emfDocuments();
    expect(others).toEqual([]);
    expect(emfProblems(document ?? {})).toEqual([]);
    expect(document).toMatchObject({
      provider: 'casapay',
      ChangesPublished: 3,
      changes: 'vs_p1@1 vs_p1@2 vs_p1@3',
    });
  });
});
