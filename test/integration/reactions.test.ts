// The outbox on DynamoDB Local's stream: the real consumer commits, the local stream poller feeds
// the real publisher handler, as the event source mapping does on AWS. Every published event is
// checked against the JSON Schema users are given.
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { LocalChangeBus } from '../../functions/local/local-bus.js';
import { casapaySample } from '../../functions/local/samples.js';
import { type StreamPoller, startStreamPoller } from '../../functions/local/stream-poller.js';
import type { TableNames } from '../../functions/local/tables.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import type { ChangeBus } from '../../functions/reactions/publish-changes.js';
import { createPublisherHandler } from '../../functions/reactions/publisher-handler.js';
import type { SessionChangedEnvelope } from '../../functions/reactions/session-change.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { EVENT_SOURCE, forFunction, recordAwsCalls } from '../support/aws-calls.js';
import { captureLogs } from '../support/capture-logs.js';
import { expectSessionChanged } from '../support/change-schema.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { sqsRecord } from '../support/sqs-records.js';

captureLogs();
const dynamodb = dynamodbClient();
const streams = recordAwsCalls(
  new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: inject('dynamodbEndpoint') }),
);
let tables: TableNames;
let pollers: StreamPoller[] = [];

beforeEach(async () => {
  tables = await freshTables(dynamodb);
});
afterEach(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  pollers = [];
});

/**
 * Publishes the sessions table's stream to a local bus, through `wrap` (a faulty bus in front of
 * it); collects what reaches the bus.
 */
async function publish(wrap: (bus: LocalChangeBus) => ChangeBus = (bus) => bus) {
  const local = new LocalChangeBus();
  const bus = wrap(local);
  const published: SessionChangedEnvelope[] = [];
  local.subscribe((envelope) => {
    expectSessionChanged(envelope);
    published.push(envelope);
  });
  const givenUp: DynamoDBRecord[] = [];
  const handler = createPublisherHandler(
    { bus, maxPutAttempts: 3, backoff: async () => undefined, now: () => new Date() },
    createMeteredTelemetry(),
  );
  pollers.push(
    startStreamPoller({
      dynamodb,
      // The mapping reads the stream with the publisher's role (the IAM coverage audit checks it).
      streams: forFunction(streams, 'publisher', { [EVENT_SOURCE]: await streamArn() }),
      tableName: tables.sessionsTable,
      handler,
      batchSize: 100,
      retryAttempts: 2,
      idleMs: 50,
      onGiveUp: (record) => givenUp.push(record),
      onError: () => undefined,
    }),
  );
  return { published, givenUp };
}

const streamArn = async () =>
  (await dynamodb.send(new DescribeTableCommand({ TableName: tables.sessionsTable }))).Table
    ?.LatestStreamArn ?? '';

/** A bus that refuses every entry while `refusing()` holds, then hands them to `inner`. */
function flaky(inner: LocalChangeBus, refusing: (call: number) => boolean): ChangeBus {
  let calls = 0;
  return {
    put: async (changes) => {
      calls++;
      return refusing(calls) ? { failed: changes.map((_, i) => i) } : inner.put(changes);
    },
  };
}

