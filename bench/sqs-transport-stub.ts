// An SQS transport that answers SendMessage in-process: the SDK still builds, signs, serialises
// and validates every call (its MD5 check of the body included), only the socket is missing.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';

type RequestHandler = Exclude<SQSClientConfig['requestHandler'], undefined>;

interface SendMessageRequestBody {
  readonly MessageBody?: string;
}

const md5Hex = (text: string): string => createHash('md5').update(text).digest('hex');

/** SQS's SendMessage answer (JSON protocol) for the request it was given. */
export function sendMessageResponse(requestBody: string): {
  headers: Record<string, string>;
  body: Buffer;
} {
  const { MessageBody = '' } = JSON.parse(requestBody) as SendMessageRequestBody;
  const body = Buffer.from(
    JSON.stringify({
      // Not checked by the SDK; any digest of the right shape.
      MD5OfMessageAttributes: md5Hex(requestBody),
      MD5OfMessageBody: md5Hex(MessageBody),
      MessageId: randomUUID(),
    }),
  );
  return {
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(body.byteLength),
      'x-amzn-requestid': randomUUID(),
    },
    body,
  };
}

/** A `requestHandler` for SQSClient that never opens a socket. */
export function stubSqsTransport(): RequestHandler {
  const handler = {
    handle: async (request: { body?: string | Uint8Array }) => {
      // A view, not Buffer.from(body): the SDK's JSON body is a Uint8Array whose valueOf() warns.
      const body = request.body ?? '';
      const text =
        typeof body === 'string'
          ? body
          : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      const response = sendMessageResponse(text);
      // A Readable, as the Node HTTP handler hands over an IncomingMessage.
      return {
        response: {
          statusCode: 200,
          headers: response.headers,
          body: Readable.from([response.body]),
        },
      };
    },
  } satisfies RequestHandler;
  return handler;
}
