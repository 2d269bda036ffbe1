// Onfido as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import type { SigningSecrets } from '../secret-document.js';
import { onfidoAuthenticator } from './authenticator.js';
import { parseOnfidoEvent } from './events.js';
import { type OnfidoFacts, onfidoRules } from './lifecycle.js';

export function onfido(): ProviderAdapter<SigningSecrets, OnfidoFacts> {
  return { ...onfidoAuthenticator(), parseEvent: parseOnfidoEvent, rules: onfidoRules };
}
