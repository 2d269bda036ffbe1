// CasaPay as a provider of idv-webhooks: secret document, signature scheme, events and lifecycle.
import type {
  ProviderAdapter,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { toleranceOption } from '../timestamped-signature.js';
import { parseCasaPayEvent } from './events.js';
import { type CasaPayFacts, casapayRules } from './lifecycle.js';
import { SIGNATURE_HEADER, signCasaPay, verifyCasaPay } from './signature.js';

/** `{"signingSecrets": ["<newest>", "<older>"]}`: every listed secret is accepted. */
export type CasaPaySecrets = SigningSecrets;

/** What a deployment may set for CasaPay (the construct's `providers.casapay.options`). */
export const CASAPAY_OPTIONS = {
  toleranceSeconds: toleranceOption('CASAPAY_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type CasaPayOptions = ProviderOptionValues<typeof CASAPAY_OPTIONS>;

export function casapay(
  options: CasaPayOptions = {},
): ProviderAdapter<CasaPaySecrets, CasaPayFacts> {
  const toleranceSeconds = options.toleranceSeconds ?? CASAPAY_OPTIONS.toleranceSeconds.default;
  return {
    name: 'casapay',
    parseSecrets: (document) => parseSigningSecrets('casapay', document),
    verify: (request, secrets, now) =>
      verifyCasaPay(request, secrets.signingSecrets, now, toleranceSeconds),
    sign: (body, secrets, now) => ({
      [SIGNATURE_HEADER]: signCasaPay(
        body,
        newestSecret(secrets),
        Math.floor(now.getTime() / 1000),
      ),
    }),
    parseEvent: parseCasaPayEvent,
    rules: casapayRules,
  };
}

export const casapayProvider: ProviderModule<typeof CASAPAY_OPTIONS> = {
  options: CASAPAY_OPTIONS,
  enabledByDefault: true,
  adapter: casapay,
};
