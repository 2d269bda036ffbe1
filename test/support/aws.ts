// SDK clients and throwaway resources on the local emulators, for integration tests.
import { randomUUID } from 'node:crypto';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { createWebhookQueues, type WebhookQueues } from '../../functions/local/queues.js';

export const sqsClient = (endpoint = inject('sqsEndpoint')): SQSClient =>
  new SQSClient({ ...LOCAL_AWS, endpoint });

/** A fresh queue pair per test, so tests never see each other's messages. */
export async function freshQueues(
  sqs: SQSClient,
  visibilityTimeoutSeconds = 30,
): Promise<WebhookQueues> {
  return createWebhookQueues(sqs, `test-${randomUUID().slice(0, 8)}`, visibilityTimeoutSeconds);
}

/** Receives everything currently on a queue (several short polls, since SQS returns at most 10). */
export async function drain(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
  }
}
