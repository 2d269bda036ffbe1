// Signs a webhook body the way its provider would, with the secrets local mode uses.
import {
  SIGNATURE_HEADER as CASAPAY_SIGNATURE,
  signCasaPay,
} from '../providers/casapay/signature.js';
import {
  API_KEY_HEADER,
  signVeriff,
  SIGNATURE_HEADER as VERIFF_SIGNATURE,
} from '../providers/veriff/signature.js';
import { secretsEnvName } from '../secrets/secret-source.js';
import { DEV_SECRET_DOCUMENTS } from './dev-secrets.js';

export interface LocalSecretDocuments {
  readonly casapay: { readonly signingSecrets: readonly string[]; readonly apiKey?: string };
  readonly veriff: { readonly integrations: readonly { apiKey: string; sharedSecret: string }[] };
}

/** The secret documents from CASAPAY_SECRETS / VERIFF_SECRETS, or the development ones. */
export function localSecretDocuments(env: NodeJS.ProcessEnv = process.env): LocalSecretDocuments {
  const read = <K extends keyof LocalSecretDocuments>(provider: K): LocalSecretDocuments[K] => {
    const text = env[secretsEnvName(provider)];
    return text ? (JSON.parse(text) as LocalSecretDocuments[K]) : DEV_SECRET_DOCUMENTS[provider];
  };
  return { casapay: read('casapay'), veriff: read('veriff') };
}

/** The headers the provider would send with `body`, signed with its first (newest) secret. */
export function signatureHeaders(
  provider: string,
  body: string | Uint8Array,
  documents: LocalSecretDocuments,
  now = new Date(),
): Record<string, string> {
  if (provider === 'casapay') {
    const secret = documents.casapay.signingSecrets[0] ?? '';
    return { [CASAPAY_SIGNATURE]: signCasaPay(body, secret, Math.floor(now.getTime() / 1000)) };
  }
  if (provider === 'veriff') {
    const integration = documents.veriff.integrations[0] ?? { apiKey: '', sharedSecret: '' };
    return {
      [API_KEY_HEADER]: integration.apiKey,
      [VERIFF_SIGNATURE]: signVeriff(body, integration.sharedSecret),
    };
  }
  throw new Error(`unknown provider ${provider}`);
}
