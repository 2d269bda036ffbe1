// CasaPay as a provider of idv-webhooks: secret document, signature scheme, events and lifecycle.
import * as v from 'valibot';
import type { ProviderAdapter } from '../provider.js';
import { parseSecretDocument, secretString } from '../secret-document.js';
import { parseCasaPayEvent } from './events.js';
import { type CasaPayFacts, casapayRules } from './lifecycle.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyCasaPay } from './signature.js';

/** `{"signingSecrets": ["<newest>", "<older>"]}`: every listed secret is accepted. */
const CasaPaySecretDocument = v.object({
  signingSecrets: v.pipe(v.array(secretString), v.minLength(1, 'must list at least one secret')),
});

export interface CasaPaySecrets {
  readonly signingSecrets: readonly string[];
}

export interface CasaPayOptions {
  /** Replay guard: the largest accepted `|now - t|`, in seconds. */
  readonly toleranceSeconds?: number;
}

export function casapay(
  options: CasaPayOptions = {},
): ProviderAdapter<CasaPaySecrets, CasaPayFacts> {
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  return {
    name: 'casapay',
    parseSecrets: (document) => parseSecretDocument('casapay', CasaPaySecretDocument, document),
    verify: (request, secrets, now) =>
      verifyCasaPay(request, secrets.signingSecrets, now, toleranceSeconds),
    parseEvent: parseCasaPayEvent,
    rules: casapayRules,
  };
}
