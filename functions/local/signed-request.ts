// The providers local mode runs, their secret documents and Standard Webhooks sources, and how
// a webhook body is signed the way its provider would sign it, with those secrets.
import type { ProviderAdapter } from '../providers/provider.js';
import { PROVIDER_NAMES, providerAdapters } from '../providers/registry.js';
import {
  parseStandardWebhooksSources,
  SourceConfigError,
  STANDARD_WEBHOOKS_SOURCES_ENV,
  type StandardWebhooksSourceConfig,
  sourcesEnvironment,
} from '../providers/standard-webhooks/sources.js';
import { secretsEnvName } from '../secrets/secret-source.js';
import { DEV_SECRET_DOCUMENTS, DEV_STANDARD_WEBHOOKS_SOURCES } from './dev-secrets.js';

/** Each provider's secret document (parsed JSON, validated by the provider's adapter). */
export type LocalSecretDocuments = Readonly<Record<string, unknown>>;

/**
 * The Standard Webhooks sources local mode receives: STANDARD_WEBHOOKS_SOURCES when it is set
 * (invalid JSON fails when the sources are parsed), else the development source.
 */
export function localSourceConfigs(
  env: NodeJS.ProcessEnv = process.env,
): readonly StandardWebhooksSourceConfig[] {
  const text = env[STANDARD_WEBHOOKS_SOURCES_ENV]?.trim();
  if (!text) return DEV_STANDARD_WEBHOOKS_SOURCES;
  try {
    return JSON.parse(text) as StandardWebhooksSourceConfig[];
  } catch {
    throw new SourceConfigError(`${STANDARD_WEBHOOKS_SOURCES_ENV} is not JSON`);
  }
}

/** Every provider local mode receives: the registered ones and the sources, with their adapters. */
export const localAdapters = (
  env: NodeJS.ProcessEnv = process.env,
): ReadonlyMap<string, ProviderAdapter> =>
  providerAdapters({}, PROVIDER_NAMES, parseStandardWebhooksSources(localSourceConfigs(env)));

/** The secret documents from `<PROVIDER>_SECRETS`, or the development ones. */
export function localSecretDocuments(env: NodeJS.ProcessEnv = process.env): LocalSecretDocuments {
  const development: Readonly<Record<string, unknown>> = DEV_SECRET_DOCUMENTS;
  return Object.fromEntries(
    [...localAdapters(env).keys()].map((provider) => {
      const text = env[secretsEnvName(provider)];
      return [provider, text ? JSON.parse(text) : development[provider]];
    }),
  );
}

/** The environment the handlers read in local mode: each provider's document, and the sources. */
export function localHandlerEnvironment(
  documents: LocalSecretDocuments,
  env: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  return {
    ...Object.fromEntries(
      Object.entries(documents).map(([provider, document]) => [
        secretsEnvName(provider),
        JSON.stringify(document),
      ]),
    ),
    ...sourcesEnvironment(localSourceConfigs(env)),
  };
}

/** The headers the provider would send with `body`, signed with its first (newest) secret. */
export function signatureHeaders(
  provider: string,
  body: string | Uint8Array,
  documents: LocalSecretDocuments,
  now = new Date(),
): Record<string, string> {
  const adapter = localAdapters().get(provider);
  if (!adapter) throw new Error(`unknown provider ${provider}`);
  return adapter.sign(body, adapter.parseSecrets(documents[provider]), now);
}
