// The floor of the cold-start measurement: the barest ingest that does the job, verifying one
// HMAC and sending one SQS message with the same SDK, bundled like the real functions.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const queueUrl = process.env.QUEUE_URL ?? '';
const secret = process.env.FLOOR_SHARED_SECRET ?? '';

interface FloorRequest {
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

export const handler = async (request: FloorRequest): Promise<{ statusCode: number }> => {
  const body = Buffer.from(request.body ?? '', 'utf8');
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(request.headers?.['x-hmac-signature'] ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { statusCode: 401 };
  }
  await sqs.send(
    new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body.toString('utf8') }),
  );
  return { statusCode: 200 };
};
