// CasaPay as a provider of idv-webhooks: secret document, signature scheme, events and lifecycle.
import * as v from 'valibot';
import type {
  ProviderAdapter,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
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

/** What a deployment may set for CasaPay (the construct's `providers.casapay.options`). */
export const CASAPAY_OPTIONS = {
  toleranceSeconds: {
    env: 'CASAPAY_TOLERANCE_SECONDS',
    default: DEFAULT_TOLERANCE_SECONDS,
    description: 'Replay guard: the largest accepted |now - t| of a signature, in seconds.',
  },
} as const satisfies ProviderOptionSpecs;

export type CasaPayOptions = ProviderOptionValues<typeof CASAPAY_OPTIONS>;

export function casapay(
  options: CasaPayOptions = {},
): ProviderAdapter<CasaPaySecrets, CasaPayFacts> {
  const toleranceSeconds = options.toleranceSeconds ?? CASAPAY_OPTIONS.toleranceSeconds.default;
  return {
    name: 'casapay',
    parseSecrets: (document) => parseSecretDocument('casapay', CasaPaySecretDocument, document),
    verify: (request, secrets, now) =>
      verifyCasaPay(request, secrets.signingSecrets, now, toleranceSeconds),
    parseEvent: parseCasaPayEvent,
    rules: casapayRules,
  };
}

export const casapayProvider: ProviderModule<typeof CASAPAY_OPTIONS> = {
  options: CASAPAY_OPTIONS,
  adapter: casapay,
};
