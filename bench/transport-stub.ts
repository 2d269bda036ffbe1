// AWS transports that answer in-process: the SDK still builds, signs, serialises and validates
// every call (SQS's MD5 check of the body included), only the socket is missing.
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';

type RequestHandler = Exclude<SQSClientConfig['requestHandler'], undefined>;

/** A JSON-protocol answer: headers and body. */
export interface StubResponse {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const md5Hex = (text: string): string => createHash('md5').update(text).digest('hex');

function jsonResponse(payload: unknown, contentType: string): StubResponse {
  const body = Buffer.from(JSON.stringify(payload));
  return {
    headers: {
      'content-type': contentType,
      'content-length': String(body.byteLength),
      'x-amzn-requestid': randomUUID(),
    },
    body,
  };
}

/** SQS's SendMessage answer (JSON protocol) for the request it was given. */
export function sendMessageResponse(requestBody: string): StubResponse {
  const { MessageBody = '' } = JSON.parse(requestBody) as { MessageBody?: string };
  return jsonResponse(
    {
      // Not checked by the SDK; any digest of the right shape.
      MD5OfMessageAttributes: md5Hex(requestBody),
      MD5OfMessageBody: md5Hex(MessageBody),
      MessageId: randomUUID(),
    },
    'application/x-amz-json-1.0',
  );
}

/** EventBridge's PutEvents answer: every entry accepted. */
export function putEventsResponse(requestBody: string): StubResponse {
  const { Entries = [] } = JSON.parse(requestBody) as { Entries?: unknown[] };
  return jsonResponse(
    { FailedEntryCount: 0, Entries: Entries.map(() => ({ EventId: randomUUID() })) },
    'application/x-amz-json-1.1',
  );
}

/** A `requestHandler` for an SDK client that never opens a socket: `answer` makes each response. */
export function stubTransport(answer: (requestBody: string) => StubResponse): RequestHandler {
  const handler = {
    handle: async (request: { body?: string | Uint8Array }) => {
      // A view, not Buffer.from(body): the SDK's JSON body is a Uint8Array whose valueOf() warns.
      const body = request.body ?? '';
      const text =
        typeof body === 'string'
          ? body
          : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
      const response = answer(text);
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
