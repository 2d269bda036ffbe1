// CasaPay's authentication, all the ingest loads of it: secret document, options, signature scheme.
import * as v from 'valibot';
import type {
  ProviderAuthenticator,
  ProviderModule,
  ProviderOptionSpecs,
  ProviderOptionValues,
} from '../provider.js';
import {
  parseSecretDocument,
  type SigningSecrets,
  SigningSecretsDocument,
  secretString,
} from '../secret-document.js';
import { timestampedAuthenticator, toleranceOption } from '../timestamped-signature.js';
import { SIGNATURE_HEADER, signCasaPay, verifyCasaPay } from './signature.js';

/**
 * An API key goes into an `Authorization` header: printable ASCII without spaces (CasaPay's are
 * `sk_test_...` or `sk_live_...`), so that a pasted key can never break or extend the header.
 */
const apiKey = v.pipe(
  secretString,
  v.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
);

/**
 * `{"signingSecrets": ["<newest>", "<older>"], "apiKey": "sk_live_..."}`: every listed secret is
 * accepted; the API key, optional, is what the report fetcher retrieves reports with (without it,
 * reports are not retrieved: docs/reports.md).
 */
const CasaPaySecretDocument = v.object({
  ...SigningSecretsDocument.entries,
  apiKey: v.optional(apiKey),
});

export interface CasaPaySecrets extends SigningSecrets {
  /** CasaPay's secret API key, for retrieving verification reports. */
  readonly apiKey?: string | undefined;
}

/** What a deployment may set for CasaPay (the construct's `providers.casapay.options`). */
export const CASAPAY_OPTIONS = {
  toleranceSeconds: toleranceOption('CASAPAY_TOLERANCE_SECONDS'),
} as const satisfies ProviderOptionSpecs;

export type CasaPayOptions = ProviderOptionValues<typeof CASAPAY_OPTIONS>;

/** CasaPay's authenticator: its secret document, and its signature within the replay window. */
export const casapayAuthenticator = (
  options: CasaPayOptions = {},
): ProviderAuthenticator<CasaPaySecrets> =>
  timestampedAuthenticator({
    name: 'casapay',
    header: SIGNATURE_HEADER,
    parseSecrets: (document) => parseSecretDocument('casapay', CasaPaySecretDocument, document),
    toleranceSeconds: options.toleranceSeconds,
    scheme: { sign: signCasaPay, verify: verifyCasaPay },
  });

export const casapayProvider: ProviderModule<typeof CASAPAY_OPTIONS> = {
  options: CASAPAY_OPTIONS,
  enabledByDefault: true,
  authenticator: casapayAuthenticator,
};
