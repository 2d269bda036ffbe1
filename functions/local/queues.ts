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

export async function createWebhookQueues(
  sqs: SQSClient,
  name: string,
  visibilityTimeoutSeconds: number,
): Promise<WebhookQueues> {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq`,
      Attributes: { MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_DAYS * 86_400) },
    }),
  );
  const deadLetterQueueUrl = dlq.QueueUrl ?? '';
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: MAX_RECEIVE_COUNT,
        }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl ?? '';
  const queueArn = Attributes?.QueueArn?.replace(/-dlq$/, '') ?? '';
  return { queueUrl, queueArn, deadLetterQueueUrl };
}
