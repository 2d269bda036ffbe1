import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alwaysQueueableBody,
  fromSqsRecord,
  isCarriableRequestId,
  type LambdaMessageAttributes,
  largestQueueableBody,
  type QueuedWebhook,
  toSqsMessage,
} from '../../functions/queue/queued-webhook.js';
import { CASAPAY_COMPLETED, fixture } from '../support/fixtures.js';

/** What Lambda's SQS event hands the consumer for a message the ingest sent. */
function asLambdaRecord(webhook: QueuedWebhook) {
  const message = toSqsMessage(webhook);
  const attributes: LambdaMessageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes).map(([name, a]) => [
      name,
      { stringValue: a.StringValue, dataType: a.DataType },
    ]),
  );
  return { body: message.MessageBody, attributes };
}

const webhook = (body: Uint8Array): QueuedWebhook => ({
  provider: 'veriff',
  body,
  receivedAt: 1_790_000_000_123,
  requestId: 'r-1',
});

describe('queued webhook message', () => {
  it('carries a JSON body unchanged as the message body', () => {
    const body = fixture(CASAPAY_COMPLETED);
    const message = toSqsMessage(webhook(body));
    expect(message.MessageBody).toBe(body.toString('utf8'));
    expect(message.MessageAttributes.bodyEncoding?.StringValue).toBe('utf8');
  });

  it('falls back to base64 for invalid UTF-8 and for characters SQS refuses', () => {
    for (const body of [
      Buffer.from([0xc3, 0x28]),
      Buffer.from('{"a":"\u0000"}'),
      Buffer.from('\uFFFF'),
    ]) {
      const message = toSqsMessage(webhook(body));
      expect(message.MessageAttributes.bodyEncoding?.StringValue).toBe('base64');
      expect(Buffer.from(message.MessageBody, 'base64').equals(body)).toBe(true);
    }
  });

  it('round-trips any body, byte for byte, with its metadata', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string(), (bytes, requestId) => {
        const original = { ...webhook(Buffer.from(bytes)), requestId };
        const { body, attributes } = asLambdaRecord(original);
        const decoded = fromSqsRecord(body, attributes);
        expect(decoded.ok && Buffer.from(decoded.webhook.body).equals(Buffer.from(bytes))).toBe(
          true,
        );
        expect(decoded.ok && decoded.webhook.requestId).toBe(requestId);
      }),
    );
  });

  it('never promises a body fits when some request of its provider could not queue it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('casapay', 'veriff', 'stripe-identity', 'a-long-standard-webhooks-source'),
        fc.string({ maxLength: 300 }).filter(isCarriableRequestId),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (provider, requestId, receivedAt) => {
          const bound = alwaysQueueableBody(provider);
          expect(bound).toBeGreaterThan(0);
          expect(largestQueueableBody({ provider, requestId, receivedAt })).toBeGreaterThanOrEqual(
            bound,
          );
        },
      ),
    );
  });

  it('writes the same message from the text the request carried as from its bytes', () => {
    // Any string: lone surrogates, controls and characters beyond U+FFFF included, whose UTF-8
    // bytes do not always decode back to the same string.
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.constantFrom('xml', 'basic'), (text, set) => {
        const bytes = webhook(Buffer.from(text, 'utf8'));
        expect(toSqsMessage({ ...bytes, text }, set)).toEqual(toSqsMessage(bytes, set));
      }),
    );
    expect(toSqsMessage({ ...webhook(Buffer.from('\uD800')), text: '\uD800' })).toEqual(
      toSqsMessage(webhook(Buffer.from('\uD800'))),
    );
  });

  it('sends any text of printable characters as text, never base64', () => {
    const printable = (text: string) =>
      [...text].every((c) => {
        const code = c.codePointAt(0) ?? 0;
        return code >= 0x20 && code !== 0xfffe && code !== 0xffff;
      });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter(printable), (text) => {
        const message = toSqsMessage(webhook(Buffer.from(text)));
        expect(message.MessageAttributes.bodyEncoding?.StringValue).toBe('utf8');
        expect(message.MessageBody).toBe(text);
      }),
    );
  });

  it('keeps characters beyond U+FFFF as text for SQS, and base64-encodes them for the emulator', () => {
    const body = Buffer.from('{"name":"Ana 😀"}');
    expect(toSqsMessage(webhook(body)).MessageBody).toBe(body.toString('utf8'));
    const local = toSqsMessage(webhook(body), 'basic');
    expect(local.MessageAttributes.bodyEncoding?.StringValue).toBe('base64');
    expect(Buffer.from(local.MessageBody, 'base64').equals(body)).toBe(true);
    // Text within the basic plane is carried as it is in both cases.
    expect(toSqsMessage(webhook(Buffer.from('{"name":"Zoë"}')), 'basic').MessageBody).toBe(
      '{"name":"Zoë"}',
    );
  });

  it('reports a message the ingest did not write instead of guessing', () => {
    const { body, attributes } = asLambdaRecord(webhook(Buffer.from('{}')));
    const without = (name: string) =>
      Object.fromEntries(Object.entries(attributes).filter(([k]) => k !== name));
    expect(fromSqsRecord(body, without('provider'))).toEqual({
      ok: false,
      problem: 'missing_provider_attribute',
    });
    expect(fromSqsRecord(body, without('receivedAt'))).toEqual({
      ok: false,
      problem: 'missing_received_at_attribute',
    });
    expect(fromSqsRecord(body, without('bodyEncoding'))).toEqual({
      ok: false,
      problem: 'unknown_body_encoding',
    });
    expect(fromSqsRecord(body, {})).toMatchObject({ ok: false });
  });
});
