// Lambda SQS records as the event source mapping delivers the ingest's messages.
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { type QueuedWebhook, toSqsMessage } from '../../functions/queue/queued-webhook.js';

export function sqsRecord(
  webhook: Omit<Partial<QueuedWebhook>, 'body'> & { body: string | Uint8Array },
  messageId = randomUUID(),
): SQSRecord {
  const message = toSqsMessage({
    provider: 'casapay',
    receivedAt: Date.now(),
    requestId: randomUUID(),
    ...webhook,
    body: typeof webhook.body === 'string' ? Buffer.from(webhook.body) : webhook.body,
  });
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body: message.MessageBody,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes).map(([name, value]) => [
        name,
        {
          stringValue: value.StringValue,
          dataType: value.DataType,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:idv-webhooks',
    awsRegion: 'us-east-1',
  };
}
