// The providers whole, for the functions that read events (consumer, report fetcher, local mode,
// tests): each provider's adapter by name. The names, options and authenticators live in
// authenticators.ts, re-exported here, so that the ingest can load them without any event parser.
import {
  byProviderName,
  PROVIDER_NAMES,
  type ProviderName,
  type ProviderOptions,
} from './authenticators.js';
import { casapay } from './casapay/adapter.js';
import { onfido } from './onfido/adapter.js';
import { persona } from './persona/adapter.js';
import type { ProviderAdapter } from './provider.js';
import { standardWebhooks } from './standard-webhooks/adapter.js';
import type { StandardWebhooksSource } from './standard-webhooks/sources.js';
import { stripeIdentity } from './stripe-identity/adapter.js';
import { sumsub } from './sumsub/adapter.js';
import { veriff } from './veriff/adapter.js';

export {
  checkSourceNames,
  DEFAULT_PROVIDER_NAMES,
  isProviderName,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderName,
  type ProviderOptions,
  providerAuthenticators,
  providerKey,
  providerModule,
} from './authenticators.js';

/** Each provider's adapter given its options: a registered provider without one does not compile. */
const ADAPTERS: {
  readonly [Name in ProviderName]: (options: ProviderOptions[Name]) => ProviderAdapter;
} = {
  casapay,
  veriff,
  'stripe-identity': stripeIdentity,
  persona,
  sumsub,
  onfido,
};

/**
 * The adapters of `names` (default: all), by provider name, with their options set, and one per
 * configured Standard Webhooks source.
 */
export function providerAdapters(
  options: ProviderOptions = {},
  names: readonly ProviderName[] = PROVIDER_NAMES,
  sources: readonly StandardWebhooksSource[] = [],
): ReadonlyMap<string, ProviderAdapter> {
  return byProviderName<ProviderAdapter>(
    names,
    sources,
    (name) => adapterOf(name, options),
    standardWebhooks,
  );
}

/** One provider's adapter; the generic lookup over the mapped type needs the name's own type. */
const adapterOf = <Name extends ProviderName>(name: Name, options: ProviderOptions) =>
  ADAPTERS[name](options[name]);
