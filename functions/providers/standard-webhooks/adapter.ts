// A Standard Webhooks sender as a provider of idv-webhooks: one adapter per configured source,
// with the source's authenticator, JSON paths and status meanings.
import type { ProviderAdapter } from '../provider.js';
import { type StandardWebhooksSecrets, standardWebhooksAuthenticator } from './authenticator.js';
import { standardWebhooksParser } from './events.js';
import { type StandardWebhooksFacts, standardWebhooksRules } from './lifecycle.js';
import type { StandardWebhooksSource } from './sources.js';

/** The adapter of one configured source. */
export function standardWebhooks(
  source: StandardWebhooksSource,
): ProviderAdapter<StandardWebhooksSecrets, StandardWebhooksFacts> {
  return {
    ...standardWebhooksAuthenticator(source),
    parseEvent: standardWebhooksParser(source),
    rules: standardWebhooksRules(source),
  };
}
