// Persona's webhook signature: `Persona-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
// "<t>.<raw body>">` with the webhook's secret; during a rotation one `t=...,v1=...` group per
// secret, separated by a space.
import {
  parseTimestampedSignatureGroups,
  signTimestamped,
  type TimestampedScheme,
  timestampedScheme,
} from '../timestamped-signature.js';

export const SIGNATURE_HEADER = 'persona-signature';

/** The `Persona-Signature` Persona would send for `body` signed at `timestamp` with each secret. */
export function signPersona(
  body: string | Uint8Array,
  secrets: readonly string[],
  timestamp: number,
): string {
  return secrets.map((secret) => signTimestamped(body, secret, timestamp)).join(' ');
}

/**
 * Authenticates a Persona webhook: one group whose `t` is within `toleranceSeconds` of our clock
 * and whose `v1` was made by any of the webhook's secrets.
 */
export const verifyPersona: TimestampedScheme['verify'] = timestampedScheme(
  SIGNATURE_HEADER,
  parseTimestampedSignatureGroups,
).verify;
