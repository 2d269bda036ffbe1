// Stripe Identity's authentication, all the ingest loads of it: secrets, options, signature.
import type {
  ProviderAuthenticator,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { toleranceOption } from '../timestamped-signature.js';
import { SIGNATURE_HEADER, signStripeIdentity, verifyStripeIdentity } from './signature.js';

/** What a deployment may set for Stripe Identity (`providers['stripe-identity'].options`). */
export const STRIPE_IDENTITY_OPTIONS = {
  toleranceSeconds: toleranceOption('STRIPE_IDENTITY_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type StripeIdentityOptions = ProviderOptionValues<typeof STRIPE_IDENTITY_OPTIONS>;

/** Stripe Identity's authenticator: its `Stripe-Signature` within the replay window. */
export function stripeIdentityAuthenticator(
  options: StripeIdentityOptions = {},
): ProviderAuthenticator<SigningSecrets> {
  const toleranceSeconds =
    options.toleranceSeconds ?? STRIPE_IDENTITY_OPTIONS.toleranceSeconds.default;
  return {
    name: 'stripe-identity',
    parseSecrets: (document) => parseSigningSecrets('stripe-identity', document),
    verify: (request, secrets, now) =>
      verifyStripeIdentity(request, secrets.signingSecrets, now, toleranceSeconds),
    sign: (body, secrets, now) => ({
      [SIGNATURE_HEADER]: signStripeIdentity(
        body,
        newestSecret(secrets),
        Math.floor(now.getTime() / 1000),
      ),
    }),
  };
}

export const stripeIdentityProvider: ProviderModule<typeof STRIPE_IDENTITY_OPTIONS> = {
  options: STRIPE_IDENTITY_OPTIONS,
  authenticator: stripeIdentityAuthenticator,
};
