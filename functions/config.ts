// Reads and validates each function's environment once, at cold start, and fails loudly when
// something required is missing (a misconfigured deploy should not look like bad traffic).
import { DEFAULT_TOLERANCE_SECONDS } from './providers/casapay/signature.js';
import { largestQueueableBodyFor, type TextCharacters } from './queue/queued-webhook.js';
import { secretIdEnvName, secretsEnvName } from './secrets/secret-source.js';

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function requiredString(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

export function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ConfigError(`environment variable ${name} must be a positive integer`);
  }
  return value;
}

/** `name` as one of `values`, or `fallback` when unset; anything else is refused. */
export function oneOf<T extends string>(
  env: Env,
  name: string,
  values: readonly T[],
  fallback: T,
): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(`environment variable ${name} must be one of ${values.join(', ')}`);
  }
  return raw as T;
}

/** 256 KiB: the SQS message size most webhook senders are built around; raised per deployment. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
/** Five minutes: "a rotated secret takes effect within minutes". */
export const DEFAULT_SECRETS_CACHE_SECONDS = 300;

/** DynamoDB's largest item (400 KB), counted as names plus values in UTF-8. */
const DYNAMODB_ITEM_BYTES = 400 * 1024;
/**
 * What a quarantine item (functions/storage/quarantine.ts) holds besides the message body: its
 * key, provider, reason and detail, the message attributes and three times. Under 1 KB today; the
 * reserve leaves room for that layout to grow.
 */
const QUARANTINE_ITEM_RESERVE_BYTES = 4 * 1024;

/**
 * The largest body limit the pipeline can honour end to end: a body at the limit must fit one SQS
 * message (1 MiB) once base64-encoded with its attributes, and, if the consumer cannot read it,
 * one DynamoDB item in the quarantine, where it is kept as it was queued (base64 at worst).
 */
export function largestBodyLimit(providers: readonly string[]): number {
  const quarantinable = Math.floor((DYNAMODB_ITEM_BYTES - QUARANTINE_ITEM_RESERVE_BYTES) / 4) * 3;
  return Math.min(largestQueueableBodyFor(providers), quarantinable);
}

/**
 * Refuses a body limit the pipeline could not honour (`largestBodyLimit`): otherwise the ingest
 * would authenticate a webhook that SQS then refuses on every retry, or that the consumer can
 * neither read nor set aside. Checked at synth and at cold start.
 */
export function checkBodyLimit(maxBodyBytes: number, providers: readonly string[]): number {
  const largest = largestBodyLimit(providers);
  if (maxBodyBytes > largest) {
    throw new ConfigError(
      `MAX_BODY_BYTES must be at most ${largest}: a body of ${maxBodyBytes} bytes, base64-encoded, may not fit one SQS message (1 MiB) or one quarantine item (DynamoDB's 400 KB)`,
    );
  }
  return maxBodyBytes;
}

export type SecretsConfig =
  | { readonly kind: 'environment' }
  | { readonly kind: 'secrets-manager'; readonly secretIds: Readonly<Record<string, string>> };

export interface IngestConfig {
  readonly queueUrl: string;
  /** QUEUE_TEXT_CHARACTERS: `xml` (SQS, the default) or `basic` (local mode's emulator). */
  readonly queueTextCharacters: TextCharacters;
  readonly maxBodyBytes: number;
  readonly casapayToleranceSeconds: number;
  readonly secretsCacheSeconds: number;
  readonly secrets: SecretsConfig;
}

/**
 * Secrets come from Secrets Manager when every provider has `<PROVIDER>_SECRET_ID` (the deployed
 * stack), otherwise from `<PROVIDER>_SECRETS` documents (local mode). Mixing is refused.
 */
export function readSecretsConfig(env: Env, providers: readonly string[]): SecretsConfig {
  const ids = providers.map(
    (provider) => [provider, env[secretIdEnvName(provider)]?.trim()] as const,
  );
  if (ids.every(([, id]) => !id)) {
    for (const provider of providers) requiredString(env, secretsEnvName(provider));
    return { kind: 'environment' };
  }
  const secretIds: Record<string, string> = {};
  for (const [provider, id] of ids) {
    if (!id) throw new ConfigError(`environment variable ${secretIdEnvName(provider)} is required`);
    secretIds[provider] = id;
  }
  return { kind: 'secrets-manager', secretIds };
}

export function readIngestConfig(env: Env, providers: readonly string[]): IngestConfig {
  return {
    queueUrl: requiredString(env, 'QUEUE_URL'),
    queueTextCharacters: oneOf(env, 'QUEUE_TEXT_CHARACTERS', ['xml', 'basic'] as const, 'xml'),
    maxBodyBytes: checkBodyLimit(
      positiveInteger(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES),
      providers,
    ),
    casapayToleranceSeconds: positiveInteger(
      env,
      'CASAPAY_TOLERANCE_SECONDS',
      DEFAULT_TOLERANCE_SECONDS,
    ),
    secretsCacheSeconds: positiveInteger(
      env,
      'SECRETS_CACHE_SECONDS',
      DEFAULT_SECRETS_CACHE_SECONDS,
    ),
    secrets: readSecretsConfig(env, providers),
  };
}

export interface ConsumerConfig {
  readonly sessionsTable: string;
  readonly quarantineTable: string;
  /** Read-compute-commit rounds on a contended session before the record is retried by SQS. */
  readonly maxAttempts: number;
}

export function readConsumerConfig(env: Env): ConsumerConfig {
  return {
    sessionsTable: requiredString(env, 'SESSIONS_TABLE'),
    quarantineTable: requiredString(env, 'QUARANTINE_TABLE'),
    maxAttempts: positiveInteger(env, 'MAX_COMMIT_ATTEMPTS', 5),
  };
}

export function readSessionViewConfig(env: Env): { readonly sessionsTable: string } {
  return { sessionsTable: requiredString(env, 'SESSIONS_TABLE') };
}
