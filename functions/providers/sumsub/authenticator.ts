// Sumsub's authentication, all the ingest loads of it: secret document and signature scheme.
import type { ProviderAuthenticator, ProviderModule } from '../provider.js';
import { newestSecret, parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { signSumsub, verifySumsub } from './signature.js';

/** Sumsub's authenticator: its body digest, with the algorithm the request names. */
export function sumsubAuthenticator(): ProviderAuthenticator<SigningSecrets> {
  return {
    name: 'sumsub',
    parseSecrets: (document) => parseSigningSecrets('sumsub', document),
    verify: (request, secrets) => verifySumsub(request, secrets.signingSecrets),
    sign: (body, secrets) => signSumsub(body, newestSecret(secrets)),
  };
}

/** Sumsub signs no timestamp, so it has no replay window to set. */
export const sumsubProvider: ProviderModule<Record<never, never>> = {
  options: {},
  authenticator: sumsubAuthenticator,
};
