// Sumsub's webhook signature: `X-Payload-Digest` is the hex HMAC of the raw body with the
// webhook's secret key, by the algorithm `X-Payload-Digest-Alg` names (HMAC_SHA1_HEX,
// HMAC_SHA256_HEX, the default, or HMAC_SHA512_HEX). No timestamp is signed.
import { bodyHmac, headerValues, matchesBodyHmac } from '../body-signature.js';
import type { HmacAlgorithm } from '../hmac.js';
import type { SignedRequest, Verification } from '../provider.js';

export const DIGEST_HEADER = 'x-payload-digest';
export const ALGORITHM_HEADER = 'x-payload-digest-alg';

/** Sumsub's names of its digest algorithms. */
export const DIGEST_ALGORITHMS: Readonly<Record<string, HmacAlgorithm>> = {
  HMAC_SHA1_HEX: 'sha1',
  HMAC_SHA256_HEX: 'sha256',
  HMAC_SHA512_HEX: 'sha512',
};

/** What Sumsub signs with when an account picked nothing else. */
export const DEFAULT_ALGORITHM = 'HMAC_SHA256_HEX';

/** The headers Sumsub would send for `body` signed with `secret` by `algorithm`. */
export function signSumsub(
  body: string | Uint8Array,
  secret: string,
  algorithm: keyof typeof DIGEST_ALGORITHMS = DEFAULT_ALGORITHM,
): Record<string, string> {
  const hmac = DIGEST_ALGORITHMS[algorithm] ?? 'sha256';
  return { [DIGEST_HEADER]: bodyHmac(body, secret, hmac), [ALGORITHM_HEADER]: algorithm };
}

/**
 * Authenticates a Sumsub webhook. A missing algorithm header means the default (SHA-256); an
 * algorithm Sumsub does not document is malformed. The algorithm header is the sender's to
 * choose, and that is safe: each of the three is an HMAC, which nobody forges without the key.
 */
export function verifySumsub(request: SignedRequest, secrets: readonly string[]): Verification {
  const digests = headerValues(request.headers, DIGEST_HEADER);
  if (digests.length === 0) return { ok: false, reason: 'missing_signature' };
  const [named, ...others] = headerValues(request.headers, ALGORITHM_HEADER);
  if (others.some((other) => other !== named)) return { ok: false, reason: 'malformed_signature' };
  const algorithm = Object.hasOwn(DIGEST_ALGORITHMS, named ?? DEFAULT_ALGORITHM)
    ? DIGEST_ALGORITHMS[named ?? DEFAULT_ALGORITHM]
    : undefined;
  if (algorithm === undefined) return { ok: false, reason: 'malformed_signature' };
  return matchesBodyHmac(request.body, secrets, digests, algorithm)
    ? { ok: true }
    : { ok: false, reason: 'signature_mismatch' };
}
