// Stripe Identity as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import type { SigningSecrets } from '../secret-document.js';
import { type StripeIdentityOptions, stripeIdentityAuthenticator } from './authenticator.js';
import { parseStripeIdentityEvent } from './events.js';
import { type StripeIdentityFacts, stripeIdentityRules } from './lifecycle.js';

export function stripeIdentity(
  options: StripeIdentityOptions = {},
): ProviderAdapter<SigningSecrets, StripeIdentityFacts> {
  return {
    ...stripeIdentityAuthenticator(options),
    parseEvent: parseStripeIdentityEvent,
    rules: stripeIdentityRules,
  };
}
