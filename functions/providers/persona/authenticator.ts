// Persona's authentication, all the ingest loads of it: secrets, options, signature scheme.
import type {
  ProviderAuthenticator,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { timestampedAuthenticator, toleranceOption } from '../timestamped-signature.js';
import { SIGNATURE_HEADER, signPersona, verifyPersona } from './signature.js';

/** What a deployment may set for Persona (`providers.persona.options`). */
export const PERSONA_OPTIONS = {
  toleranceSeconds: toleranceOption('PERSONA_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type PersonaOptions = ProviderOptionValues<typeof PERSONA_OPTIONS>;

/**
 * Persona's authenticator: its `Persona-Signature` within the replay window. Signed with the
 * newest secret only, one group, as Persona sends it outside a rotation.
 */
export const personaAuthenticator = (
  options: PersonaOptions = {},
): ProviderAuthenticator<SigningSecrets> =>
  timestampedAuthenticator({
    name: 'persona',
    header: SIGNATURE_HEADER,
    parseSecrets: (document) => parseSigningSecrets('persona', document),
    toleranceSeconds: options.toleranceSeconds,
    scheme: { sign: (body, secret, t) => signPersona(body, [secret], t), verify: verifyPersona },
  });

export const personaProvider: ProviderModule<typeof PERSONA_OPTIONS> = {
  options: PERSONA_OPTIONS,
  authenticator: personaAuthenticator,
};
