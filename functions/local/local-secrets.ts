// The secret documents local mode runs with: CASAPAY_SECRETS / VERIFF_SECRETS when the operator
// sets them, validated at start exactly as the ingest validates them, or the development ones.
// An operator's secrets are never printed: only a short fingerprint of the value, so that they can
// tell which value is in use without it appearing on a terminal or in a log.
import { createHash } from 'node:crypto';
import { type ProviderAdapter, SecretDocumentError } from '../providers/provider.js';
import { providerAdapters } from '../providers/registry.js';
import { EnvSecretSource, ProviderSecrets, secretsEnvName } from '../secrets/secret-source.js';
import { DEV_SECRET_DOCUMENTS } from './dev-secrets.js';
import { LocalSetupError } from './setup-errors.js';
import type { LocalSecretDocuments } from './signed-request.js';

type LocalProvider = keyof LocalSecretDocuments;

export interface LocalSecrets {
  readonly documents: LocalSecretDocuments;
  /** Per provider: the development document, or the fingerprint of the operator's value. */
  readonly origins: Readonly<Record<LocalProvider, { readonly fingerprint?: string }>>;
}

/** `sha256:` and the first 8 hex digits of the SHA-256 of `text`: `printf %s "$X" | sha256sum` shows the same. */
export const fingerprint = (text: string): string =>
  `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;

/** A document's shape with every string replaced by "...": what an operator must write, no value. */
function shapeOf(document: unknown): string {
  return JSON.stringify(document, (_, value: unknown) =>
    typeof value === 'string' ? '...' : value,
  );
}

/**
 * Reads and validates the operator's documents. A problem is one line that names the variable,
 * the path in the document and the expected shape, and never repeats any part of the value.
 */
export async function readLocalSecrets(
  env: NodeJS.ProcessEnv = process.env,
  adapters: ReadonlyMap<string, ProviderAdapter> = providerAdapters(),
): Promise<LocalSecrets> {
  const secrets = new ProviderSecrets(new EnvSecretSource(env));
  const documents: Partial<Record<LocalProvider, unknown>> = {};
  const origins: Partial<Record<LocalProvider, { fingerprint?: string }>> = {};
  for (const provider of Object.keys(DEV_SECRET_DOCUMENTS) as LocalProvider[]) {
    const name = secretsEnvName(provider);
    const text = env[name];
    if (text === undefined || text.trim() === '') {
      documents[provider] = DEV_SECRET_DOCUMENTS[provider];
      origins[provider] = {};
      continue;
    }
    const adapter = adapters.get(provider);
    if (!adapter) throw new LocalSetupError(`${name} is set, but ${provider} is not a provider`);
    try {
      await secrets.secretsFor(adapter);
    } catch (error) {
      // A SecretDocumentError names paths only; nothing else is worth repeating here.
      const problem = error instanceof SecretDocumentError ? error.message : 'it could not be read';
      throw new LocalSetupError(
        `${name}: ${problem}; expected a document like ${shapeOf(DEV_SECRET_DOCUMENTS[provider])}`,
      );
    }
    documents[provider] = JSON.parse(text);
    origins[provider] = { fingerprint: fingerprint(text) };
  }
  return {
    documents: documents as unknown as LocalSecretDocuments,
    origins: origins as LocalSecrets['origins'],
  };
}

/** What `npm start` prints about its secrets: development ones in full, the operator's never. */
export function describeLocalSecrets(secrets: LocalSecrets): string {
  const lines = (Object.keys(secrets.origins) as LocalProvider[]).map((provider) => {
    const name = secretsEnvName(provider);
    const { fingerprint: print } = secrets.origins[provider];
    return print === undefined
      ? `  ${name}='${JSON.stringify(DEV_SECRET_DOCUMENTS[provider])}'  (development only)`
      : `  ${name} from your environment (not shown; fingerprint ${print})`;
  });
  return [
    'secrets (development ones are for local mode only; set CASAPAY_SECRETS / VERIFF_SECRETS to use your own):',
    ...lines,
  ].join('\n');
}
