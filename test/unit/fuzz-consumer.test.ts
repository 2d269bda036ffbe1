// Hostile queue messages for the consumer: arbitrary and mutated bodies, attributes that lie or are
// missing, prototype keys, numbers as strings, deep nesting, absurd ids. Every message must end
// applied, stale, duplicate or quarantined: never a crash, never a failure SQS would retry forever.

import type { SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { processBatch } from '../../functions/processing/process-batch.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import type { QuarantinedMessage } from '../../functions/storage/quarantine.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { byProfile, GENERATED_INPUTS_TIMEOUT_MS } from '../support/profile.js';
import { sqsRecord } from '../support/sqs-records.js';

const MESSAGES = byProfile(3_000, 60_000);

/** Valid payloads with one field replaced by something hostile. */
const mutated = fc
  .tuple(
    fc.constantFrom(
      JSON.parse(
        casapaySample('document_upload.processed', { session: 'vs_z', created: 1 }),
      ) as Record<string, unknown>,
      JSON.parse(
        casapaySample('verification_session.pending', { session: 'vs_z', created: 1 }),
      ) as Record<string, unknown>,
      JSON.parse(veriffSample('flow_cancelled', { session: 's-z' })) as Record<string, unknown>,
    ),
    fc.constantFrom(
      'id',
      'type',
      'created',
      'data',
      'code',
      'attemptId',
      'context',
      '__proto__',
      'constructor',
    ),
    fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(
        '7002',
        '1706140800',
        '',
        'x'.repeat(300),
        null,
        [],
        { __proto__: { polluted: true } },
        { id: '__proto__' },
      ),
    ),
  )
  .map(([payload, key, value]) => {
    const copy: Record<string, unknown> = JSON.parse(JSON.stringify(payload));
    Object.defineProperty(copy, key, {
      value,
      enumerable: true,
      configurable: true,
      writable: true,
    });
    return JSON.stringify(copy);
  });

const bodies = fc.oneof(
  { weight: 3, arbitrary: mutated },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      casapaySample('identity_check.passed', { session: 'vs_ok', created: 2 }),
      veriffSample('started', { session: 's-ok' }),
    ),
  },
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v) ?? ''),
  fc.integer({ min: 1, max: 50_000 }).map((d) => `${'{"data":'.repeat(d)}{}${'}'.repeat(d)}`),
  fc.constant(
    '{"__proto__":{"sessionId":"vs_evil"},"id":"evt_p","type":"verification_session.created","created":1,"data":{"object":{"id":"__proto__","object":"verification_session"}}}',
  ),
);

const records: fc.Arbitrary<SQSRecord> = fc
  .record({
    body: bodies,
    provider: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('casapay', 'veriff') },
      fc.constantFrom('stripe', '__proto__', ''),
    ),
    receivedAt: fc.oneof(
      { weight: 8, arbitrary: fc.constant('1790000000000') },
      fc.constantFrom('NaN', '', '-1', '1e999'),
    ),
    bodyEncoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant('utf8') },
      fc.constantFrom('base64', 'gzip', undefined),
    ),
    dropAttributes: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, fc.constant(true)),
  })
  .map((r) => {
    const record = sqsRecord({ provider: r.provider, body: r.body });
    const attributes = { ...record.messageAttributes };
    if (attributes.receivedAt)
      attributes.receivedAt = { ...attributes.receivedAt, stringValue: r.receivedAt };
    if (r.bodyEncoding === undefined) delete attributes.bodyEncoding;
    else if (attributes.bodyEncoding)
      attributes.bodyEncoding = { ...attributes.bodyEncoding, stringValue: r.bodyEncoding };
    return { ...record, messageAttributes: r.dropAttributes ? {} : attributes };
  });

describe('consumer under hostile queue messages', () => {
  it(
    `settles ${MESSAGES} arbitrary messages without a crash or an endless retry`,
    async () => {
      const quarantined: QuarantinedMessage[] = [];
      const ports = {
        adapters: providerAdapters(),
        sessions: new InMemorySessionStore(),
        quarantine: { keep: async (message: QuarantinedMessage) => void quarantined.push(message) },
        now: () => new Date(),
        recording: { maxAttempts: 3, now: () => new Date(), backoff: async () => undefined },
      };
      const outcomes: Record<string, number> = {};
      const batches = Math.ceil(MESSAGES / 10);
      await fc.assert(
        fc.asyncProperty(fc.array(records, { minLength: 10, maxLength: 10 }), async (batch) => {
          const result = await processBatch(batch, ports);
          expect(result.failures).toEqual([]);
          expect(result.outcomes.map((o) => o.messageId).sort()).toEqual(
            batch.map((r) => r.messageId).sort(),
          );
          for (const o of result.outcomes) outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
          // The same messages again settle the same way: nothing is left to retry.
          expect((await processBatch(batch, ports)).failures).toEqual([]);
        }),
        { numRuns: batches },
      );
      console.log(`consumer fuzz: ${batches * 10} messages, outcomes ${JSON.stringify(outcomes)}`);
      expect(outcomes.quarantined).toBeGreaterThan(0);
      expect(outcomes.applied).toBeGreaterThan(0);
      // A quarantine entry names where the problem is, never a value from the body.
      for (const entry of quarantined)
        expect(entry.detail ?? '').toMatch(/^[\w.$[\]"():<>= -]{0,160}$/);
      expect(Object.prototype).not.toHaveProperty('polluted');
      expect(Object.prototype).not.toHaveProperty('sessionId');
    },
    GENERATED_INPUTS_TIMEOUT_MS,
  );
});
