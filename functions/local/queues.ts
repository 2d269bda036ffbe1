// Creates the webhook queue and its dead-letter queue on an SQS endpoint, wired as the stack wires them.
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  DEAD_LETTER_RETENTION_DAYS,
  MAX_MESSAGE_BYTES,
  MAX_RECEIVE_COUNT,
} from '../queue/topology.js';

export interface WebhookQueues {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
}

/** A queue's ARN, as SQS reports it. */
export async function queueArnOf(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`no ARN for ${queueUrl}`);
  return arn;
}

/**
 * A queue and its dead-letter queue. `maxReceiveCount` defaults to the webhook queue's; the
 * report retrieval queue takes more deliveries (lib/reports.ts).
 */
export async function createWebhookQueues(
  sqs: SQSClient,
  name: string,
  visibilityTimeoutSeconds: number,
  maxReceiveCount: number = MAX_RECEIVE_COUNT,
): Promise<WebhookQueues> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq`,
      Attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 86_400) },
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl ?? '';
  const deadLetterQueueArn = await queueArnOf(sqs, deadLetterQueueUrl);
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterQueueArn,
          maxReceiveCount,
        }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  return { queueUrl, queueArn: await queueArnOf(sqs, queueUrl), deadLetterQueueUrl };
}
