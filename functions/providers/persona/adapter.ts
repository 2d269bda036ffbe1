// Persona as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import type { SigningSecrets } from '../secret-document.js';
import { type PersonaOptions, personaAuthenticator } from './authenticator.js';
import { parsePersonaEvent } from './events.js';
import { type PersonaFacts, personaRules } from './lifecycle.js';

export function persona(
  options: PersonaOptions = {},
): ProviderAdapter<SigningSecrets, PersonaFacts> {
  return { ...personaAuthenticator(options), parseEvent: parsePersonaEvent, rules: personaRules };
}
