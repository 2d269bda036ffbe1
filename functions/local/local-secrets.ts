// The secret documents local mode runs with: <PROVIDER>_SECRETS when the operator sets them,
// validated at start exactly as the ingest validates them, or the development ones.
// An operator's secrets are never printed: only a short fingerprint of the value, so that they can
// tell which value is in use without it appearing on a terminal or in a log.
import { createHash } from 'node:crypto';
import { type ProviderAdapter, SecretDocumentError } from '../providers/provider.js';
import { EnvSecretSource, ProviderSecrets, secretsEnvName } from '../secrets/secret-source.js';
import { DEV_SECRET_DOCUMENTS } from './dev-secrets.js';
import { LocalSetupError } from './setup-errors.js';
import { type LocalSecretDocuments, localAdapters } from './signed-request.js';

/** Where a provider's document comes from: the development one, or the operator's (fingerprint). */
export interface SecretOrigin {
  readonly fingerprint?: string;
}

export interface LocalSecrets {
  readonly documents: LocalSecretDocuments;
  /** Per provider: the development document, or the fingerprint of the operator's value. */
  readonly origins: Readonly<Record<string, SecretOrigin>> &
    Readonly<Record<'casapay' | 'veriff', SecretOrigin>>;
}

const DEVELOPMENT: Readonly<Record<string, unknown>> = DEV_SECRET_DOCUMENTS;

/** `sha256:` and the first 8 hex digits of the SHA-256 of `text`: `printf %s "$X" | sha256sum` shows the same. */
export const fingerprint = (text: string): string =>
  `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)}`;

/** A document's shape with every string replaced by "...": what an operator must write, no value. */
function shapeOf(document: unknown): string {
  return JSON.stringify(document ?? { signingSecrets: ['...'] }, (_, value: unknown) =>
    typeof value === 'string' ? '...' : value,
  );
}

/** The providers local mode receives; a bad STANDARD_WEBHOOKS_SOURCES is a setup mistake. */
function adaptersOf(env: NodeJS.ProcessEnv): ReadonlyMap<string, ProviderAdapter> {
  try {
    return localAdapters(env);
  } catch (error) {
    // A source that is invalid, or takes a provider's name: the message names paths and names.
    if (error instanceof Error) throw new LocalSetupError(error.message);
    throw error;
  }
}

/**
 * Reads and validates the operator's documents. A problem is one line that names the variable,
 * the path in the document and the expected shape, and never repeats any part of the value.
 */
export async function readLocalSecrets(
  env: NodeJS.ProcessEnv = process.env,
  adapters: ReadonlyMap<string, ProviderAdapter> = adaptersOf(env),
): Promise<LocalSecrets> {
  const secrets = new ProviderSecrets(new EnvSecretSource(env));
  const documents: Record<string, unknown> = {};
  const origins: Record<string, SecretOrigin> = {};
  for (const [provider, adapter] of adapters) {
    const name = secretsEnvName(provider);
    const text = env[name];
    if (text === undefined || text.trim() === '') {
      if (DEVELOPMENT[provider] === undefined) {
        throw new LocalSetupError(
          `${name} is required for the source ${provider}: a document like ${shapeOf(undefined)}`,
        );
      }
      documents[provider] = DEVELOPMENT[provider];
      origins[provider] = {};
      continue;
    }
    try {
      await secrets.secretsFor(adapter);
    } catch (error) {
      // A SecretDocumentError names paths only; nothing else is worth repeating here.
      const problem = error instanceof SecretDocumentError ? error.message : 'it could not be read';
      throw new LocalSetupError(
        `${name}: ${problem}; expected a document like ${shapeOf(DEVELOPMENT[provider])}`,
      );
    }
    documents[provider] = JSON.parse(text);
    origins[provider] = { fingerprint: fingerprint(text) };
  }
  return { documents, origins: origins as LocalSecrets['origins'] };
}

/** What `npm start` prints about its secrets: development ones in full, the operator's never. */
export function describeLocalSecrets(secrets: LocalSecrets): string {
  const lines = Object.entries(secrets.origins).map(([provider, origin]) => {
    const name = secretsEnvName(provider);
    return origin.fingerprint === undefined
      ? `  ${name}='${JSON.stringify(DEVELOPMENT[provider])}'  (development only)`
      : `  ${name} from your environment (not shown; fingerprint ${origin.fingerprint})`;
  });
  return [
    'secrets (development ones are for local mode only; set <PROVIDER>_SECRETS, e.g. CASAPAY_SECRETS, to use your own):',
    ...lines,
  ].join('\n');
}
