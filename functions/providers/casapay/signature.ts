// CasaPay's Stripe-style signature scheme: `X-CasaPay-Signature: t=<unix seconds>,v1=<hex>`, where
// v1 is HMAC-SHA256 over `<t>.<raw body>` with a `whsec_...` signing secret.
import { hexDigestEquals, hmacSha256Hex } from '../hmac.js';
import type { SignedRequest, Verification } from '../provider.js';

export const SIGNATURE_HEADER = 'x-casapay-signature';

/**
 * How far the signed timestamp may be from our clock, either way. Five minutes is the industry
 * default for this scheme (Stripe's `DEFAULT_TOLERANCE`): wide enough for clock skew and the
 * provider's own queueing, narrow enough that a captured request cannot be replayed later.
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

interface SignatureHeader {
  readonly timestamp: number;
  readonly signatures: readonly string[];
}

const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Parses `t=...,v1=...` in any order. Several `v1` entries are allowed (the provider signs with
 * each active secret during a rotation); unknown schemes such as `v0` are ignored so that the
 * provider can add one without breaking us. Two different `t` values make the header ambiguous.
 */
export function parseSignatureHeader(header: string): SignatureHeader | undefined {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const element of header.split(',')) {
    const separator = element.indexOf('=');
    if (separator < 0) continue;
    const key = element.slice(0, separator).trim();
    const value = element.slice(separator + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined && timestamp !== value) return undefined;
      timestamp = value;
    } else if (key === 'v1' && value !== '') {
      signatures.push(value);
    }
  }
  if (timestamp === undefined || !UNIX_SECONDS.test(timestamp) || signatures.length === 0) {
    return undefined;
  }
  return { timestamp: Number(timestamp), signatures };
}

/** Computes the header CasaPay would send for `body` signed at `timestamp` (unix seconds). */
export function signCasaPay(body: string | Uint8Array, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacSha256Hex(secret, `${timestamp}.`, body)}`;
}

/**
 * Authenticates a CasaPay webhook: a fresh timestamp and one `v1` signature made by any of the
 * signing secrets. The timestamp is checked first, so a replayed request costs no HMAC.
 */
export function verifyCasaPay(
  request: SignedRequest,
  signingSecrets: readonly string[],
  now: Date,
  toleranceSeconds: number,
): Verification {
  const header = request.headers[SIGNATURE_HEADER];
  if (header === undefined || header.trim() === '')
    return { ok: false, reason: 'missing_signature' };
  const parsed = parseSignatureHeader(header);
  if (parsed === undefined) return { ok: false, reason: 'malformed_signature' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  for (const secret of signingSecrets) {
    const expected = hmacSha256Hex(secret, `${parsed.timestamp}.`, request.body);
    if (parsed.signatures.some((candidate) => hexDigestEquals(expected, candidate))) {
      return { ok: true };
    }
  }
  return { ok: false, reason: 'signature_mismatch' };
}
