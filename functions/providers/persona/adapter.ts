// Persona as a provider of idv-webhooks: secret document, signature, events and lifecycle.
import type {
  ProviderAdapter,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import { parseSigningSecrets, type SigningSecrets } from '../secret-document.js';
import { toleranceOption } from '../timestamped-signature.js';
import { parsePersonaEvent } from './events.js';
import { type PersonaFacts, personaRules } from './lifecycle.js';
import { SIGNATURE_HEADER, signPersona, verifyPersona } from './signature.js';

/** What a deployment may set for Persona (`providers.persona.options`). */
export const PERSONA_OPTIONS = {
  toleranceSeconds: toleranceOption('PERSONA_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type PersonaOptions = ProviderOptionValues<typeof PERSONA_OPTIONS>;

export function persona(
  options: PersonaOptions = {},
): ProviderAdapter<SigningSecrets, PersonaFacts> {
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
    parseEvent: parsePersonaEvent,
    rules: personaRules,
  };
}

export const personaProvider: ProviderModule<typeof PERSONA_OPTIONS> = {
  options: PERSONA_OPTIONS,
  adapter: persona,
};
