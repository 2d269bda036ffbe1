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
import { type CasaPayFacts, type CasaPayRuleSettings, casapayRulesWith } from './lifecycle.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyCasaPay } from './signature.js';

/**
 * An API key goes into an `Authorization` header: printable ASCII without spaces (CasaPay's are
 * `sk_test_...` or `sk_live_...`), so that a pasted key can never break or extend the header.
 */
const apiKey = v.pipe(
  secretString,
  v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/**
 * `{"signingSecrets": ["<newest>", "<older>"], "apiKey": "sk_live_..."}`: every listed secret is
 * accepted; the API key, optional, is what the report fetcher retrieves reports with (without it,
 * reports are not retrieved: docs/reports.md).
 */
const CasaPaySecretDocument = v.object({
  signingSecrets: v.pipe(v.array(secretString), v.minLength(1, 'must list at least one secret')),
  apiKey: v.optional(apiKey),
});

export interface CasaPaySecrets {
  readonly signingSecrets: readonly string[];
  /** CasaPay's secret API key, for retrieving verification reports. */
  readonly apiKey?: string | undefined;
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

/**
 * CasaPay's adapter. `settings.awaitReports` is on where the deployment retrieves reports (the
 * consumer's and the report fetcher's CASAPAY_REPORT_RETRIEVAL): a completed session then waits
 * for its report's outcome.
 */
export function casapay(
  options: CasaPayOptions = {},
  settings: CasaPayRuleSettings = {},
): ProviderAdapter<CasaPaySecrets, CasaPayFacts> {
  const toleranceSeconds = options.toleranceSeconds ?? CASAPAY_OPTIONS.toleranceSeconds.default;
  return {
    name: 'casapay',
    parseSecrets: (document) => parseSecretDocument('casapay', CasaPaySecretDocument, document),
    verify: (request, secrets, now) =>
      verifyCasaPay(request, secrets.signingSecrets, now, toleranceSeconds),
    parseEvent: parseCasaPayEvent,
    rules: casapayRulesWith(settings),
  };
}

export const casapayProvider: ProviderModule<typeof CASAPAY_OPTIONS> = {
  options: CASAPAY_OPTIONS,
  adapter: (options) => casapay(options),
};
