// The scheme Veriff, Onfido and Sumsub share: a hex HMAC of the raw body in a header, keyed with
// a shared secret, and no timestamp (the consumer's deduplication makes a replay harmless).
import { type HmacAlgorithm, hexDigestEquals, hmacDigest, hmacHex } from './hmac.js';
import type { SignedRequest } from './provider.js';

/**
 * The comma-separated values of a header under any of its names, trimmed: API Gateway joins a
 * repeated header with commas, and no hex digest or key contains one.
 */
export function headerValues(headers: SignedRequest['headers'], ...names: string[]): string[] {
  // A loop rather than flatMap/map/filter: it runs twice on every webhook (docs/benchmarks.md, §1).
  const values: string[] = [];
  for (const name of names) {
    const header = headers[name];
    if (header === undefined) continue;
    for (const part of header.split(',')) {
      const value = part.trim();
      if (value !== '') values.push(value);
    }
  }
  return values;
}

/** The hex HMAC of `body` that a provider signing with `secret` sends. */
export const bodyHmac = (body: string | Uint8Array, secret: string, algorithm: HmacAlgorithm) =>
  hmacHex(algorithm, secret, body);

/**
 * Whether any of `signatures` (hex, compared case-insensitively) is the HMAC of `body` with any
 * of `secrets`: every secret is tried, so a rotation is two entries in the secret document.
 */
export function matchesBodyHmac(
  body: Uint8Array,
  secrets: readonly string[],
  signatures: readonly string[],
  algorithm: HmacAlgorithm = 'sha256',
): boolean {
  const candidates = signatures.map((s) => s.toLowerCase());
  return secrets.some((secret) => {
    const expected = hmacDigest(algorithm, secret, body);
    return candidates.some((candidate) => hexDigestEquals(expected, candidate));
  });
}
