// SDK clients and throwaway resources on the local emulators, for integration tests.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { createWebhookQueues, type WebhookQueues } from '../../functions/local/queues.js';
import { createTables, type TableNames } from '../../functions/local/tables.js';
import { recordAwsCalls } from './aws-calls.js';

/** Every client records the calls the functions' code makes with it (test/support/aws-calls). */
export const sqsClient = (endpoint = inject('sqsEndpoint')): SQSClient =>
  recordAwsCalls(new SQSClient({ ...LOCAL_AWS, endpoint }));

export const dynamodbClient = (endpoint = inject('dynamodbEndpoint')): DynamoDBClient =>
  recordAwsCalls(new DynamoDBClient({ ...LOCAL_AWS, endpoint }));

/** Fresh tables per test file, so tests never see each other's sessions. */
export async function freshTables(dynamodb: DynamoDBClient): Promise<TableNames> {
  const suffix = randomUUID().slice(0, 8);
  const names = { sessionsTable: `sessions-${suffix}`, quarantineTable: `quarantine-${suffix}` };
  await createTables(dynamodb, names);
  return names;
}

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
