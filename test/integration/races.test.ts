// Consumers racing: N consumers process thousands of events of the same sessions in parallel
// against DynamoDB Local, with duplicates and arbitrary batching. No update may be lost, every
// event must be recorded once, and the optimistic-concurrency retries must stay bounded.

import { paginateScan } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processBatch } from '../../functions/processing/process-batch.js';
import { MAX_RECEIVE_COUNT } from '../../functions/queue/topology.js';
import { jitteredBackoff } from '../../functions/sessions/record-events.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { consumerPorts } from '../support/consumer.js';
import { expectSessionsMatchModel } from '../support/model-check.js';
import { byProfile } from '../support/profile.js';
import { sqsRecord } from '../support/sqs-records.js';
import {
  casapayWebhook,
  type GeneratedWebhook,
  veriffWebhook,
} from '../support/webhook-arbitraries.js';

const CONSUMERS = byProfile(4, 8);
const EVENTS = byProfile(1_000, 10_000);
const SESSIONS = byProfile(8, 30);

function generateWebhooks(): GeneratedWebhook[] {
  const casapaySessions = Array.from({ length: SESSIONS / 2 }, (_, i) => `vs_race_${i}`);
  const veriffSessions = Array.from(
    { length: SESSIONS / 2 },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  const attempts = Array.from({ length: 12 }, (_, i) => `attempt-${i}`);
  const [webhooks] = fc.sample(
    fc.uniqueArray(
      fc.oneof(casapayWebhook(casapaySessions), veriffWebhook(veriffSessions, attempts)),
      {
        selector: (w) => `${w.provider}#${w.event.eventId}`,
        minLength: EVENTS,
        maxLength: EVENTS,
      },
    ),
    { numRuns: 1, seed: 20261124 },
  );
  return webhooks ?? [];
}

describe(`${CONSUMERS} consumers racing on ${SESSIONS} sessions`, () => {
  it(`record ${EVENTS} events (and 20% duplicates) exactly once, as the model says`, async () => {
    const dynamodb = dynamodbClient();
    const tables = await freshTables(dynamodb);
    const webhooks = generateWebhooks();
    const duplicates = webhooks.filter((_, i) => i % 5 === 0);
    const [shuffled = []] = fc.sample(
      fc.shuffledSubarray([...webhooks, ...duplicates], {
        minLength: webhooks.length + duplicates.length,
      }),
      { numRuns: 1, seed: 7 },
    );
    const queue: { record: SQSRecord; deliveries: number }[] = shuffled.map((w, i) => ({
      record: sqsRecord({ provider: w.provider, body: w.body, requestId: `r-${i}` }),
      deliveries: 0,
    }));

    const attempts: number[] = [];
    let maxDeliveries = 0;
    let redelivered = 0;
    const started = performance.now();
    const consumer = async () => {
      // Each consumer has its own client, as each Lambda container does.
      const ports = {
        ...consumerPorts(dynamodbClient(), tables),
        recording: { maxAttempts: 5, now: () => new Date(), backoff: jitteredBackoff(10) },
      };
      for (;;) {
        const batch = queue.splice(0, 1 + Math.floor(Math.random() * 10));
        if (batch.length === 0) return;
        for (const item of batch) item.deliveries++;
        const result = await processBatch(
          batch.map((b) => b.record),
          ports,
        );
        attempts.push(...result.attempts.map((a) => a.attempts));
        for (const item of batch.filter((b) => result.failures.includes(b.record.messageId))) {
          redelivered++;
          maxDeliveries = Math.max(maxDeliveries, item.deliveries + 1);
          queue.push(item);
        }
      }
    };
    await Promise.all(Array.from({ length: CONSUMERS }, consumer));
    const seconds = (performance.now() - started) / 1000;

    const store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
    await expectSessionsMatchModel(store, webhooks);
    // A scan page stops at 1 MB: count every page.
    let items = 0;
    for await (const page of paginateScan(
      { client: dynamodb },
      { TableName: tables.sessionsTable, Select: 'COUNT' },
    )) {
      items += page.Count ?? 0;
    }
    // One item per session, and every distinct event in its history exactly once.
    expect(items).toBe(SESSIONS);
    const entries = await Promise.all(
      [...new Set(webhooks.map((w) => `${w.provider}#${w.event.sessionId}`))].map(async (key) => {
        const [provider = '', sessionId = ''] = key.split('#');
        const session = await store.load(provider, sessionId, { consistent: true });
        return session?.events.length ?? 0;
      }),
    );
    expect(entries.reduce((a, b) => a + b, 0)).toBe(webhooks.length);
    expect(maxDeliveries).toBeLessThan(MAX_RECEIVE_COUNT);

    const histogram: Record<number, number> = {};
    for (const rounds of attempts) histogram[rounds] = (histogram[rounds] ?? 0) + 1;
    console.log(
      `races: ${CONSUMERS} consumers, ${webhooks.length + duplicates.length} deliveries of ${webhooks.length} events over ${SESSIONS} sessions in ${seconds.toFixed(1)} s ` +
        `(${Math.round((webhooks.length + duplicates.length) / seconds)} deliveries/s); commit rounds per session group ${JSON.stringify(histogram)}; ` +
        `records redelivered ${redelivered}, most deliveries of one record ${Math.max(1, maxDeliveries)}`,
    );
  });
});
