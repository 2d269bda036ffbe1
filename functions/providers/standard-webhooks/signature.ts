// The Standard Webhooks signature scheme (standardwebhooks.com, spec 1.0): `webhook-id`,
// `webhook-timestamp` (unix seconds) and `webhook-signature`, a space-separated list of
// `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<raw body>">`, keyed with the base64-decoded part
// of a `whsec_...` secret. Sources are verified with it; local mode signs the session changes it
// forwards with it.
import { createHash, randomBytes } from 'node:crypto';
import { digestEquals, hmacDigest } from '../hmac.js';
import type { SignedRequest, Verification } from '../provider.js';

export const ID_HEADER = 'webhook-id';
export const TIMESTAMP_HEADER = 'webhook-timestamp';
export const SIGNATURE_HEADER = 'webhook-signature';

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,12}$/;
/** The key sizes the specification allows: 24 to 64 bytes. */
export const MIN_KEY_BYTES = 24;
export const MAX_KEY_BYTES = 64;

/**
 * The HMAC key of a secret: the base64 after `whsec_` (or the whole secret without the prefix,
 * as the reference libraries accept), or undefined when it is not base64 of 24 to 64 bytes.
 */
export function signingKey(secret: string): Buffer | undefined {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.byteLength >= MIN_KEY_BYTES && key.byteLength <= MAX_KEY_BYTES ? key : undefined;
}

/** The key bytes of a `whsec_<base64>` secret; throws, naming what is wrong, on anything else. */
export function secretKey(secret: string): Buffer {
  const key = signingKey(secret);
  if (key === undefined) {
    throw new Error(
      `a Standard Webhooks secret is ${SECRET_PREFIX} and the base64 of a ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} byte key`,
    );
  }
  return key;
}

/** A new random secret in the scheme's format (24 bytes, as the reference libraries make). */
export const newSecret = (): string => `${SECRET_PREFIX}${randomBytes(24).toString('base64')}`;

const signatureOf = (key: Buffer, id: string, timestamp: string, body: string | Uint8Array) =>
  hmacDigest('sha256', key, `${id}.${timestamp}.`, body);

/** A message id derived from the body, so that signing stays pure and a retry keeps its id. */
export const messageIdOf = (body: string | Uint8Array): string =>
  `msg_${createHash('sha256').update(body).digest('base64url').slice(0, 27)}`;

/** The three headers a Standard Webhooks sender sends with `body`, as message `id` at `timestampSeconds`. */
export function signStandardWebhook(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string | Uint8Array,
): Record<string, string> {
  const timestamp = String(timestampSeconds);
  return {
    [ID_HEADER]: id,
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: `v1,${signatureOf(secretKey(secret), id, timestamp, body).toString('base64')}`,
  };
}

/** The `v1` signatures of the header, decoded; other versions (`v1a`, asymmetric) are ignored. */
function v1Signatures(header: string): Buffer[] {
  return header.split(/\s+/).flatMap((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') return [];
    const value = entry.slice(comma + 1);
    return BASE64.test(value) ? [Buffer.from(value, 'base64')] : [];
  });
}

/**
 * Authenticates a Standard Webhooks delivery: all three headers, a timestamp within
 * `toleranceSeconds` of `now` (checked before any HMAC), and one `v1` signature made by any of
 * the keys.
 */
export function verifyStandardWebhook(
  request: SignedRequest,
  keys: readonly Buffer[],
  now: Date,
  toleranceSeconds: number,
): Verification {
  const id = request.headers[ID_HEADER]?.trim();
  const timestamp = request.headers[TIMESTAMP_HEADER]?.trim();
  const header = request.headers[SIGNATURE_HEADER]?.trim();
  if (!id || !timestamp || !header) return { ok: false, reason: 'missing_signature' };
  if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: 'malformed_signature' };
  const signatures = v1Signatures(header);
  if (signatures.length === 0) return { ok: false, reason: 'malformed_signature' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  for (const key of keys) {
    const expected = signatureOf(key, id, timestamp, request.body);
    if (signatures.some((candidate) => digestEquals(expected, candidate))) return { ok: true };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
