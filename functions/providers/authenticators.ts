// The providers idv-webhooks receives, as the ingest and the construct need them: names, options
// and authenticators, without the event parsers and lifecycle rules (registry.ts adds those).
// Adding a provider = its module (authenticator.ts declaring its options, adapter.ts) plus one
// entry here and one in registry.ts. Standard Webhooks senders are configured, not registered:
// each source the integrator names (standard-webhooks/sources.ts) is a provider of its own.
import { casapayProvider } from './casapay/authenticator.js';
import { onfidoProvider } from './onfido/authenticator.js';
import { personaProvider } from './persona/authenticator.js';
import type { ProviderAuthenticator, ProviderModule, ProviderOptionValues } from './provider.js';
import { standardWebhooksAuthenticator } from './standard-webhooks/authenticator.js';
import type { StandardWebhooksSource } from './standard-webhooks/sources.js';
import { stripeIdentityProvider } from './stripe-identity/authenticator.js';
import { sumsubProvider } from './sumsub/authenticator.js';
import { veriffProvider } from './veriff/authenticator.js';

/** Every provider by the name that appears in `POST /webhooks/{provider}`. */
export const PROVIDERS = {
  casapay: casapayProvider,
  veriff: veriffProvider,
  'stripe-identity': stripeIdentityProvider,
  persona: personaProvider,
  sumsub: sumsubProvider,
  onfido: onfidoProvider,
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

/** The registered module of a provider, as the generic contract (options and authenticator). */
export const providerModule = (name: ProviderName): ProviderModule => PROVIDERS[name];

/** The providers the construct receives when its props name none (docs/construct.md). */
export const DEFAULT_PROVIDER_NAMES = PROVIDER_NAMES.filter(
  (name) => providerModule(name).enabledByDefault === true,
);

/**
 * A provider name as an identifier (`stripe-identity` -> `stripeIdentity`), for names that allow
 * no dash: the stack's outputs (`stripeIdentityWebhookUrl`).
 */
export const providerKey = (name: string): string =>
  name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Refuses sources that would take a registered provider's name: its route, its secret and its
 * sessions would be ambiguous.
 */
export function checkSourceNames(sources: readonly Pick<StandardWebhooksSource, 'name'>[]): void {
  const taken = sources.filter((source) => isProviderName(source.name)).map((s) => s.name);
  if (taken.length > 0) {
    throw new Error(`Standard Webhooks sources cannot take a provider's name: ${taken.join(', ')}`);
  }
}

/**
 * The authenticators of `names` (default: all), by provider name, with their options set, and one
 * per configured Standard Webhooks source: what the ingest receives webhooks with.
 */
export function providerAuthenticators(
  options: ProviderOptions = {},
  names: readonly ProviderName[] = PROVIDER_NAMES,
  sources: readonly StandardWebhooksSource[] = [],
): ReadonlyMap<string, ProviderAuthenticator> {
  return byProviderName<ProviderAuthenticator>(
    names,
    sources,
    (name) => providerModule(name).authenticator(options[name]),
    standardWebhooksAuthenticator,
  );
}

/**
 * One value per registered provider of `names` and per configured source, by the name of its
 * route; refuses a source that takes a provider's name.
 */
export function byProviderName<T>(
  names: readonly ProviderName[],
  sources: readonly StandardWebhooksSource[],
  ofProvider: (name: ProviderName) => T,
  ofSource: (source: StandardWebhooksSource) => T,
): ReadonlyMap<string, T> {
  checkSourceNames(sources);
  return new Map<string, T>([
    ...names.map((name) => [name, ofProvider(name)] as const),
    ...sources.map((source) => [source.name, ofSource(source)] as const),
  ]);
}
