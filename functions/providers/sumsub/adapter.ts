// Sumsub as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import type { SigningSecrets } from '../secret-document.js';
import { sumsubAuthenticator } from './authenticator.js';
import { parseSumsubEvent } from './events.js';
import { type SumsubFacts, sumsubRules } from './lifecycle.js';

export function sumsub(): ProviderAdapter<SigningSecrets, SumsubFacts> {
  return { ...sumsubAuthenticator(), parseEvent: parseSumsubEvent, rules: sumsubRules };
}
