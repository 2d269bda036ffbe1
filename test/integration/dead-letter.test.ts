import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { startQueuePoller, toLambdaRecord } from '../../functions/local/queue-poller.js';
import { casapaySample } from '../../functions/local/samples.js';
import { toSqsMessage } from '../../functions/queue/queued-webhook.js';
import { MAX_RECEIVE_COUNT } from '../../functions/queue/topology.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { redrive } from '../../scripts/operations/redrive.js';
import { drain, dynamodbClient, freshQueues, freshTables, sqsClient } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { injectFault, serviceUnavailable } from '../support/sdk-faults.js';

captureLogs();

describe('poison messages', () => {
  it(`reach the dead-letter queue after ${MAX_RECEIVE_COUNT} failed deliveries, untouched, and redrive harmlessly`, async () => {
    const sqs = sqsClient();
    const dynamodb = dynamodbClient();
    const queues = await freshQueues(sqs, 1);
    const tables = await freshTables(dynamodb);
    // Every commit for this session fails, as during a long outage of its partition.
    const removeFault = injectFault(
      dynamodb,
      ({ input }) => JSON.stringify(input).includes('vs_poison'),
      serviceUnavailable,
    );
    const handle = consumer(consumerPorts(dynamodb, tables));
    let deliveries = 0;
    const poller = startQueuePoller({
      sqs,
      queueUrl: queues.queueUrl,
      queueArn: queues.queueArn,
      handler: async (event) => {
        deliveries += event.Records.length;
        return handle(event.Records);
      },
    });
    const message = toSqsMessage({
      provider: 'casapay',
      body: Buffer.from(
        casapaySample('verification_session.created', { session: 'vs_poison', created: 1 }),
      ),
      receivedAt: 1,
      requestId: 'req-poison',
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.queueUrl, ...message }));

    const deadline = Date.now() + 20_000;
    let dead = await drain(sqs, queues.deadLetterQueueUrl);
    while (dead.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      dead = await drain(sqs, queues.deadLetterQueueUrl);
    }
    await poller.stop();

    expect(deliveries).toBe(MAX_RECEIVE_COUNT);
    expect(dead).toHaveLength(1);
    expect(dead[0]?.Body).toBe(message.MessageBody);
    expect(dead[0]?.MessageAttributes?.requestId?.StringValue).toBe('req-poison');
    expect(await drain(sqs, queues.queueUrl)).toEqual([]);

    // The outage ends; redrive brings the message back, and a second copy of it is harmless.
    removeFault();
    for (const copy of [message, message])
      await sqs.send(new SendMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, ...copy }));
    const targets = {
      mode: 'local' as const,
      sqs,
      dynamodb,
      ...queues,
      quarantineTable: tables.quarantineTable,
    };
    expect((await redrive(targets, { dryRun: false, progress: () => undefined })).moved).toBe(2);
    // The stopped poller's last long poll may still hold a message for a visibility timeout (1 s).
    let redriven = await drain(sqs, queues.queueUrl);
    while (redriven.length < 2 && Date.now() < deadline + 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      redriven = [...redriven, ...(await drain(sqs, queues.queueUrl))];
    }
    expect(redriven).toHaveLength(2);
    const first = await handle(redriven.map((m) => toLambdaRecord(m, queues.queueArn)));
    expect(first.batchItemFailures).toEqual([]);
    const store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
    expect(await store.load('casapay', 'vs_poison', { consistent: true })).toMatchObject({
      status: 'created',
      version: 1,
    });
    expect((await redrive(targets, { dryRun: false, progress: () => undefined })).moved).toBe(0);
  });
});
