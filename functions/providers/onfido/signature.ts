// Onfido's webhook signature: `X-SHA2-Signature` is the hex HMAC-SHA256 of the raw body, keyed
// with the webhook's token. No timestamp is signed.
import { bodyHmac, headerValues, matchesBodyHmac } from '../body-signature.js';
import type { SignedRequest, Verification } from '../provider.js';

export const SIGNATURE_HEADER = 'x-sha2-signature';

/** The `X-SHA2-Signature` Onfido would send for `body`, keyed with the webhook `token`. */
export function signOnfido(body: string | Uint8Array, token: string): string {
  return bodyHmac(body, token, 'sha256');
}

/** Authenticates an Onfido webhook against any of the webhook tokens (two during a rotation). */
export function verifyOnfido(request: SignedRequest, tokens: readonly string[]): Verification {
  const signatures = headerValues(request.headers, SIGNATURE_HEADER);
  if (signatures.length === 0) return { ok: false, reason: 'missing_signature' };
  return matchesBodyHmac(request.body, tokens, signatures)
    ? { ok: true }
    : { ok: false, reason: 'signature_mismatch' };
}
