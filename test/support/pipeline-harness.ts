// Runs a fixed webhook scenario through the real ingest and consumer handlers against the local
// emulators, playing the parts AWS plays: a provider that retries until it gets a 200, and an SQS
// event source that redelivers what was not acknowledged (at once, instead of after the
// visibility timeout). A FaultPlan on our SDK clients makes one call fail.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { toLambdaRecord } from '../../functions/local/queue-poller.js';
import type { TableNames } from '../../functions/local/tables.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import { createConsumerHandler } from '../../functions/processing/consumer-handler.js';
import { INGEST_SQS_CLIENT_CONFIG } from '../../functions/queue/webhook-queue.js';
import { EVENT_SOURCE, forFunction, recordAwsCalls } from './aws-calls.js';
import { consumerPorts } from './consumer.js';
import type { FaultPlan } from './fault-plan.js';
import { ingestQueue, testIngest } from './ingest.js';
import { casapayEvent, lambdaContext, veriffEvent } from './webhooks.js';

export interface ScenarioWebhook {
  readonly provider: 'casapay' | 'veriff';
  readonly body: string;
}

export interface BatchObservation {
  readonly messageIds: readonly string[];
  readonly failures: readonly string[];
  /** The fault plan's hit, when it happened during this batch. */
  readonly hitDuringBatch: boolean;
  readonly died: boolean;
  /** messageId -> the session (provider#sessionId) or quarantine it belongs to, per the body. */
  readonly records: readonly {
    readonly messageId: string;
    readonly body: string;
    readonly provider: string;
  }[];
}

export interface ScenarioRun {
  /** requestIds the ingest answered 200 for (and the provider therefore stopped retrying). */
  readonly accepted: readonly string[];
  /** requestIds seen by the consumer in a message. */
  readonly consumed: ReadonlySet<string>;
  readonly batches: readonly BatchObservation[];
  readonly deliveries: number;
}

const MAX_PROVIDER_ATTEMPTS = 5;
const MAX_ROUNDS = 50;

export async function runScenario(options: {
  webhooks: readonly ScenarioWebhook[];
  plan: FaultPlan;
  sqsEndpoint: string;
  dynamodb: DynamoDBClient;
  tables: TableNames;
  queueUrl: string;
}): Promise<ScenarioRun> {
  const { plan } = options;
  const sqsForIngest = plan.attach(
    recordAwsCalls(
      new SQSClient({ ...LOCAL_AWS, ...INGEST_SQS_CLIENT_CONFIG, endpoint: options.sqsEndpoint }),
    ),
    'sqs',
  );
  // Lambda's event source mapping polls with the consumer's role.
  const eventSource = forFunction(
    recordAwsCalls(
      new SQSClient({ ...LOCAL_AWS, endpoint: options.sqsEndpoint, useQueueUrlAsEndpoint: false }),
    ),
    'consumer',
    { [EVENT_SOURCE]: options.queueUrl },
  );
  const telemetry = createMeteredTelemetry();
  const { invoke: ingest } = testIngest({
    queue: ingestQueue(sqsForIngest, options.queueUrl),
  });
  const consumer = createConsumerHandler(
    consumerPorts(options.dynamodb, options.tables),
    telemetry,
  );

  // The provider: delivers each webhook until it is answered 200.
  const accepted: string[] = [];
  for (const webhook of options.webhooks) {
    for (let attempt = 1; attempt <= MAX_PROVIDER_ATTEMPTS; attempt++) {
      const requestId = randomUUID();
      const event =
        webhook.provider === 'casapay'
          ? casapayEvent(webhook.body, new Date(), { requestId })
          : veriffEvent(webhook.body, { requestId });
      const response = await ingest(event);
      const died = plan.crashed;
      plan.crashed = false;
      if (!died && response.statusCode === 200) {
        accepted.push(requestId);
        break;
      }
    }
  }

  // The SQS event source: batches of up to 10; what is not acknowledged comes back.
  const consumed = new Set<string>();
  const batches: BatchObservation[] = [];
  let deliveries = 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { Messages = [] } = await eventSource.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    deliveries += Messages.length;
    const records = Messages.map((m) =>
      toLambdaRecord(m, 'arn:aws:sqs:us-east-1:000000000000:scenario'),
    );
    for (const r of records) consumed.add(r.messageAttributes.requestId?.stringValue ?? '');
    const hitBefore = plan.hit;
    let response: { batchItemFailures: { itemIdentifier: string }[] } | undefined;
    try {
      response = (await consumer(
        { Records: records },
        lambdaContext('consumer'),
      )) as typeof response;
    } catch {
      response = undefined; // the whole invocation failed: every record comes back
    }
    const died = plan.crashed || response === undefined;
    plan.crashed = false;
    const failures = died
      ? records.map((r) => r.messageId)
      : (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
    batches.push({
      messageIds: records.map((r) => r.messageId),
      failures,
      hitDuringBatch: hitBefore === undefined && plan.hit !== undefined,
      died,
      records: records.map((r) => ({
        messageId: r.messageId,
        body: r.body,
        provider: r.messageAttributes.provider?.stringValue ?? '',
      })),
    });
    const done = records.filter((r) => !failures.includes(r.messageId));
    const again = records.filter((r) => failures.includes(r.messageId));
    if (done.length > 0) {
      await eventSource.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
    if (again.length > 0) {
      await eventSource.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: again.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }
  return { accepted, consumed, batches, deliveries };
}
