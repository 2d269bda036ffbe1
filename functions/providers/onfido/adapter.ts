// Onfido as a provider of idv-webhooks: secret document, signature, events and lifecycle.
import type { ProviderAdapter, ProviderModule } from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { parseOnfidoEvent } from './events.js';
import { type OnfidoFacts, onfidoRules } from './lifecycle.js';
import { SIGNATURE_HEADER, signOnfido, verifyOnfido } from './signature.js';

/** `{"signingSecrets": ["<webhook token>", ...]}`: Onfido's webhook tokens. */
export function onfido(): ProviderAdapter<SigningSecrets, OnfidoFacts> {
  return {
    name: 'onfido',
    parseSecrets: (document) => parseSigningSecrets('onfido', document),
    verify: (request, secrets) => verifyOnfido(request, secrets.signingSecrets),
    sign: (body, secrets) => ({ [SIGNATURE_HEADER]: signOnfido(body, newestSecret(secrets)) }),
    parseEvent: parseOnfidoEvent,
    rules: onfidoRules,
  };
}

/** Onfido signs no timestamp, so it has no replay window to set. */
export const onfidoProvider: ProviderModule<Record<never, never>> = {
  options: {},
  adapter: onfido,
};