async function until<T>(read: () => T, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const webhook = (type: Parameters<typeof casapaySample>[0], session: string, at: number) =>
  sqsRecord({
    provider: 'casapay',
    body: casapaySample(type, {
      session,
      created: 1_706_140_800 + at,
      eventId: `evt_${session}_${at}`,
    }),
  });
const consume = (records: ReturnType<typeof webhook>[], ports = consumerPorts(dynamodb, tables)) =>
  consumer(ports)(records);

describe('session changes from the stream (DynamoDB Local)', () => {
  it('publishes a committed write even when the consumer crashed right after committing', async () => {
    const ports = consumerPorts(dynamodb, tables);
    // The session write reaches DynamoDB, then the consumer dies before it can answer.
    const name = 'crash-after-commit';
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        if (
          context.commandName === 'PutItemCommand' &&
          String((args.input as { Item?: { kind?: { S?: string } } }).Item?.kind?.S) === 'session'
        ) {
          throw new Error('injected: crashed after the commit');
        }
        return result;
      },
      { step: 'initialize', name },
    );
    const record = webhook('verification_session.pending', 'vs_crash', 1);
    try {
      expect((await consume([record], ports)).batchItemFailures).toHaveLength(1);
    } finally {
      dynamodb.middlewareStack.remove(name);
    }
    const { published } = await publish();
    await until(
      () => published.length,
      (n) => n > 0,
    );
    // SQS redelivers; the redelivery is a duplicate, which commits and publishes nothing.
    expect((await consume([record])).batchItemFailures).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(published.map((e) => [e.detail.sessionId, e.detail.version, e.detail.status])).toEqual([
      ['vs_crash', 1, 'pending'],
    ]);
  });

  it('republishes a redelivered stream batch with the same change ids', async () => {
    await consume([webhook('verification_session.created', 'vs_again', 0)]);
    await consume([webhook('verification_session.pending', 'vs_again', 1)]);
    const first = await publish();
    await until(
      () => first.published.length,
      (n) => n >= 2,
    );
    // A second reader from the start of the stream stands for Lambda delivering the batch again.
    const second = await publish();
    await until(
      () => second.published.length,
      (n) => n >= 2,
    );
    const ids = (list: SessionChangedEnvelope[]) => list.map((e) => e.detail.changeId);
    expect(ids(second.published)).toEqual(ids(first.published));
    expect(new Set(ids(first.published)).size).toBe(2);
    // EventBridge gives every put its own envelope id; the change id is what stays.
    expect(second.published[0]?.id).not.toBe(first.published[0]?.id);
  });

  it('puts again what the bus refused, in-process first, then by handing the batch back', async () => {
    await consume([webhook('verification_session.created', 'vs_flaky', 0)]);
    await consume([webhook('verification_session.pending', 'vs_flaky', 1)]);
    // Four refusals: more than the handler's three puts, so Lambda's retry has to take over.
    const { published, givenUp } = await publish((bus) => flaky(bus, (call) => call <= 4));
    await until(
      () => published.length,
      (n) => n >= 2,
    );
    expect(published.map((e) => e.detail.version)).toEqual([1, 2]);
    expect(givenUp).toEqual([]);
  });

  it('sets a record it cannot read aside and publishes the ones after it', async () => {
    await dynamodb.send(
      new PutItemCommand({
        TableName: tables.sessionsTable,
        Item: {
          pk: { S: 'session#casapay#vs_poison' },
          kind: { S: 'session' },
          history: { S: '{' },
        },
      }),
    );
    await consume([webhook('verification_session.created', 'vs_after', 0)]);
    const { published, givenUp } = await publish();
    await until(
      () => published.length,
      (n) => n >= 1,
    );
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]?.dynamodb?.Keys?.pk).toEqual({ S: 'session#casapay#vs_poison' });
    expect(published.map((e) => e.detail.sessionId)).toEqual(['vs_after']);
  });

  it('publishes each session’s changes in version order', async () => {
    const types = [
      'verification_session.created',
      'verification_session.pending',
      'verification_session.processing',
      'verification_session.completed',
    ] as const;
    const { published } = await publish();
    for (const [at, type] of types.entries()) {
      await consume([webhook(type, 'vs_order_a', at), webhook(type, 'vs_order_b', at)]);
    }
    await until(
      () => published.length,
      (n) => n >= 8,
    );
    for (const session of ['vs_order_a', 'vs_order_b']) {
      const versions = published
        .filter((e) => e.detail.sessionId === session)
        .map((e) => e.detail.version);
      expect(versions).toEqual([1, 2, 3, 4]);
    }
    expect(published.find((e) => e.detail.version === 4)?.detail).toMatchObject({
      status: 'completed',
      previousStatus: 'processing',
    });
  });
});
