// The Stripe-style signature scheme that CasaPay, Stripe Identity and Persona share:
// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, with a replay window on `t`.
import { hexDigestEquals, hmacDigest, hmacSha256Hex } from './hmac.js';
import type { ProviderAuthenticator, SignedRequest, Verification } from './provider.js';
import { newestSecret, type SigningSecrets } from './secret-document.js';

/**
 * How far the signed timestamp may be from our clock, either way. Five minutes is the industry
 * default for this scheme (Stripe's `DEFAULT_TOLERANCE`): wide enough for clock skew and the
 * provider's own queueing, narrow enough that a captured request cannot be replayed later.
 */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** One signed timestamp and the `v1` signatures made for it. */
export interface TimestampedSignature {
  readonly timestamp: number;
  readonly signatures: readonly string[];
}

const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * The `key=value` elements of a header, in order; whitespace around them is ignored. A plain
 * loop: it runs on every webhook, and each array `split` and `flatMap` allocate is one more
 * thing between the ingest and its SQS call (docs/benchmarks.md, §1).
 */
function elements(header: string, separator: RegExp): [string, string][] {
  const found: [string, string][] = [];
  for (const element of header.split(separator)) {
    const at = element.indexOf('=');
    if (at >= 0) found.push([element.slice(0, at).trim(), element.slice(at + 1).trim()]);
  }
  return found;
}

/**
 * Parses `t=...,v1=...` in any order (CasaPay, Stripe). Several `v1` entries are allowed (the
 * provider signs with each active secret during a rotation); unknown schemes such as `v0` are
 * ignored so that the provider can add one without breaking us. Two different `t` values make the
 * header ambiguous.
 */
export function parseTimestampedSignature(header: string): TimestampedSignature | undefined {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const [key, value] of elements(header, /,/)) {
    if (key === 't') {
      if (timestamp !== undefined && timestamp !== value) return undefined;
      timestamp = value;
    } else if (key === 'v1' && value !== '') {
      signatures.push(value);
    }
  }
  if (timestamp === undefined || !UNIX_SECONDS.test(timestamp) || signatures.length === 0) {
    return undefined;
  }
  return { timestamp: Number(timestamp), signatures };
}

/**
 * Parses Persona's form: during a rotation the header carries one `t=...,v1=...` group per secret,
 * separated by spaces, and each group may have its own `t`. A group starts at each `t`; groups
 * without a valid `t` or any `v1` are ignored, and a header with no usable group is malformed.
 */
export function parseTimestampedSignatureGroups(
  header: string,
): readonly TimestampedSignature[] | undefined {
  const groups: { timestamp: string; signatures: string[] }[] = [];
  for (const [key, value] of elements(header, /[\s,]+/)) {
    if (key === 't') groups.push({ timestamp: value, signatures: [] });
    else if (key === 'v1' && value !== '') groups.at(-1)?.signatures.push(value);
  }
  const usable = groups
    .filter((g) => UNIX_SECONDS.test(g.timestamp) && g.signatures.length > 0)
    .map((g) => ({ timestamp: Number(g.timestamp), signatures: g.signatures }));
  return usable.length === 0 ? undefined : usable;
}

/** The header value the provider would send for `body` signed at `timestamp` (unix seconds). */
export function signTimestamped(body: string | Uint8Array, secret: string, timestamp: number) {
  return `t=${timestamp},v1=${hmacSha256Hex(secret, `${timestamp}.`, body)}`;
}

/**
 * Authenticates `body` against the parsed groups of a header: a group whose timestamp is within
 * `toleranceSeconds` of `now` (inclusive, either way) and one `v1` of it made by any of the
 * secrets. Timestamps are checked first, so a replayed request costs no HMAC.
 */
export function verifyTimestamped(
  header: string | undefined,
  parse: (header: string) => readonly TimestampedSignature[] | undefined,
  body: Uint8Array,
  secrets: readonly string[],
  now: Date,
  toleranceSeconds: number,
): Verification {
  if (header === undefined || header.trim() === '') {
    return { ok: false, reason: 'missing_signature' };
  }
  const groups = parse(header);
  if (groups === undefined) return { ok: false, reason: 'malformed_signature' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const fresh = groups.filter((g) => Math.abs(nowSeconds - g.timestamp) <= toleranceSeconds);
  if (fresh.length === 0) return { ok: false, reason: 'stale_timestamp' };
  for (const { timestamp, signatures } of fresh) {
    for (const secret of secrets) {
      const expected = hmacDigest('sha256', secret, `${timestamp}.`, body);
      if (signatures.some((candidate) => hexDigestEquals(expected, candidate))) return { ok: true };
    }
  }
  return { ok: false, reason: 'signature_mismatch' };
}

/** `parseTimestampedSignature` as a list of groups, for `verifyTimestamped`. */
export const singleGroup = (header: string): readonly TimestampedSignature[] | undefined => {
  const parsed = parseTimestampedSignature(header);
  return parsed === undefined ? undefined : [parsed];
};

/**
 * The replay window as a provider option (CasaPay, Stripe Identity, Persona): the construct's
 * `providers.<name>.options.toleranceSeconds`, carried to the ingest in `env`.
 */
export const toleranceOption = (env: string) =>
  ({
    env,
    default: DEFAULT_TOLERANCE_SECONDS,
    description: 'Replay guard: the largest accepted |now - t| of a signature, in seconds.',
  }) as const;

/** A provider's Stripe-style scheme: the header it signs in, and how that header is grouped. */
export interface TimestampedScheme {
  /** The header value the provider would send for `body` signed at `timestamp` with `secret`. */
  sign(body: string | Uint8Array, secret: string, timestamp: number): string;
  /** Authenticates `request` against any of `secrets`, within `toleranceSeconds` of `now`. */
  verify(
    request: SignedRequest,
    secrets: readonly string[],
    now: Date,
    toleranceSeconds: number,
  ): Verification;
}

/** The scheme signed in `header` (lowercase), its groups read by `parse`. */
export function timestampedScheme(
  header: string,
  parse: (header: string) => readonly TimestampedSignature[] | undefined = singleGroup,
): TimestampedScheme {
  return {
    sign: signTimestamped,
    verify: (request, secrets, now, toleranceSeconds) =>
      verifyTimestamped(
        request.headers[header],
        parse,
        request.body,
        secrets,
        now,
        toleranceSeconds,
      ),
  };
}

/**
 * The authenticator of a provider that signs with this scheme (CasaPay, Stripe Identity, Persona):
 * every listed signing secret verifies within the replay window, and `sign` signs with the newest,
 * as the provider does between rotations.
 */
export function timestampedAuthenticator<Secrets extends SigningSecrets>(provider: {
  readonly name: string;
  readonly header: string;
  readonly parseSecrets: (document: unknown) => Secrets;
  readonly toleranceSeconds: number | undefined;
  readonly scheme?: TimestampedScheme;
}): ProviderAuthenticator<Secrets> {
  const { name, header, parseSecrets, scheme = timestampedScheme(header) } = provider;
  const toleranceSeconds = provider.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  return {
    name,
    parseSecrets,
    verify: (request, secrets, now) =>
      scheme.verify(request, secrets.signingSecrets, now, toleranceSeconds),
    sign: (body, secrets, now) => ({
      [header]: scheme.sign(body, newestSecret(secrets), Math.floor(now.getTime() / 1000)),
    }),
  };
}
