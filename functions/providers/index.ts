// The providers library, `idv-webhooks/providers`: each provider's signature scheme (sign and
// verify, pure, no AWS), its secret document and its event parser, usable in any Node service.
// `<provider>Authenticator` is the authentication half alone, for a service that only verifies.

export { PROVIDER_NAMES, type ProviderName, providerAuthenticators } from './authenticators.js';
export { casapay } from './casapay/adapter.js';
export {
  type CasaPayOptions,
  type CasaPaySecrets,
  casapayAuthenticator,
} from './casapay/authenticator.js';
export {
  DEFAULT_TOLERANCE_SECONDS as CASAPAY_DEFAULT_TOLERANCE_SECONDS,
  parseSignatureHeader as parseCasaPaySignatureHeader,
  SIGNATURE_HEADER as CASAPAY_SIGNATURE_HEADER,
  signCasaPay,
  verifyCasaPay,
} from './casapay/signature.js';
export type { Delivery, ParsedEvent, QuarantineReason } from './event-parsing.js';
export { onfido } from './onfido/adapter.js';
export { onfidoAuthenticator } from './onfido/authenticator.js';
export {
  SIGNATURE_HEADER as ONFIDO_SIGNATURE_HEADER,
  signOnfido,
  verifyOnfido,
} from './onfido/signature.js';
export { persona } from './persona/adapter.js';
export { type PersonaOptions, personaAuthenticator } from './persona/authenticator.js';
export {
  SIGNATURE_HEADER as PERSONA_SIGNATURE_HEADER,
  signPersona,
  verifyPersona,
} from './persona/signature.js';
export {
  type AuthFailureReason,
  type ProviderAdapter,
  type ProviderAuthenticator,
  SecretDocumentError,
  type SignedRequest,
  type Verification,
} from './provider.js';
export { providerAdapters } from './registry.js';
export { standardWebhooks } from './standard-webhooks/adapter.js';
export {
  type StandardWebhooksSecrets,
  standardWebhooksAuthenticator,
} from './standard-webhooks/authenticator.js';
export {
  ID_HEADER as STANDARD_WEBHOOKS_ID_HEADER,
  SIGNATURE_HEADER as STANDARD_WEBHOOKS_SIGNATURE_HEADER,
  signStandardWebhook,
  TIMESTAMP_HEADER as STANDARD_WEBHOOKS_TIMESTAMP_HEADER,
  verifyStandardWebhook,
} from './standard-webhooks/signature.js';
export {
  parseStandardWebhooksSources,
  type StandardWebhooksSource,
  type StandardWebhooksSourceConfig,
} from './standard-webhooks/sources.js';
export { stripeIdentity } from './stripe-identity/adapter.js';
export {
  type StripeIdentityOptions,
  stripeIdentityAuthenticator,
} from './stripe-identity/authenticator.js';
export {
  SIGNATURE_HEADER as STRIPE_IDENTITY_SIGNATURE_HEADER,
  signStripeIdentity,
  verifyStripeIdentity,
} from './stripe-identity/signature.js';
export { sumsub } from './sumsub/adapter.js';
export { sumsubAuthenticator } from './sumsub/authenticator.js';
export {
  ALGORITHM_HEADER as SUMSUB_ALGORITHM_HEADER,
  DIGEST_HEADER as SUMSUB_DIGEST_HEADER,
  signSumsub,
  verifySumsub,
} from './sumsub/signature.js';
export { veriff } from './veriff/adapter.js';
export { type VeriffSecrets, veriffAuthenticator } from './veriff/authenticator.js';
export {
  API_KEY_HEADER as VERIFF_API_KEY_HEADER,
  SIGNATURE_HEADER as VERIFF_SIGNATURE_HEADER,
  signVeriff,
  type VeriffIntegration,
  verifyVeriff,
} from './veriff/signature.js';
