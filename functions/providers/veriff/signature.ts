// Veriff's webhook authentication: `X-AUTH-CLIENT` names the integration (its API key) and
// `X-HMAC-SIGNATURE` is the hex HMAC-SHA256 of the raw body with that integration's shared secret.
import { hexDigestEquals, hmacSha256Hex } from '../hmac.js';
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
  return hmacSha256Hex(sharedSecret, body);
}

/**
 * The comma-separated values of a header under either of its names: API Gateway joins a repeated
 * header with commas.
 */
const values = (headers: SignedRequest['headers'], ...names: string[]): string[] =>
  names
    .flatMap((name) => (headers[name] ?? '').split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');

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
  const apiKeys = values(request.headers, API_KEY_HEADER, API_KEY_HEADER_ALIAS);
  if (apiKeys.length === 0) return { ok: false, reason: 'missing_api_key' };
  const signatures = values(request.headers, SIGNATURE_HEADER, SIGNATURE_HEADER_ALIAS).map((s) =>
    s.toLowerCase(),
  );
  if (signatures.length === 0) return { ok: false, reason: 'missing_signature' };
  const candidates = integrations.filter((integration) => apiKeys.includes(integration.apiKey));
  if (candidates.length === 0) return { ok: false, reason: 'unknown_api_key' };
  for (const { sharedSecret } of candidates) {
    const expected = hmacSha256Hex(sharedSecret, request.body);
    if (signatures.some((signature) => hexDigestEquals(expected, signature))) return { ok: true };
  }
  return { ok: false, reason: 'signature_mismatch' };
}
