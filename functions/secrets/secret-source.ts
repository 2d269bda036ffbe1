// Where each provider's secret document comes from: Secrets Manager on AWS, the environment locally.
import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { type ProviderAuthenticator, SecretDocumentError } from '../providers/provider.js';

/** Loads a provider's secret document (parsed JSON, not yet validated). */
export interface SecretSource {
  documentFor(provider: string): Promise<unknown>;
}

/**
 * A provider name in an environment variable's name: upper case, dashes as underscores
 * (`stripe-identity` -> `STRIPE_IDENTITY`), since a variable name allows no dash.
 */
const envPrefix = (provider: string): string => provider.toUpperCase().replaceAll('-', '_');

/** The environment variable that holds a provider's secret document in local mode. */
export const secretsEnvName = (provider: string): string => `${envPrefix(provider)}_SECRETS`;
/** The environment variable that names a provider's Secrets Manager secret on AWS. */
export const secretIdEnvName = (provider: string): string => `${envPrefix(provider)}_SECRET_ID`;

/**
 * The Secrets Manager client settings of the ingest, like its SQS client's: a hung read turns into
 * a 503 (the provider retries) well inside the function's 10 s, instead of the SDK's default of
 * waiting without a request timeout. Two attempts of at most 2 s leave room for the SQS call.
 */
export const SECRETS_MANAGER_CLIENT_CONFIG = {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
} satisfies SecretsManagerClientConfig;

/**
 * Parses secret JSON text, remembering the last text per provider so that an unchanged value
 * yields the same document object (which `ProviderSecrets` keys its cache on). A parse failure
 * never repeats the text: V8's JSON errors quote the input, and the input is a secret.
 */
class SecretJson {
  private readonly last = new Map<string, { text: string; document: unknown }>();

  parse(provider: string, text: string): unknown {
    const last = this.last.get(provider);
    if (last?.text === text) return last.document;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new SecretDocumentError(provider, '(document) is not JSON');
    }
    this.last.set(provider, { text, document });
    return document;
  }
}

/** Local mode: `CASAPAY_SECRETS` and friends hold the JSON documents themselves. */
export class EnvSecretSource implements SecretSource {
  private readonly json = new SecretJson();

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  async documentFor(provider: string): Promise<unknown> {
    const name = secretsEnvName(provider);
    const text = this.env[name];
    if (text === undefined) throw new Error(`${name} is not set`);
    return this.json.parse(provider, text);
  }
}

/**
 * AWS: one Secrets Manager secret per provider, cached for `maxAgeSeconds` so that a rotated value
 * takes effect within that time without a deploy, and a warm function calls Secrets Manager at most
 * once per provider per period.
 */
export class SecretsManagerSource implements SecretSource {
  private readonly json = new SecretJson();
  /** Powertools' provider, with its cache, over a client with explicit timeouts. */
  readonly secrets: SecretsProvider;

  constructor(
    private readonly secretIds: Readonly<Record<string, string>>,
    private readonly maxAgeSeconds: number,
    clientConfig: SecretsManagerClientConfig = SECRETS_MANAGER_CLIENT_CONFIG,
  ) {
    this.secrets = new SecretsProvider({ clientConfig });
  }

  async documentFor(provider: string): Promise<unknown> {
    const secretId = this.secretIds[provider];
    if (secretId === undefined) throw new Error(`no secret is configured for ${provider}`);
    const text = await this.secrets.get(secretId, { maxAge: this.maxAgeSeconds });
    // A binary secret, or one without a value yet, is a document the provider cannot use.
    if (typeof text !== 'string') throw new SecretDocumentError(provider, '(document) is not text');
    return this.json.parse(provider, text);
  }
}

/** Validated secrets per provider, parsed once per loaded document. */
export class ProviderSecrets {
  private readonly parsed = new WeakMap<object, unknown>();

  constructor(private readonly source: SecretSource) {}

  /** The secrets of `provider`, validated by its own document schema; only that half is needed. */
  async secretsFor<S>(
    provider: Pick<ProviderAuthenticator<S>, 'name' | 'parseSecrets'>,
  ): Promise<S> {
    const document = await this.source.documentFor(provider.name);
    if (typeof document !== 'object' || document === null) return provider.parseSecrets(document);
    if (this.parsed.has(document)) return this.parsed.get(document) as S;
    const secrets = provider.parseSecrets(document);
    this.parsed.set(document, secrets);
    return secrets;
  }
}
