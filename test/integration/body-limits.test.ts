// The largest body limit the configuration accepts is one the whole pipeline can hold: a body
// of that size that the consumer cannot read is set aside whole in one quarantine item.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROVIDER_NAMES } from '../../functions/providers/registry.js';
import {
  largestQueueableBodyFor,
  MAX_REQUEST_ID_BYTES,
  toSqsMessage,
} from '../../functions/queue/queued-webhook.js';
import { LARGEST_BODY_LIMIT_BYTES } from '../../functions/queue/topology.js';
import { DynamoDbQuarantine } from '../../functions/storage/quarantine.js';
import { dynamodbClient, freshTables } from '../support/aws.js';

const dynamodb = dynamodbClient();

/** What the consumer sets aside for an unreadable body of `bytes` bytes, in its worst encoding. */
function unreadable(bytes: number) {
  const message = toSqsMessage({
    provider: 'veriff',
    // 0xff is never UTF-8: the message body is base64, the largest it can be.
    body: Buffer.alloc(bytes, 0xff),
    receivedAt: Date.now(),
    requestId: 'r'.repeat(MAX_REQUEST_ID_BYTES),
  });
  return {
    messageId: randomUUID(),
    messageBody: message.MessageBody,
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes).map(([name, a]) => [name, a.StringValue]),
    ),
    provider: 'veriff',
    reason: 'not_json' as const,
    detail: 'integrations.0.sharedSecret: expected string',
  };
}

describe('body limit and quarantine', () => {
  it('sets aside a body at the largest accepted limit, where one at the SQS bound would not fit', async () => {
    const { quarantineTable } = await freshTables(dynamodb);
    const quarantine = new DynamoDbQuarantine(dynamodb, quarantineTable);
    await quarantine.keep(unreadable(LARGEST_BODY_LIMIT_BYTES));
    // SQS alone would take this one; DynamoDB's 400 KB item would not.
    await expect(
      quarantine.keep(unreadable(largestQueueableBodyFor(PROVIDER_NAMES))),
    ).rejects.toThrow(/size/i);
  });
});
