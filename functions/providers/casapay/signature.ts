// CasaPay's Stripe-style signature scheme: `X-CasaPay-Signature: t=<unix seconds>,v1=<hex>`, where
// v1 is HMAC-SHA256 over `<t>.<raw body>` with a `whsec_...` signing secret.
import {
  DEFAULT_TOLERANCE_SECONDS,
  parseTimestampedSignature,
  type TimestampedScheme,
  type TimestampedSignature,
  timestampedScheme,
} from '../timestamped-signature.js';

export const SIGNATURE_HEADER = 'x-casapay-signature';

export { DEFAULT_TOLERANCE_SECONDS };

/**
 * Parses `t=...,v1=...` in any order. Several `v1` entries are allowed (the provider signs with
 * each active secret during a rotation); unknown schemes such as `v0` are ignored so that the
 * provider can add one without breaking us. Two different `t` values make the header ambiguous.
 */
export const parseSignatureHeader = (header: string): TimestampedSignature | undefined =>
  parseTimestampedSignature(header);

const scheme = timestampedScheme(SIGNATURE_HEADER);

/** Computes the header CasaPay would send for `body` signed at `timestamp` (unix seconds). */
export const signCasaPay: TimestampedScheme['sign'] = scheme.sign;

/**
 * Authenticates a CasaPay webhook: a fresh timestamp and one `v1` signature made by any of the
 * signing secrets. The timestamp is checked first, so a replayed request costs no HMAC.
 */
export const verifyCasaPay: TimestampedScheme['verify'] = scheme.verify;
