// The SQS message that carries an authenticated webhook from the ingest to the consumer.
// The body travels unchanged as the message body; what we know about it travels in attributes.
import { isUtf8 } from 'node:buffer';
import { MAX_MESSAGE_BYTES } from './topology.js';

/** An authenticated webhook exactly as it was received. */
export interface QueuedWebhook {
  readonly provider: string;
  /** The raw request body, byte for byte. */
  readonly body: Uint8Array;
  /** When the ingest received it, in epoch milliseconds. */
  readonly receivedAt: number;
  /** The API Gateway request id: the correlation id from receipt to state change. */
  readonly requestId: string;
  /**
   * The body as the request carried it when it came as text (`body` is its UTF-8 encoding): it
   * becomes the message body as it is, without decoding `body` back to a string.
   */
  readonly text?: string | undefined;
}

/** How the body is written into the message body. */
export type BodyEncoding = 'utf8' | 'base64';

/** String-valued message attributes in the SDK's (SendMessage) shape. */
export type SqsMessageAttributes = Record<
  string,
  { DataType: 'String' | 'Number'; StringValue: string }
>;

export interface SqsMessage {
  readonly MessageBody: string;
  readonly MessageAttributes: SqsMessageAttributes;
}

/** Message attributes in the shape Lambda's SQS event uses. */
export type LambdaMessageAttributes = Readonly<
  Record<
    string,
    { readonly stringValue?: string | undefined; readonly dataType: string } | undefined
  >
>;

export const ATTRIBUTE = {
  provider: 'provider',
  receivedAt: 'receivedAt',
  requestId: 'requestId',
  bodyEncoding: 'bodyEncoding',
} as const;

// SQS accepts only these characters in a message body (the XML 1.0 character set), see
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
const OUTSIDE_SQS_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
// The same set without the characters beyond U+FFFF, which the local emulator (fauxqs) refuses.
const OUTSIDE_BASIC_PLANE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/u;

/**
 * The characters a message body may carry as text: `xml`, what SQS accepts; `basic`, without
 * those beyond U+FFFF (emoji, for one), for an emulator that refuses them (local mode).
 */
export type TextCharacters = 'xml' | 'basic';

/** The attributes of a queued webhook whose body is written with `encoding`. */
function messageAttributes(
  webhook: Omit<QueuedWebhook, 'body'>,
  encoding: BodyEncoding,
): SqsMessageAttributes {
  return {
    [ATTRIBUTE.provider]: { DataType: 'String', StringValue: webhook.provider },
    [ATTRIBUTE.receivedAt]: { DataType: 'Number', StringValue: String(webhook.receivedAt) },
    [ATTRIBUTE.requestId]: { DataType: 'String', StringValue: webhook.requestId },
    [ATTRIBUTE.bodyEncoding]: { DataType: 'String', StringValue: encoding },
  };
}

/**
 * Chooses the message body: the webhook body as text when SQS can carry it unchanged (every JSON
 * webhook), base64 otherwise (invalid UTF-8, control characters), so any authenticated body can be
 * queued and decoded back to the exact bytes.
 */
export function toSqsMessage(
  webhook: QueuedWebhook,
  characters: TextCharacters = 'xml',
): SqsMessage {
  const outside = characters === 'xml' ? OUTSIDE_SQS_CHARACTERS : OUTSIDE_BASIC_PLANE;
  // A lone surrogate in the text is outside both sets, so the text is taken only when `body`
  // decodes back to exactly it; anything else goes the way of bytes.
  if (webhook.text !== undefined && !outside.test(webhook.text)) {
    return { MessageBody: webhook.text, MessageAttributes: messageAttributes(webhook, 'utf8') };
  }
  const buffer = Buffer.from(webhook.body.buffer, webhook.body.byteOffset, webhook.body.byteLength);
  let encoding: BodyEncoding = 'base64';
  let messageBody = '';
  if (isUtf8(buffer)) {
    const text = buffer.toString('utf8');
    if (!outside.test(text)) {
      encoding = 'utf8';
      messageBody = text;
    }
  }
  if (encoding === 'base64') messageBody = buffer.toString('base64');
  return { MessageBody: messageBody, MessageAttributes: messageAttributes(webhook, encoding) };
}

