// Veriff's webhook authentication: `X-AUTH-CLIENT` names the integration (its API key) and
// `X-HMAC-SIGNATURE` is the hex HMAC-SHA256 of the raw body with that integration's shared secret.
import { bodyHmac, headerValues, matchesBodyHmac } from '../body-signature.js';
import type { SignedRequest, Verification } from '../provider.js';

export const API_KEY_HEADER = 'x-auth-client';
export const SIGNATURE_HEADER = 'x-hmac-signature';
/** The same headers as some third-party descriptions of Veriff's API name them; both are read. */
export const API_KEY_HEADER_ALIAS = 'vrf-auth-client';
export const SIGNATURE_HEADER_ALIAS = 'vrf-hmac-signature';

export interface VeriffIntegration {
  readonly apiKey: string;
  readonly sharedSecret: string;
}

/** Computes the `X-HMAC-SIGNATURE` Veriff would send for `body`. */
export function signVeriff(body: string | Uint8Array, sharedSecret: string): string {
  return bodyHmac(body, sharedSecret, 'sha256');
}

/**
 * Authenticates a Veriff webhook of any kind (event, decision, screening: all are signed alike).
 * Every configured integration whose API key matches is tried, so
 * a shared-secret rotation is two entries with the same API key. Veriff sends no timestamp: the
 * consumer's deduplication is what makes a replayed request harmless. A header repeated on the
 * way (joined with commas) is read as its several values.
 */
export function verifyVeriff(
  request: SignedRequest,
  integrations: readonly VeriffIntegration[],
): Verification {
  const apiKeys = headerValues(request.headers, API_KEY_HEADER, API_KEY_HEADER_ALIAS);
  if (apiKeys.length === 0) return { ok: false, reason: 'missing_api_key' };
  const signatures = headerValues(request.headers, SIGNATURE_HEADER, SIGNATURE_HEADER_ALIAS);
  if (signatures.length === 0) return { ok: false, reason: 'missing_signature' };
  const candidates = integrations.filter((integration) => apiKeys.includes(integration.apiKey));
  if (candidates.length === 0) return { ok: false, reason: 'unknown_api_key' };
  const secrets = candidates.map((integration) => integration.sharedSecret);
  return matchesBodyHmac(request.body, secrets, signatures)
    ? { ok: true }
    : { ok: false, reason: 'signature_mismatch' };
}
