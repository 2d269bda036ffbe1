// CasaPay as a provider of idv-webhooks: its authenticator, events and lifecycle.
import type { ProviderAdapter } from '../provider.js';
import { type CasaPayOptions, type CasaPaySecrets, casapayAuthenticator } from './authenticator.js';
import { parseCasaPayEvent } from './events.js';
import { type CasaPayFacts, type CasaPayRuleSettings, casapayRulesWith } from './lifecycle.js';

/**
 * CasaPay's adapter. `settings.awaitReports` is on where the deployment retrieves reports (the
 * consumer's and the report fetcher's CASAPAY_REPORT_RETRIEVAL): a completed session then waits
 * for its report's outcome.
 */
export function casapay(
  options: CasaPayOptions = {},
  settings: CasaPayRuleSettings = {},
): ProviderAdapter<CasaPaySecrets, CasaPayFacts> {
  return {
    ...casapayAuthenticator(options),
    parseEvent: parseCasaPayEvent,
    rules: casapayRulesWith(settings),
  };
}
