// Where each provider's secret document comes from: Secrets Manager on AWS, the environment locally.
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { ProviderAdapter } from '../providers/provider.js';

/** Loads a provider's secret document (parsed JSON, not yet validated). */
export interface SecretSource {
  documentFor(provider: string): Promise<unknown>;
}

/** The environment variable that holds a provider's secret document in local mode. */
export const secretsEnvName = (provider: string): string => `${provider.toUpperCase()}_SECRETS`;
/** The environment variable that names a provider's Secrets Manager secret on AWS. */
export const secretIdEnvName = (provider: string): string => `${provider.toUpperCase()}_SECRET_ID`;

/**
 * Parses secret JSON text, remembering the last text per provider so that an unchanged value
 * yields the same document object (which `ProviderSecrets` keys its cache on). A parse failure
 * never repeats the text: V8's JSON errors quote the input, and the input is a secret.
 */
class SecretJson {
  private readonly last = new Map<string, { text: string; document: unknown }>();

  parse(provider: string, text: string, origin: string): unknown {
    const last = this.last.get(provider);
    if (last?.text === text) return last.document;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Error(`${origin} does not hold valid JSON`);
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
    return this.json.parse(provider, text, name);
  }
}

/**
 * AWS: one Secrets Manager secret per provider, cached for `maxAgeSeconds` so that a rotated value
 * takes effect within that time without a deploy, and a warm function calls Secrets Manager at most
 * once per provider per period.
 */
export class SecretsManagerSource implements SecretSource {
  private readonly json = new SecretJson();

  constructor(
    private readonly secretIds: Readonly<Record<string, string>>,
    private readonly maxAgeSeconds: number,
  ) {}

  async documentFor(provider: string): Promise<unknown> {
    const secretId = this.secretIds[provider];
    if (secretId === undefined) throw new Error(`no secret is configured for ${provider}`);
    const text = await getSecret(secretId, { maxAge: this.maxAgeSeconds });
    if (typeof text !== 'string') throw new Error(`secret ${secretId} has no string value`);
    return this.json.parse(provider, text, `secret ${secretId}`);
  }
}

/** Validated secrets per provider, parsed once per loaded document. */
export class ProviderSecrets {
  private readonly parsed = new WeakMap<object, unknown>();

  constructor(private readonly source: SecretSource) {}

  async secretsFor<S>(adapter: ProviderAdapter<S>): Promise<S> {
    const document = await this.source.documentFor(adapter.name);
    if (typeof document !== 'object' || document === null) return adapter.parseSecrets(document);
    if (this.parsed.has(document)) return this.parsed.get(document) as S;
    const secrets = adapter.parseSecrets(document);
    this.parsed.set(document, secrets);
    return secrets;
  }
}
