// Stripe's webhook signature, as Stripe Identity sends it: `Stripe-Signature: t=<unix seconds>,
// v1=<hex HMAC-SHA256 of "<t>.<raw body>">[,v1=...]` with the endpoint's `whsec_...` secret;
// `v0` (test-mode legacy) and other schemes are ignored.
import { type TimestampedScheme, timestampedScheme } from '../timestamped-signature.js';

export const SIGNATURE_HEADER = 'stripe-signature';

const scheme = timestampedScheme(SIGNATURE_HEADER);

/** The `Stripe-Signature` Stripe would send for `body` signed at `timestamp` (unix seconds). */
export const signStripeIdentity: TimestampedScheme['sign'] = scheme.sign;

/**
 * Authenticates a Stripe webhook: a timestamp within `toleranceSeconds` (Stripe's libraries use
 * 300 s) and one `v1` made by any of the endpoint's signing secrets. During a secret roll Stripe
 * signs with both the old and the new secret, so several `v1` entries arrive.
 */
export const verifyStripeIdentity: TimestampedScheme['verify'] = scheme.verify;