/**
 * The bytes SQS counts against its message limit: the body, and each attribute's name, data type
 * and value, all in UTF-8 (the SendMessage reference, "MessageAttributes").
 */
export function sqsMessageBytes(message: SqsMessage): number {
  let bytes = Buffer.byteLength(message.MessageBody, 'utf8');
  for (const [name, attribute] of Object.entries(message.MessageAttributes)) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    bytes += Buffer.byteLength(attribute.StringValue);
  }
  return bytes;
}

/**
 * The longest request id carried as it is. API Gateway's are 16 characters and local mode's 36;
 * anything longer, empty, or holding characters SQS refuses did not come from API Gateway.
 */
export const MAX_REQUEST_ID_BYTES = 256;

/** Whether `requestId` can travel as a message attribute: SQS refuses empty values and some characters. */
export function isCarriableRequestId(requestId: unknown): requestId is string {
  return (
    typeof requestId === 'string' &&
    requestId.length > 0 &&
    Buffer.byteLength(requestId) <= MAX_REQUEST_ID_BYTES &&
    !OUTSIDE_SQS_CHARACTERS.test(requestId)
  );
}

/**
 * The largest body that fits one SQS message next to these attributes, whichever encoding it gets:
 * base64 is the worst case, 4 bytes for every 3 (rounded up to whole groups).
 */
export function largestQueueableBody(webhook: Omit<QueuedWebhook, 'body'>): number {
  const attributes = sqsMessageBytes({
    MessageBody: '',
    MessageAttributes: messageAttributes(webhook, 'base64'),
  });
  return Math.max(0, Math.floor((MAX_MESSAGE_BYTES - attributes) / 4) * 3);
}

/**
 * The largest body any request for one of `providers` can be sure to fit in a message: the
 * attributes at their longest (provider name, a request id of MAX_REQUEST_ID_BYTES, a receive
 * time of 16 digits). A body limit above it could accept a webhook that SQS then refuses.
 */
export function largestQueueableBodyFor(providers: readonly string[]): number {
  const longest = providers.reduce(
    (a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a),
    '',
  );
  return largestQueueableBody({
    provider: longest,
    requestId: 'x'.repeat(MAX_REQUEST_ID_BYTES),
    receivedAt: Number.MAX_SAFE_INTEGER,
  });
}

const alwaysQueueable = new Map<string, number>();

/**
 * The largest body that fits next to the attributes of any request for `provider` (computed once
 * per provider): the ingest works out a request's exact limit only for a body above it.
 */
export function alwaysQueueableBody(provider: string): number {
  let bytes = alwaysQueueable.get(provider);
  if (bytes === undefined) {
    bytes = largestQueueableBodyFor([provider]);
    alwaysQueueable.set(provider, bytes);
  }
  return bytes;
}

export type DecodedMessage =
  | { readonly ok: true; readonly webhook: QueuedWebhook }
  | { readonly ok: false; readonly problem: string };

/** Reads a queued webhook back from a Lambda SQS record; a message not written by the ingest is a problem. */
export function fromSqsRecord(body: string, attributes: LambdaMessageAttributes): DecodedMessage {
  const provider = attributes[ATTRIBUTE.provider]?.stringValue;
  const receivedAt = Number(attributes[ATTRIBUTE.receivedAt]?.stringValue);
  const requestId = attributes[ATTRIBUTE.requestId]?.stringValue ?? '';
  const encoding = attributes[ATTRIBUTE.bodyEncoding]?.stringValue;
  if (!provider) return { ok: false, problem: 'missing_provider_attribute' };
  if (!Number.isFinite(receivedAt)) return { ok: false, problem: 'missing_received_at_attribute' };
  if (encoding !== 'utf8' && encoding !== 'base64') {
    return { ok: false, problem: 'unknown_body_encoding' };
  }
  return {
    ok: true,
    webhook: { provider, receivedAt, requestId, body: Buffer.from(body, encoding) },
  };
}
