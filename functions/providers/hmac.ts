// HMAC-SHA256 signing and constant-time comparison shared by every provider's signature scheme.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Lowercase hex HMAC-SHA256 of `parts` (concatenated, no separator) keyed by `secret`. */
export function hmacSha256Hex(secret: string, ...parts: (string | Uint8Array)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Compares an expected lowercase hex digest with a candidate in constant time.
 * The length check comes first because `timingSafeEqual` throws on unequal lengths; a digest's
 * length is public, so returning early on it leaks nothing.
 */
export function hexDigestEquals(expectedHex: string, candidateHex: string): boolean {
  if (!HEX_SHA256.test(candidateHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(candidateHex, 'hex'));
}
