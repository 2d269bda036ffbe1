// Veriff's authentication, all the ingest loads of it: secret document and signature scheme.
import * as v from 'valibot';
import type { ProviderAuthenticator, ProviderModule } from '../provider.js';
import { parseSecretDocument, secretString } from '../secret-document.js';
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

/** Veriff's authenticator: an API key that names the integration, and its body signature. */
export function veriffAuthenticator(): ProviderAuthenticator<VeriffSecrets> {
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
  };
}

/** Veriff has no option a deployment sets. */
export const veriffProvider: ProviderModule<Record<never, never>> = {
  options: {},
  enabledByDefault: true,
  authenticator: veriffAuthenticator,
};
