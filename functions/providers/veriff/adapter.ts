// Veriff as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import { type VeriffSecrets, veriffAuthenticator } from './authenticator.js';
import { parseVeriffEvent } from './events.js';
import { type VeriffFacts, veriffRules } from './lifecycle.js';

export function veriff(): ProviderAdapter<VeriffSecrets, VeriffFacts> {
  return { ...veriffAuthenticator(), parseEvent: parseVeriffEvent, rules: veriffRules };
}
