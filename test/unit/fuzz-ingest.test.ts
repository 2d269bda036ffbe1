// Hostile input for the ingest handler, in process: random and mutated bodies and headers, wrong
// encodings, invalid UTF-8, base64 flags that lie, huge and empty bodies, duplicated headers,
// prototype keys, numbers as strings, deep nesting, near-miss signatures. Whatever comes in, the
// handler answers a documented status with a fixed body, and enqueues exactly the requests that
// are authentic.

import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { signCasaPay } from '../../functions/providers/casapay/signature.js';
import { signVeriff } from '../../functions/providers/veriff/signature.js';
import { providerNames } from '../support/arbitraries.js';
import { captureLogs } from '../support/capture-logs.js';
import { SEED_PII } from '../support/fixtures.js';
import { testIngest } from '../support/ingest.js';
import { byProfile, GENERATED_INPUTS_TIMEOUT_MS } from '../support/profile.js';
import { CASAPAY_SECRET, httpApiEvent, VERIFF_INTEGRATION } from '../support/webhooks.js';

const logs = captureLogs();
const REQUESTS = byProfile(3_000, 120_000);
const MAX_BODY_BYTES = 4096;
const NOW = new Date('2026-11-24T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);

const { invoke, published } = testIngest({ maxBodyBytes: MAX_BODY_BYTES, now: () => NOW });

/** The bodies an attacker or a broken client sends. */
const bodies: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(
    Buffer.from(casapaySample('verification_session.completed', { session: 'vs_f', created: T })),
  ),
  fc.constant(Buffer.from(veriffSample('submitted', { session: 's-f' }))),
  fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.constant(Buffer.from([0xc3, 0x28, 0xff, 0xfe])),
  fc.constant(Buffer.alloc(0)),
  fc
    .integer({ min: MAX_BODY_BYTES - 2, max: MAX_BODY_BYTES + 2 })
    .map((n) => Buffer.alloc(n, 0x7b)),
  fc
    .integer({ min: 1, max: 20_000 })
    .map((depth) =>
      Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`.slice(0, MAX_BODY_BYTES)),
    ),
  fc.constant(
    Buffer.from(
      '{"__proto__":{"admin":true},"constructor":{"prototype":{}},"id":"evt_1","created":"1706140800","code":"7002"}',
    ),
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
);

type Signing =
  | 'ambiguous'
  | 'valid'
  | 'mutated_body'
  | 'near_miss'
  | 'wrong_secret'
  | 'stale'
  | 'none'
  | 'garbage'
  | 'duplicated';
const signings = fc.constantFrom<Signing>(
  'ambiguous',
  'valid',
  'valid',
  'mutated_body',
  'near_miss',
  'wrong_secret',
  'stale',
  'none',
  'garbage',
  'duplicated',
);

/** Flips one hex digit: a timing-attack probe that is almost right. */
const nearMiss = (hex: string, position: number) => {
  const i = position % hex.length;
  return `${hex.slice(0, i)}${hex[i] === '0' ? '1' : '0'}${hex.slice(i + 1)}`;
};

function signatureHeaders(
  provider: string,
  body: Uint8Array,
  signing: Signing,
  position: number,
): Record<string, string> {
  const isVeriff = provider === 'veriff';
  const secret =
    signing === 'wrong_secret'
      ? 'whsec_guess'
      : isVeriff
        ? VERIFF_INTEGRATION.sharedSecret
        : CASAPAY_SECRET;
  const at = signing === 'stale' ? T - 301 : T;
  const casapay = signCasaPay(body, secret, at);
  const veriffSignature = signVeriff(body, secret);
  switch (signing) {
    case 'none':
      return {};
    case 'garbage':
      return {
        'x-casapay-signature': 't=abc,v1=',
        'x-auth-client': '\u0000',
        'x-hmac-signature': 'zz'.repeat(40),
      };
    case 'near_miss':
      return isVeriff
        ? {
            'X-AUTH-CLIENT': VERIFF_INTEGRATION.apiKey,
            'X-HMAC-SIGNATURE': nearMiss(veriffSignature, position),
          }
        : {
            'X-CasaPay-Signature': `t=${at},v1=${nearMiss(casapay.split('v1=')[1] ?? '', position)}`,
          };
    case 'duplicated':
      // A proxy joined two copies of the signature header, then one more foreign entry.
      return isVeriff
        ? {
            'x-auth-client': `${VERIFF_INTEGRATION.apiKey},${VERIFF_INTEGRATION.apiKey}`,
            'x-hmac-signature': `${veriffSignature},${veriffSignature}`,
          }
        : { 'x-casapay-signature': `${casapay},${casapay},v0=${'00'.repeat(32)}` };
    case 'ambiguous':
      // Two different timestamps, or two different keys with signatures that do not match.
      return isVeriff
        ? {
            'x-auth-client': `${VERIFF_INTEGRATION.apiKey},other`,
            'x-hmac-signature': nearMiss(veriffSignature, position),
          }
        : { 'x-casapay-signature': `${casapay},t=${at - 1}` };
    default:
      return isVeriff
        ? { 'X-AUTH-CLIENT': VERIFF_INTEGRATION.apiKey, 'X-HMAC-SIGNATURE': veriffSignature }
        : { 'X-CasaPay-Signature': casapay };
  }
}

const requests = fc
  .record({
    provider: providerNames,
    body: bodies,
    signing: signings,
    position: fc.nat(),
    base64: fc.boolean(),
    lyingBase64Flag: fc.boolean(),
    extraHeaders: fc.dictionary(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'X-CasaPay-Signature',
        'x-forwarded-for',
        'content-type',
        'Content-Length',
      ),
      fc.string({ maxLength: 30 }),
    ),
  })
  .map((r) => {
    // What is sent: base64 when the flag is set or the bytes are not text; a lying flag marks text as base64.
    const utf8 = Buffer.from(Buffer.from(r.body).toString('utf8'));
    const asBase64 = r.base64 || !utf8.equals(Buffer.from(r.body));
    const sentBytes = asBase64 ? Buffer.from(r.body) : utf8;
    const signed = signatureHeaders(r.provider, sentBytes, r.signing, r.position);
    const event: APIGatewayProxyEventV2 = httpApiEvent(r.provider, sentBytes, {
      base64: asBase64,
      headers: { ...JSON.parse(JSON.stringify(r.extraHeaders)), ...signed },
    });
    if (r.lyingBase64Flag && !asBase64) event.isBase64Encoded = true;
    if (r.signing === 'mutated_body') {
      const bytes = Buffer.from(sentBytes);
      bytes[r.position % Math.max(1, bytes.length)] =
        ((bytes[r.position % Math.max(1, bytes.length)] ?? 0) + 1) % 256;
      event.body = bytes.length === 0 ? 'x' : bytes.toString('base64');
      event.isBase64Encoded = true;
    }
    // The signature covers the bytes the handler decodes: a lying base64 flag changes them, and so
    // does a mutated body (unless the change decodes to the same bytes, as `x` does for empty).
    const received = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
    // Veriff signs no timestamp, so a "stale" Veriff request is simply a valid one.
    const signedRight =
      ['valid', 'duplicated', 'mutated_body'].includes(r.signing) ||
      (r.signing === 'stale' && r.provider === 'veriff');
    const authentic =
      signedRight &&
      ['casapay', 'veriff'].includes(r.provider) &&
      received.equals(sentBytes) &&
      received.length > 0 &&
      received.length <= MAX_BODY_BYTES;
    return { event, authentic, sentBytes, provider: r.provider };
  });

const FIXED_BODIES = new Set([
  '{"error":"empty_body","message":"The webhook has no body."}',
  '{"error":"unknown_provider","message":"No such webhook provider."}',
  `{"error":"payload_too_large","message":"The body exceeds ${MAX_BODY_BYTES} bytes."}`,
  '{"error":"unauthorized","message":"The webhook signature could not be verified."}',
]);

describe('ingest under hostile input', () => {
  it(
    `answers ${REQUESTS} generated requests with documented statuses, enqueuing exactly the authentic ones`,
    async () => {
      const statuses: Record<number, number> = {};
      await fc.assert(
        fc.asyncProperty(requests, async ({ event, authentic, sentBytes, provider }) => {
          const before = published.length;
          const response = await invoke(event);
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          expect([200, 400, 401, 404, 413]).toContain(response.statusCode);
          if (response.statusCode === 200) {
            expect(JSON.parse(response.body)).toEqual({
              received: true,
              requestId: event.requestContext.requestId,
            });
          } else {
            expect(FIXED_BODIES).toContain(response.body);
          }
          expect(response.statusCode === 200).toBe(authentic);
          expect(published.length - before).toBe(authentic ? 1 : 0);
          if (authentic) expect(published.at(-1)).toMatchObject({ provider, body: sentBytes });
        }),
        { numRuns: REQUESTS },
      );
      console.log(`ingest fuzz: ${REQUESTS} requests, statuses ${JSON.stringify(statuses)}`);
      expect(statuses[200]).toBeGreaterThan(0);
      expect(statuses[401]).toBeGreaterThan(0);
      const output = logs.lines().join('\n');
      for (const secret of [CASAPAY_SECRET, VERIFF_INTEGRATION.sharedSecret, ...SEED_PII])
        expect(output).not.toContain(secret);
    },
    GENERATED_INPUTS_TIMEOUT_MS,
  );
});
