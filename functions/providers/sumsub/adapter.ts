// Sumsub as a provider of idv-webhooks: secret document, signature, events and lifecycle.
import type { ProviderAdapter, ProviderModule } from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { parseSumsubEvent } from './events.js';
import { type SumsubFacts, sumsubRules } from './lifecycle.js';
import { signSumsub, verifySumsub } from './signature.js';

export function sumsub(): ProviderAdapter<SigningSecrets, SumsubFacts> {
  return {
    name: 'sumsub',
    parseSecrets: (document) => parseSigningSecrets('sumsub', document),
    verify: (request, secrets) => verifySumsub(request, secrets.signingSecrets),
    sign: (body, secrets) => signSumsub(body, newestSecret(secrets)),
    parseEvent: parseSumsubEvent,
    rules: sumsubRules,
  };
}

/** Sumsub signs no timestamp, so it has no replay window to set. */
export const sumsubProvider: ProviderModule<Record<never, never>> = {
  options: {},
  adapter: sumsub,
};
