import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { toLambdaRecord } from '../../functions/local/queue-poller.js';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { toSqsMessage } from '../../functions/queue/queued-webhook.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { redrive } from '../../scripts/operations/redrive.js';
import { replayQuarantine } from '../../scripts/operations/replay-quarantine.js';
import type { Targets } from '../../scripts/operations/targets.js';
import { drain, dynamodbClient, freshQueues, freshTables, sqsClient } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';

captureLogs();
const sqs = sqsClient();
const dynamodb = dynamodbClient();

async function localTargets(): Promise<Targets> {
  const queues = await freshQueues(sqs);
  const tables = await freshTables(dynamodb);
  return { mode: 'local', sqs, dynamodb, ...queues, quarantineTable: tables.quarantineTable };
}

const message = (provider: string, body: string, requestId: string) =>
  toSqsMessage({ provider, body: Buffer.from(body), receivedAt: 1_790_000_000_000, requestId });

describe('redrive', () => {
  it('moves every dead-lettered message back unchanged, prints progress, and is safe to repeat', async () => {
    const targets = await localTargets();
    const originals = [1, 2, 3].map((i) =>
      message(
        'casapay',
        casapaySample('verification_session.created', { session: `vs_r${i}`, created: i }),
        `req-${i}`,
      ),
    );
    for (const m of originals)
      await sqs.send(new SendMessageCommand({ QueueUrl: targets.deadLetterQueueUrl, ...m }));
    const lines: string[] = [];

    const dry = await redrive(targets, { dryRun: true, progress: (line) => lines.push(line) });
    expect(dry).toEqual({ waiting: 3, moved: 0, dryRun: true });
    const moved = await redrive(targets, { dryRun: false, progress: (line) => lines.push(line) });
    const again = await redrive(targets, { dryRun: false, progress: (line) => lines.push(line) });

    expect(moved).toEqual({ waiting: 3, moved: 3, dryRun: false });
    expect(again.moved).toBe(0);
    expect(lines).toContain('moved 3');
    const onQueue = await drain(sqs, targets.queueUrl);
    expect(onQueue.map((m) => m.Body).sort()).toEqual(originals.map((m) => m.MessageBody).sort());
    expect(onQueue.map((m) => m.MessageAttributes?.requestId?.StringValue).sort()).toEqual([
      'req-1',
      'req-2',
      'req-3',
    ]);
    expect(await drain(sqs, targets.deadLetterQueueUrl)).toEqual([]);
  });
});

describe('replay-quarantine', () => {
  it('re-submits quarantined messages once they can be read, and deletes their entries', async () => {
    const targets = await localTargets();
    const tables = {
      sessionsTable: (await freshTables(dynamodb)).sessionsTable,
      quarantineTable: targets.quarantineTable,
    };
    // A consumer deployed before Veriff was registered quarantines its events as unknown_provider.
    const withoutVeriff = {
      ...consumerPorts(dynamodb, tables),
      adapters: new Map([...providerAdapters()].filter(([name]) => name !== 'veriff')),
    };
    const session = 'c0ffee00-0000-4000-a000-000000000001';
    const quarantined = [
      veriffSample('started', { session }),
      veriffSample('submitted', { session }),
    ].map((body, i) => message('veriff', body, `req-q${i}`));
    const records = quarantined.map((m, i) => ({
      ...toLambdaRecord(
        { MessageId: `m${i}`, Body: m.MessageBody, MessageAttributes: m.MessageAttributes },
        'arn:aws:sqs:local:0:q',
      ),
    }));
    expect((await consumer(withoutVeriff)(records)).batchItemFailures).toEqual([]);

    const lines: string[] = [];
    const dry = await replayQuarantine(targets, {
      dryRun: true,
      progress: (line) => lines.push(line),
    });
    expect(dry).toMatchObject({
      found: 2,
      replayed: 0,
      byReason: { 'veriff/unknown_provider': 2 },
    });

    const summary = await replayQuarantine(targets, {
      dryRun: false,
      progress: (line) => lines.push(line),
    });
    expect(summary).toMatchObject({ found: 2, replayed: 2, kept: 0 });
    expect(lines.at(-1)).toMatch(/replayed 2 of 2/);
    const scan = await dynamodb.send(
      new ScanCommand({ TableName: targets.quarantineTable, ConsistentRead: true }),
    );
    expect(scan.Items).toEqual([]);

    // The fixed consumer (every provider registered) now applies them, byte for byte as received.
    const replayed = await drain(sqs, targets.queueUrl);
    expect(replayed.map((m) => m.Body).sort()).toEqual(
      quarantined.map((m) => m.MessageBody).sort(),
    );
    await consumer(consumerPorts(dynamodb, tables))(
      replayed.map((m) => toLambdaRecord(m, 'arn:aws:sqs:local:0:q')),
    );
    const store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
    expect(await store.load('veriff', session, { consistent: true })).toMatchObject({
      status: 'submitted',
    });

    // Replaying again finds nothing, and a second replay of the same messages would be duplicates.
    expect(
      (await replayQuarantine(targets, { dryRun: false, progress: () => undefined })).found,
    ).toBe(0);
  });

  it('keeps an entry that is quarantined again while it is being replayed', async () => {
    const targets = await localTargets();
    const ports = consumerPorts(dynamodb, {
      sessionsTable: 'unused',
      quarantineTable: targets.quarantineTable,
    });
    const broken = message('casapay', 'not json at all', 'req-broken');
    const record = toLambdaRecord(
      { MessageId: 'm-b', Body: broken.MessageBody, MessageAttributes: broken.MessageAttributes },
      'arn:aws:sqs:local:0:q',
    );
    await consumer(ports)([record]);
    // The replay's SendMessage is observed by a consumer that quarantines it again at once.
    const racing: Targets = {
      ...targets,
      sqs: Object.assign(Object.create(sqs), {
        send: async (command: Parameters<typeof sqs.send>[0]) => {
          const result = await sqs.send(command);
          await consumer(ports)([{ ...record, messageId: 'm-b2' }]);
          return result;
        },
      }),
    };
    const summary = await replayQuarantine(racing, { dryRun: false, progress: () => undefined });
    expect(summary).toMatchObject({ found: 1, replayed: 0, kept: 1 });
    const scan = await dynamodb.send(
      new ScanCommand({ TableName: targets.quarantineTable, ConsistentRead: true }),
    );
    expect(scan.Items).toHaveLength(1);
  });
});
