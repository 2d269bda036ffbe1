// The processor: the consumer function fed by the webhook queue in batches, reporting partial
// batch failures so that only failed records are redelivered. It may read and write sessions and
// dedupe records, and write quarantine entries; nothing else.
import type { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefaults, WebhookFunction } from './webhook-function.js';

/**
 * The consumer's memory (arm64), sized by `npm run bench`: a batch of 10 takes about 55 ms of CPU
 * at this size. 256 MB would save half a cent per million webhooks and nearly halve what one
 * consumer instance processes per second (docs/benchmarks.md).
 */
export const CONSUMER_MEMORY_MB = 512;

export interface ProcessorProps {
  readonly queue: sqs.IQueue;
  readonly sessions: dynamodb.ITable;
  readonly quarantine: dynamodb.ITable;
  readonly timeout: Duration;
  readonly functionDefaults: FunctionDefaults;
}

export class Processor extends Construct {
  readonly consumer: WebhookFunction;

  constructor(scope: Construct, id: string, props: ProcessorProps) {
    super(scope, id);
    this.consumer = new WebhookFunction(this, 'Consumer', {
      entry: 'consumer.ts',
      description: 'idv-webhooks consumer: deduplicates events and applies session transitions',
      memorySize: CONSUMER_MEMORY_MB,
      timeout: props.timeout,
      defaults: props.functionDefaults,
      environment: {
        SESSIONS_TABLE: props.sessions.tableName,
        QUARANTINE_TABLE: props.quarantine.tableName,
      },
    });
    this.consumer.addEventSource(
      new SqsEventSource(props.queue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    // TransactWriteItems needs PutItem on each item it puts; the session read is a GetItem.
    this.consumer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    this.consumer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.quarantine.tableArn],
      }),
    );
  }
}
