// HMAC signing and constant-time comparison shared by every provider's signature scheme.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC digests the providers sign with (Sumsub lets an account pick among all three). */
export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** The raw HMAC of `parts` (concatenated, no separator) keyed by `secret`. */
export function hmacDigest(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
  ...parts: (string | Uint8Array)[]
): Buffer {
  const hmac = createHmac(algorithm, secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** Lowercase hex HMAC of `parts` (concatenated, no separator) keyed by `secret`. */
export function hmacHex(
  algorithm: HmacAlgorithm,
  secret: string | Uint8Array,
  ...parts: (string | Uint8Array)[]
): string {
  return hmacDigest(algorithm, secret, ...parts).toString('hex');
}

/** Lowercase hex HMAC-SHA256 of `parts` (concatenated, no separator) keyed by `secret`. */
export function hmacSha256Hex(secret: string, ...parts: (string | Uint8Array)[]): string {
  return hmacHex('sha256', secret, ...parts);
}

const LOWERCASE_HEX = /^[0-9a-f]+$/;

/**
 * Compares two digests in constant time. The length check comes first because `timingSafeEqual`
 * throws on unequal lengths; a digest's length is public, so returning early on it leaks nothing.
 */
export function digestEquals(expected: Uint8Array, candidate: Uint8Array): boolean {
  return expected.byteLength === candidate.byteLength && timingSafeEqual(expected, candidate);
}

/**
 * Compares an expected digest with a candidate in lowercase hex, in constant time. A candidate that
 * is not lowercase hex of the digest's length never matches. The expected digest stays raw, so a
 * check costs one hex decoding, of the candidate, and no encoding.
 */
export function hexDigestEquals(expected: Uint8Array, candidateHex: string): boolean {
  if (candidateHex.length !== expected.byteLength * 2 || !LOWERCASE_HEX.test(candidateHex)) {
    return false;
  }
  return digestEquals(expected, Buffer.from(candidateHex, 'hex'));
}
