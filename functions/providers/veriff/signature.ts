// Veriff's webhook authentication: `X-AUTH-CLIENT` names the integration (its API key) and
// `X-HMAC-SIGNATURE` is the hex HMAC-SHA256 of the raw body with that integration's shared secret.
import { hexDigestEquals, hmacSha256Hex } from '../hmac.js';
import type { SignedRequest, Verification } from '../provider.js';

export const API_KEY_HEADER = 'x-auth-client';
export const SIGNATURE_HEADER = 'x-hmac-signature';

export interface VeriffIntegration {
  readonly apiKey: string;
  readonly sharedSecret: string;
}

/** Computes the `X-HMAC-SIGNATURE` Veriff would send for `body`. */
export function signVeriff(body: string | Uint8Array, sharedSecret: string): string {
  return hmacSha256Hex(sharedSecret, body);
}

/**
 * Authenticates a Veriff webhook. Every configured integration whose API key matches is tried, so
 * a shared-secret rotation is two entries with the same API key. Veriff sends no timestamp: the
 * consumer's deduplication is what makes a replayed request harmless.
 */
export function verifyVeriff(
  request: SignedRequest,
  integrations: readonly VeriffIntegration[],
): Verification {
  const apiKey = request.headers[API_KEY_HEADER]?.trim();
  if (!apiKey) return { ok: false, reason: 'missing_api_key' };
  const signature = request.headers[SIGNATURE_HEADER]?.trim().toLowerCase();
  if (!signature) return { ok: false, reason: 'missing_signature' };
  const candidates = integrations.filter((integration) => integration.apiKey === apiKey);
  if (candidates.length === 0) return { ok: false, reason: 'unknown_api_key' };
  for (const { sharedSecret } of candidates) {
    if (hexDigestEquals(hmacSha256Hex(sharedSecret, request.body), signature)) return { ok: true };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
