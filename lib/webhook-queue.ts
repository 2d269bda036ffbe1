// The durable buffer between intake and processing: an encrypted, TLS-only standard queue whose
// poison messages move to a dead-letter queue after a bounded number of deliveries.
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEAD_LETTER_RETENTION_DAYS,
  MAX_MESSAGE_BYTES,
  MAX_RECEIVE_COUNT,
  QUEUE_RETENTION_DAYS,
} from '../functions/queue/topology.js';

export interface WebhookQueueProps {
  /** The consumer's timeout; the visibility timeout is six times it, as AWS recommends for Lambda. */
  readonly consumerTimeout: Duration;
}

export class WebhookQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WebhookQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(DEAD_LETTER_RETENTION_DAYS),
      maxMessageSizeBytes: MAX_MESSAGE_BYTES,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
      maxMessageSizeBytes: MAX_MESSAGE_BYTES,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }
}
