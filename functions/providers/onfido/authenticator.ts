// Onfido's authentication, all the ingest loads of it: secret document and signature scheme.
import type { ProviderAuthenticator, ProviderModule } from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { SIGNATURE_HEADER, signOnfido, verifyOnfido } from './signature.js';

/** `{"signingSecrets": ["<webhook token>", ...]}`: Onfido's webhook tokens. */
export function onfidoAuthenticator(): ProviderAuthenticator<SigningSecrets> {
  return {
    name: 'onfido',
    parseSecrets: (document) => parseSigningSecrets('onfido', document),
    verify: (request, secrets) => verifyOnfido(request, secrets.signingSecrets),
    sign: (body, secrets) => ({ [SIGNATURE_HEADER]: signOnfido(body, newestSecret(secrets)) }),
  };
}

/** Onfido signs no timestamp, so it has no replay window to set. */
export const onfidoProvider: ProviderModule<Record<never, never>> = {
  options: {},
  authenticator: onfidoAuthenticator,
};
