// The providers idv-webhooks receives. Adding a provider = one module (its adapter and the options
// it declares) plus one entry here; the ingest's configuration and the construct's props follow.
import { casapayProvider } from './casapay/adapter.js';
import type { ProviderAdapter, ProviderModule, ProviderOptionValues } from './provider.js';
import { veriffProvider } from './veriff/adapter.js';

/** Every provider by the name that appears in `POST /webhooks/{provider}`. */
export const PROVIDERS = {
  casapay: casapayProvider,
  veriff: veriffProvider,
} as const;

export type ProviderName = keyof typeof PROVIDERS;

/** Option values per provider, each typed by what that provider declares. */
export type ProviderOptions = {
  readonly [Name in ProviderName]?: ProviderOptionValues<(typeof PROVIDERS)[Name]['options']>;
};

/** Every provider name, for infrastructure and tooling that must cover them all. */
export const PROVIDER_NAMES = Object.keys(PROVIDERS) as readonly ProviderName[];

export const isProviderName = (name: string): name is ProviderName =>
  Object.hasOwn(PROVIDERS, name);

/** The registered module of a provider, as the generic contract (options and adapter). */
export const providerModule = (name: ProviderName): ProviderModule => PROVIDERS[name];

/** The adapters of `names` (default: all), by provider name, with their options set. */
export function providerAdapters(
  options: ProviderOptions = {},
  names: readonly ProviderName[] = PROVIDER_NAMES,
): ReadonlyMap<string, ProviderAdapter> {
  return new Map(names.map((name) => [name, providerModule(name).adapter(options[name])]));
}
