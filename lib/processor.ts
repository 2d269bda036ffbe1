// The processor: the consumer function fed by the webhook queue in batches, reporting partial
// batch failures so that only failed records are redelivered. It may read and write sessions and
// dedupe records, and write quarantine entries; nothing else.
import type { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type FunctionDefaults, webhookFunction } from './webhook-function.js';

/**
 * The consumer's memory (arm64), sized by `npm run bench`: a batch of 10 takes about 55 ms of CPU
 * at this size. 256 MB would save half a cent per million webhooks and nearly halve what one
 * consumer instance processes per second (docs/benchmarks.md).
 */
export const CONSUMER_MEMORY_MB = 512;

/**
 * Concurrent consumer invocations the event source may run: enough to drain a backlog at about
 * ten times the API's default rate limit, few enough that a backlog never takes the account's
 * concurrency from the ingest (docs/operations.md, "Concurrency").
 */
export const DEFAULT_CONSUMER_MAX_CONCURRENCY = 10;

export interface ProcessorProps {
  readonly queue: sqs.IQueue;
  readonly sessions: dynamodb.ITable;
  readonly quarantine: dynamodb.ITable;
  readonly timeout: Duration;
  readonly memorySize: number;
  /** The event source mapping's maximum concurrency (2 to 1000). */
  readonly maxConcurrency: number;
  readonly functionDefaults: FunctionDefaults;
  /** More configuration for the consumer (the Standard Webhooks sources it reads). */
  readonly environment?: Readonly<Record<string, string>>;
}

export class Processor extends Construct {
  readonly consumer: lambda.Function;

  constructor(scope: Construct, id: string, props: ProcessorProps) {
    super(scope, id);
    this.consumer = webhookFunction(this, 'Consumer', {
      entry: 'consumer',
      description: 'idv-webhooks consumer: deduplicates events and applies session transitions',
      memorySize: props.memorySize,
      timeout: props.timeout,
      defaults: props.functionDefaults,
      environment: {
        SESSIONS_TABLE: props.sessions.tableName,
        QUARANTINE_TABLE: props.quarantine.tableName,
        ...props.environment,
      },
    });
    this.consumer.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
    // The session read is a GetItem; the commit is a conditional PutItem of the session, whose
    // history is the deduplication (functions/storage/dynamodb-session-store.ts).
    this.consumer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    // Quarantining is one UpdateItem that counts deliveries (functions/storage/quarantine.ts).
    this.consumer.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [props.quarantine.tableArn],
      }),
    );
  }
}
