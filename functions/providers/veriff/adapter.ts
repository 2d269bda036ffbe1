// Veriff as a provider of idv-webhooks: secret document, signature scheme, events and lifecycle.
import * as v from 'valibot';
import type { ProviderAdapter, ProviderModule } from '../provider.js';
import { parseSecretDocument, secretString } from '../secret-document.js';
import { parseVeriffEvent } from './events.js';
import { type VeriffFacts, veriffRules } from './lifecycle.js';
import {
  API_KEY_HEADER,
  SIGNATURE_HEADER,
  signVeriff,
  type VeriffIntegration,
  verifyVeriff,
} from './signature.js';

/** `{"integrations": [{"apiKey": "...", "sharedSecret": "..."}]}`. */
const VeriffSecretDocument = v.object({
  integrations: v.pipe(
    v.array(v.object({ apiKey: secretString, sharedSecret: secretString })),
    v.minLength(1, 'must list at least one integration'),
  ),
});

export interface VeriffSecrets {
  readonly integrations: readonly VeriffIntegration[];
}

export function veriff(): ProviderAdapter<VeriffSecrets, VeriffFacts> {
  return {
    name: 'veriff',
    parseSecrets: (document) => parseSecretDocument('veriff', VeriffSecretDocument, document),
    verify: (request, secrets) => verifyVeriff(request, secrets.integrations),
    sign: (body, secrets) => {
      const integration = secrets.integrations[0] ?? { apiKey: '', sharedSecret: '' };
      return {
        [API_KEY_HEADER]: integration.apiKey,
        [SIGNATURE_HEADER]: signVeriff(body, integration.sharedSecret),
      };
    },
    parseEvent: parseVeriffEvent,
    rules: veriffRules,
  };
}

/** Veriff has no option a deployment sets. */
export const veriffProvider: ProviderModule<Record<never, never>> = {
  options: {},
  enabledByDefault: true,
  adapter: veriff,
};
