// The providers idv-webhooks receives. Adding a provider = one adapter module plus one entry here.
import { type CasaPayOptions, casapay } from './casapay/adapter.js';
import type { ProviderAdapter } from './provider.js';
import { veriff } from './veriff/adapter.js';

export interface ProviderOptions {
  readonly casapay?: CasaPayOptions;
}

/** The intake adapters by the name that appears in `POST /webhooks/{provider}`. */
export function providerAdapters(
  options: ProviderOptions = {},
): ReadonlyMap<string, ProviderAdapter> {
  return new Map<string, ProviderAdapter>([
    ['casapay', casapay(options.casapay)],
    ['veriff', veriff()],
  ]);
}

/** Every provider name, for infrastructure and tooling that must cover them all. */
export const PROVIDER_NAMES: readonly string[] = [...providerAdapters().keys()];
