// Stripe Identity's authentication, all the ingest loads of it: secrets, options, signature.
import type {
  ProviderAuthenticator,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { timestampedAuthenticator, toleranceOption } from '../timestamped-signature.js';
import { SIGNATURE_HEADER, signStripeIdentity, verifyStripeIdentity } from './signature.js';

/** What a deployment may set for Stripe Identity (`providers['stripe-identity'].options`). */
export const STRIPE_IDENTITY_OPTIONS = {
  toleranceSeconds: toleranceOption('STRIPE_IDENTITY_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type StripeIdentityOptions = ProviderOptionValues<typeof STRIPE_IDENTITY_OPTIONS>;

/** Stripe Identity's authenticator: its `Stripe-Signature` within the replay window. */
export const stripeIdentityAuthenticator = (
  options: StripeIdentityOptions = {},
): ProviderAuthenticator<SigningSecrets> =>
  timestampedAuthenticator({
    name: 'stripe-identity',
    header: SIGNATURE_HEADER,
    parseSecrets: (document) => parseSigningSecrets('stripe-identity', document),
    toleranceSeconds: options.toleranceSeconds,
    scheme: { sign: signStripeIdentity, verify: verifyStripeIdentity },
  });

export const stripeIdentityProvider: ProviderModule<typeof STRIPE_IDENTITY_OPTIONS> = {
  options: STRIPE_IDENTITY_OPTIONS,
  authenticator: stripeIdentityAuthenticator,
};
