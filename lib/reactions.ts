// Reactions: the sessions table's stream is the outbox. A publisher function, fed by the stream
// through an event source mapping that passes session items only, puts every committed session
// change on an EventBridge bus (created, or yours), which keeps an archive for replays. What the
// mapping gives up on lands in an on-failure queue (docs/reactions.md).
import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHANGE_SOURCE } from '../functions/reactions/session-change.js';
import { type FunctionDefaults, webhookFunction } from './webhook-function.js';

/** The publisher's memory (arm64): a change takes well under a millisecond of CPU (measurement 7). */
export const PUBLISHER_MEMORY_MB = 256;

/**
 * How long the mapping gathers stream records before invoking the publisher: at most a second
 * more before a reaction sees a change, and at 10 webhooks/s about ten records per invocation
 * instead of one (docs/benchmarks.md, measurement 7).
 */
export const PUBLISHER_BATCHING_WINDOW_SECONDS = 1;

/** Default retention of the bus's archive, the window a reaction can be replayed over. */
export const DEFAULT_ARCHIVE_RETENTION_DAYS = 30;

export interface ReactionsProps {
  /** The sessions table; it must have a NEW_AND_OLD_IMAGES stream. */
  readonly sessions: dynamodb.ITable;
  /** Your bus; default a new one. */
  readonly bus?: events.IEventBus | undefined;
  /** How long the archive keeps events; 0 keeps them forever. */
  readonly archiveRetention: Duration;
  readonly memorySize: number;
  readonly functionDefaults: FunctionDefaults;
}

export class Reactions extends Construct {
  readonly bus: events.IEventBus;
  readonly archive: events.Archive;
  readonly publisher: lambda.Function;
  /** Stream batches the mapping gave up on (their shard and sequence numbers), kept 14 days. */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ReactionsProps) {
    super(scope, id);
    this.bus =
      props.bus ??
      new events.EventBus(this, 'Bus', {
        description: 'idv-webhooks: Session Changed events',
      });
    this.archive = new events.Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      description: 'idv-webhooks Session Changed events, for replaying reactions',
      eventPattern: { source: [CHANGE_SOURCE] },
      retention: props.archiveRetention,
    });
    this.failureQueue = new sqs.Queue(this, 'OnFailure', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is itself a dead-letter destination: the stream mapping sends here what it gave up on.',
    });

    this.publisher = webhookFunction(this, 'Publisher', {
      entry: 'publisher',
      description: 'idv-webhooks publisher: puts each committed session change on the event bus',
      memorySize: props.memorySize,
      timeout: Duration.seconds(30),
      defaults: props.functionDefaults,
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
    });
    this.publisher.addEventSource(
      new DynamoEventSource(props.sessions, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(PUBLISHER_BATCHING_WINDOW_SECONDS),
        // One batch per shard at a time keeps each session's changes in stream order.
        parallelizationFactor: 1,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 10,
        // Beyond this a record goes to the on-failure queue; the stream keeps records 24 hours.
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(this.failureQueue),
        // Session writes only: the per-event claims of the first design, expiring by TTL, never
        // invoke the publisher.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { kind: { S: lambda.FilterRule.isEqual('session') } } },
          }),
        ],
      }),
    );
    // PutEvents on this bus and nothing else.
    this.bus.grantPutEventsTo(this.publisher);
    if (this.publisher.role) {
      Validations.of(this.publisher.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams (granted by the stream event source) supports no resource-level permissions; X-Ray neither, when tracing is on.',
      });
    }
  }
}
