// Persona's authentication, all the ingest loads of it: secrets, options, signature scheme.
import type {
  ProviderAuthenticator,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { toleranceOption } from '../timestamped-signature.js';
import { SIGNATURE_HEADER, signPersona, verifyPersona } from './signature.js';

/** What a deployment may set for Persona (`providers.persona.options`). */
export const PERSONA_OPTIONS = {
  toleranceSeconds: toleranceOption('PERSONA_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type PersonaOptions = ProviderOptionValues<typeof PERSONA_OPTIONS>;

/** Persona's authenticator: its `Persona-Signature` within the replay window. */
export function personaAuthenticator(
  options: PersonaOptions = {},
): ProviderAuthenticator<SigningSecrets> {
  const toleranceSeconds = options.toleranceSeconds ?? PERSONA_OPTIONS.toleranceSeconds.default;
  return {
    name: 'persona',
    parseSecrets: (document) => parseSigningSecrets('persona', document),
    verify: (request, secrets, now) =>
      verifyPersona(request, secrets.signingSecrets, now, toleranceSeconds),
    sign: (body, secrets, now) => ({
      [SIGNATURE_HEADER]: signPersona(
        body,
        secrets.signingSecrets.slice(0, 1),
        Math.floor(now.getTime() / 1000),
      ),
    }),
  };
}

export const personaProvider: ProviderModule<typeof PERSONA_OPTIONS> = {
  options: PERSONA_OPTIONS,
  authenticator: personaAuthenticator,
};
