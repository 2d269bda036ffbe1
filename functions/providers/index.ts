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
export {
  type AuthFailureReason,
  type ProviderAdapter,
  SecretDocumentError,
  type SignedRequest,
  type Verification,
} from './provider.js';
export { PROVIDER_NAMES, type ProviderName, providerAdapters } from './registry.js';
export { type VeriffSecrets, veriff } from './veriff/adapter.js';
export {
  API_KEY_HEADER as VERIFF_API_KEY_HEADER,
  SIGNATURE_HEADER as VERIFF_SIGNATURE_HEADER,
  signVeriff,
  type VeriffIntegration,
  verifyVeriff,
} from './veriff/signature.js';
