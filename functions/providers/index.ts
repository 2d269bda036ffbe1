// The providers library, `idv-webhooks/providers`: each provider's signature scheme (sign and
// verify, pure, no AWS), its secret document and its event parser, usable in any Node service.
export {
  type CasaPayOptions,
  type CasaPaySecrets,
  casapay,
} from './casapay/adapter.js';
export {
  DEFAULT_TOLERANCE_SECONDS as CASAPAY_DEFAULT_TOLERANCE_SECONDS,
  parseSignatureHeader as parseCasaPaySignatureHeader,
  SIGNATURE_HEADER as CASAPAY_SIGNATURE_HEADER,
  signCasaPay,
  verifyCasaPay,
} from './casapay/signature.js';
export type { Delivery, ParsedEvent, QuarantineReason } from './event-parsing.js';
export { onfido } from './onfido/adapter.js';
export {
  SIGNATURE_HEADER as ONFIDO_SIGNATURE_HEADER,
  signOnfido,
  verifyOnfido,
} from './onfido/signature.js';
export { type PersonaOptions, persona } from './persona/adapter.js';
export {
  SIGNATURE_HEADER as PERSONA_SIGNATURE_HEADER,
  signPersona,
  verifyPersona,
} from './persona/signature.js';
export {
  type AuthFailureReason,
  type ProviderAdapter,
  SecretDocumentError,
  type SignedRequest,
  type Verification,
} from './provider.js';
export { PROVIDER_NAMES, type ProviderName, providerAdapters } from './registry.js';
export { type StandardWebhooksSecrets, standardWebhooks } from './standard-webhooks/adapter.js';
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
export { type StripeIdentityOptions, stripeIdentity } from './stripe-identity/adapter.js';
export {
  SIGNATURE_HEADER as STRIPE_IDENTITY_SIGNATURE_HEADER,
  signStripeIdentity,
  verifyStripeIdentity,
} from './stripe-identity/signature.js';
export { sumsub } from './sumsub/adapter.js';
export {
  ALGORITHM_HEADER as SUMSUB_ALGORITHM_HEADER,
  DIGEST_HEADER as SUMSUB_DIGEST_HEADER,
  signSumsub,
  verifySumsub,
} from './sumsub/signature.js';
export { type VeriffSecrets, veriff } from './veriff/adapter.js';
export {
  API_KEY_HEADER as VERIFF_API_KEY_HEADER,
  SIGNATURE_HEADER as VERIFF_SIGNATURE_HEADER,
  signVeriff,
  type VeriffIntegration,
  verifyVeriff,
} from './veriff/signature.js';
