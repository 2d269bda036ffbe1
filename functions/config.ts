// Reads and validates each function's environment once, at cold start, and fails loudly when
// something required is missing (a misconfigured deploy should not look like bad traffic).
import {
  checkSourceNames,
  isProviderName,
  PROVIDER_NAMES,
  type ProviderName,
  type ProviderOptions,
  providerModule,
} from './providers/authenticators.js';
import {
  readStandardWebhooksSources,
  type StandardWebhooksSource,
} from './providers/standard-webhooks/sources.js';
import type { TextCharacters } from './queue/queued-webhook.js';
import { LARGEST_BODY_LIMIT_BYTES } from './queue/topology.js';
import { CASAPAY_API_BASE_URL } from './reports/casapay-api.js';
import {
  DEFAULT_RETRIEVAL_SCHEDULE,
  type RetrievalSchedule,
} from './reports/retrieval-schedule.js';
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

/**
 * Refuses a body limit the pipeline could not honour (LARGEST_BODY_LIMIT_BYTES): the ingest would
 * authenticate a webhook that SQS then refuses on every retry, or that the consumer could neither
 * read nor set aside. The construct refuses it at synth; this is the cold start's own check.
 */
export function checkBodyLimit(maxBodyBytes: number): number {
  if (maxBodyBytes > LARGEST_BODY_LIMIT_BYTES) {
    throw new ConfigError(
      `MAX_BODY_BYTES must be at most ${LARGEST_BODY_LIMIT_BYTES}: a body of ${maxBodyBytes} bytes, base64-encoded, may not fit one SQS message (1 MiB) or one quarantine item (DynamoDB's 400 KB)`,
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
  /** The providers this deployment receives; a webhook for any other one is a 404. */
  readonly providers: readonly ProviderName[];
  readonly providerOptions: ProviderOptions;
  /** The configured Standard Webhooks sources, each received at `/webhooks/<name>`. */
  readonly sources: readonly StandardWebhooksSource[];
  readonly maxBodyBytes: number;
  readonly secretsCacheSeconds: number;
  readonly secrets: SecretsConfig;
}

/** The ingest's variable listing the enabled providers, comma-separated; unset means all of them. */
export const ENABLED_PROVIDERS_ENV = 'ENABLED_PROVIDERS';

/**
 * The enabled providers; an unknown name is a misconfigured deploy, so it is refused. Unset means
 * all of them (local mode); set and empty means none (a construct that receives only Standard
 * Webhooks sources).
 */
export function readEnabledProviders(env: Env): readonly ProviderName[] {
  const raw = env[ENABLED_PROVIDERS_ENV]?.trim();
  if (raw === undefined) return PROVIDER_NAMES;
  const names = raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !isProviderName(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `environment variable ${ENABLED_PROVIDERS_ENV} names unknown providers: ${unknown.join(', ')}`,
    );
  }
  return [...new Set(names as ProviderName[])];
}

/**
 * Each provider's options from the variables its module declares, defaults filled in. The
 * construct checks its props with this same reader at synth, so a bad value fails the synth.
 */
export function readProviderOptions(env: Env, providers: readonly ProviderName[]): ProviderOptions {
  return Object.fromEntries(
    providers.map((provider) => [
      provider,
      Object.fromEntries(
        Object.entries(providerModule(provider).options).map(([name, option]) => [
          name,
          positiveInteger(env, option.env, option.default),
        ]),
      ),
    ]),
  );
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

/**
 * The Standard Webhooks sources of STANDARD_WEBHOOKS_SOURCES (none when unset). An invalid one,
 * or one that takes a provider's name, is a misconfigured deploy, so it is refused.
 */
export function readSources(env: Env): readonly StandardWebhooksSource[] {
  try {
    const sources = readStandardWebhooksSources(env);
    checkSourceNames(sources);
    return sources;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : 'invalid sources');
  }
}

export function readIngestConfig(env: Env): IngestConfig {
  const providers = readEnabledProviders(env);
  const sources = readSources(env);
  return {
    queueUrl: requiredString(env, 'QUEUE_URL'),
    providers,
    providerOptions: readProviderOptions(env, providers),
    sources,
    queueTextCharacters: oneOf(env, 'QUEUE_TEXT_CHARACTERS', ['xml', 'basic'] as const, 'xml'),
    maxBodyBytes: checkBodyLimit(positiveInteger(env, 'MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES)),
    secretsCacheSeconds: positiveInteger(
      env,
      'SECRETS_CACHE_SECONDS',
      DEFAULT_SECRETS_CACHE_SECONDS,
    ),
    secrets: readSecretsConfig(env, [...providers, ...sources.map((source) => source.name)]),
  };
}

export interface ConsumerConfig {
  readonly sessionsTable: string;
  readonly quarantineTable: string;
  /** Read-compute-commit rounds on a contended session before the record is retried by SQS. */
  readonly maxAttempts: number;
  /** CasaPay reports are retrieved here: completed sessions await their report's outcome. */
  readonly casapayReportRetrieval: boolean;
  /** The sources whose events it reads, besides every registered provider's. */
  readonly sources: readonly StandardWebhooksSource[];
}

/**
 * `on` where the report fetcher runs (the construct sets it on the consumer and the fetcher, so
 * both fold CasaPay sessions with the same rules; docs/reports.md). Unset means off.
 */
export const REPORT_RETRIEVAL_ENV = 'CASAPAY_REPORT_RETRIEVAL';

const reportRetrieval = (env: Env): boolean =>
  oneOf(env, REPORT_RETRIEVAL_ENV, ['on', 'off'] as const, 'off') === 'on';

export function readConsumerConfig(env: Env): ConsumerConfig {
  return {
    sessionsTable: requiredString(env, 'SESSIONS_TABLE'),
    quarantineTable: requiredString(env, 'QUARANTINE_TABLE'),
    maxAttempts: positiveInteger(env, 'MAX_COMMIT_ATTEMPTS', 5),
    casapayReportRetrieval: reportRetrieval(env),
    sources: readSources(env),
  };
}

export interface SessionViewConfig {
  readonly sessionsTable: string;
  /** Every provider whose sessions it shows: the registered ones and the sources. */
  readonly providers: readonly string[];
}

export function readSessionViewConfig(env: Env): SessionViewConfig {
  return {
    sessionsTable: requiredString(env, 'SESSIONS_TABLE'),
    providers: [...PROVIDER_NAMES, ...readSources(env).map((source) => source.name)],
  };
}

export function readPublisherConfig(env: Env): { readonly eventBusName: string } {
  return { eventBusName: requiredString(env, 'EVENT_BUS_NAME') };
}

/** An http(s) URL, or `fallback` when unset; anything else is refused. */
export function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`environment variable ${name} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`environment variable ${name} must be an http(s) URL`);
  }
  return raw;
}

/** A comma-separated list of positive integers, or `fallback` when unset. */
export function positiveIntegers(
  env: Env,
  name: string,
  fallback: readonly number[],
): readonly number[] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const values = raw.split(',').map((item) => Number(item.trim()));
  if (values.some((value) => !Number.isSafeInteger(value) || value <= 0)) {
    throw new ConfigError(`environment variable ${name} must list positive integers, e.g. 30,60`);
  }
  return values;
}

export interface ReportFetcherConfig {
  readonly sessionsTable: string;
  readonly queueUrl: string;
  /** CASAPAY_API_URL: CasaPay's API, or a stand-in's (local mode). */
  readonly apiBaseUrl: string;
  readonly apiVersion: string | undefined;
  /** Where full reports are archived, when the deployment asks for it. */
  readonly archiveBucket: string | undefined;
  readonly schedule: RetrievalSchedule;
  readonly client: {
    readonly timeoutMs: number;
    readonly maxCalls: number;
    /** The longest wait between calls within one attempt (backoff, Retry-After). */
    readonly maxWaitMs: number;
  };
  readonly secretsCacheSeconds: number;
  readonly secrets: SecretsConfig;
}

export function readReportFetcherConfig(env: Env): ReportFetcherConfig {
  const defaults = DEFAULT_RETRIEVAL_SCHEDULE;
  return {
    sessionsTable: requiredString(env, 'SESSIONS_TABLE'),
    queueUrl: requiredString(env, 'REPORT_QUEUE_URL'),
    apiBaseUrl: httpUrl(env, 'CASAPAY_API_URL', CASAPAY_API_BASE_URL),
    apiVersion: env.CASAPAY_API_VERSION?.trim() || undefined,
    archiveBucket: env.REPORT_ARCHIVE_BUCKET?.trim() || undefined,
    schedule: {
      delaysSeconds: positiveIntegers(env, 'REPORT_RETRY_DELAYS_SECONDS', defaults.delaysSeconds),
      authFailureDelaySeconds: positiveInteger(
        env,
        'REPORT_AUTH_RETRY_SECONDS',
        defaults.authFailureDelaySeconds,
      ),
      horizonSeconds: positiveInteger(env, 'REPORT_HORIZON_SECONDS', defaults.horizonSeconds),
    },
    client: {
      timeoutMs: positiveInteger(env, 'REPORT_API_TIMEOUT_MS', 10_000),
      maxCalls: positiveInteger(env, 'REPORT_API_MAX_CALLS', 3),
      maxWaitMs: positiveInteger(env, 'REPORT_API_MAX_WAIT_MS', 4_000),
    },
    secretsCacheSeconds: positiveInteger(
      env,
      'SECRETS_CACHE_SECONDS',
      DEFAULT_SECRETS_CACHE_SECONDS,
    ),
    secrets: readSecretsConfig(env, ['casapay']),
  };
}
