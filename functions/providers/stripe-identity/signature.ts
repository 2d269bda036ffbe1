// Stripe's webhook signature, as Stripe Identity sends it: `Stripe-Signature: t=<unix seconds>,
// v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=...]` with the endpoint's `whsec_...` secret;
// `v0` (test-mode legacy) and other schemes are ignored.
import type { SignedRequest, Verification } from '../provider.js';
import { signTimestamped, singleGroup, verifyTimestamped } from '../timestamped-signature.js';

export const SIGNATURE_HEADER = 'stripe-signature';

/** The `Stripe-Signature` Stripe would send for `body` signed at `timestamp` (unix seconds). */
export function signStripeIdentity(
  body: string | Uint8Array,
  secret: string,
  timestamp: number,
): string {
  return signTimestamped(body, secret, timestamp);
}

/**
 * Authenticates a Stripe webhook: a timestamp within `toleranceSeconds` (Stripe's libraries use
 * 300 s) and one `v1` made by any of the endpoint's signing secrets. During a secret roll Stripe
 * signs with both the old and the new secret, so several `v1` entries arrive.
 */
export function verifyStripeIdentity(
  request: SignedRequest,
  signingSecrets: readonly string[],
  now: Date,
  toleranceSeconds: number,
): Verification {
  return verifyTimestamped(
    request.headers[SIGNATURE_HEADER],
    singleGroup,
    request.body,
    signingSecrets,
    now,
    toleranceSeconds,
  );
}
