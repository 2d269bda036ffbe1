// IdvWebhooks, the whole pipeline as one construct, composed as the data flows: intake -> queue ->
// processor -> store -> reactions -> reports, the session view reading the store through the same
// HTTP API, monitoring.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_SECRETS_CACHE_SECONDS,
  REPORT_RETRIEVAL_ENV,
} from '../functions/config.js';
import {
  checkSourceNames,
  isProviderName,
  PROVIDER_NAMES,
  type ProviderName,
  type ProviderOptions,
  providerModule,
} from '../functions/providers/registry.js';
import {
  parseStandardWebhooksSources,
  type StandardWebhooksSourceConfig,
  sourcesEnvironment,
} from '../functions/providers/standard-webhooks/sources.js';
import { LARGEST_BODY_LIMIT_BYTES } from '../functions/queue/topology.js';
import type { ExistingHttpApi } from './api-routes.js';
import { INGEST_MEMORY_MB, Intake } from './intake.js';
import { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS, Monitoring } from './monitoring.js';
import { CONSUMER_MEMORY_MB, DEFAULT_CONSUMER_MAX_CONCURRENCY, Processor } from './processor.js';
import { DEFAULT_ARCHIVE_RETENTION_DAYS, PUBLISHER_MEMORY_MB, Reactions } from './reactions.js';
import {
  DEFAULT_ARCHIVE_EXPIRATION_DAYS,
  DEFAULT_REPORT_MAX_CONCURRENCY,
  REPORT_FETCHER_MEMORY_MB,
  Reports,
} from './reports.js';
import { SessionStore } from './session-store.js';
import { SESSION_VIEW_MEMORY_MB, SessionView } from './session-view.js';
import { type TracingMode, tracingMode } from './tracing.js';
import type { FunctionDefaults } from './webhook-function.js';
import { WebhookQueue } from './webhook-queue.js';

/** The consumer's timeout, which sizes the queue's visibility timeout. */
export const CONSUMER_TIMEOUT = Duration.seconds(30);

/** One provider's settings. */
export interface ProviderSettings<Options> {
  /**
   * Receive this provider's webhooks. Default: true when the provider is named in `providers`,
   * and for CasaPay and Veriff (the first release's providers) when it is not.
   */
  readonly enabled?: boolean;
  /**
   * A secret that holds (or will hold) the provider's JSON document (docs/providers.md).
   * Default: a new secret holding `{}`, which the ingest refuses with 503 until the real
   * document is stored.
   */
  readonly secret?: secretsmanager.ISecret;
  /** The provider's own options (docs/construct.md lists them). Default: each one's default. */
  readonly options?: Options;
}

/**
 * Settings per provider. A provider named here is enabled (unless `enabled: false`), with a new
 * secret and its defaults unless given; of the providers left out, CasaPay and Veriff are enabled.
 */
export type ProvidersProps = {
  readonly [Name in ProviderName]?: ProviderSettings<NonNullable<ProviderOptions[Name]>>;
};

/**
 * A Standard Webhooks sender (docs/providers.md, "Standard Webhooks"): received at
 * `POST /webhooks/<name>`, with its own secret, and its JSON read at the paths given.
 */
export interface StandardWebhooksSourceProps extends StandardWebhooksSourceConfig {
  /** A secret holding `{"signingSecrets": ["whsec_..."]}`. Default: a new secret holding `{}`. */
  readonly secret?: secretsmanager.ISecret;
}

/** Where the alarms go, and when they fire. */
export interface AlarmProps {
  /** A topic of yours for every alarm and its recovery. Default: a new TLS-only topic. */
  readonly topic?: sns.ITopic;
  /** An address subscribed to the alarm topic (it must confirm). Default: none. */
  readonly email?: string;
  /** Default: `DEFAULT_ALARM_THRESHOLDS` (docs/operations.md explains each alarm). */
  readonly thresholds?: Partial<AlarmThresholds>;
}

/** Memory of each function, in MB (arm64). Defaults sized by `npm run bench`. */
export interface FunctionMemory {
  /** Default: 256. */
  readonly ingest?: number;
  /** Default: 512. */
  readonly consumer?: number;
  /** Default: 256. */
  readonly sessionView?: number;
  /** Default: 256. */
  readonly publisher?: number;
  /** Default: 256. */
  readonly reportFetcher?: number;
}

/** Every committed session change as a Session Changed event on a bus (docs/reactions.md). */
export interface ReactionsSettings {
  /** Publish session changes. Default: true. */
  readonly enabled?: boolean;
  /** A bus of yours to publish to. Default: a new bus. */
  readonly bus?: events.IEventBus;
  /** How long the bus's archive keeps events, the window reactions can be replayed over. Default: 30 days. */
  readonly archiveRetention?: Duration;
}

/** CasaPay verification reports, retrieved when a session completes (docs/reports.md). */
export interface ReportsSettings {
  /**
   * Retrieve reports. Needs CasaPay and reactions on; the CasaPay secret document's `apiKey` is
   * the key they are retrieved with (without it, none is). Default: on wherever CasaPay and
   * reactions are.
   */
  readonly enabled?: boolean;
  /**
   * How long after the first attempt a report that does not settle (still pending, or CasaPay
   * failing) is checked again before the retrieval gives up. 1 hour to 7 days. Default: 24 hours.
   */
  readonly horizon?: Duration;
  /** Keep every full report in a KMS-encrypted S3 bucket (personal and financial data). Default: off. */
  readonly archive?: {
    readonly enabled?: boolean;
    /** How long an archived report is kept. Default: 30 days. */
    readonly expiration?: Duration;
  };
  /** CasaPay-Version to pin the API version with. Default: none (the account's version). */
  readonly apiVersion?: string;
  /** The base URL of CasaPay's API. Default: https://api.casapay.com/v1. */
  readonly apiUrl?: string;
  /** Most fetcher invocations at once (2 to 50), each taking a batch of 5 jobs. Default: 2. */
  readonly maxConcurrency?: number;
}

export interface IdvWebhooksProps {
  /**
   * Which providers are received, their secrets and options. Default: CasaPay and Veriff, with
   * new secrets; name another one (`persona: {}`) to receive it too.
   */
  readonly providers?: ProvidersProps;
  /** Standard Webhooks senders, each with its own route, secret and JSON paths. Default: none. */
  readonly standardWebhooks?: readonly StandardWebhooksSourceProps[];
  /**
   * Your HTTP API, to which the routes are added (under `pathPrefix`). Default: a new HTTP API
   * with a `$default` stage, `throttle` and access logs.
   */
  readonly api?: ExistingHttpApi;
  /**
   * Stage-wide steady rate (requests/s) and burst of the API the construct creates; excess gets
   * 429 and the provider retries. Not applied to your own API. Default: 100/s, bursts of 200.
   */
  readonly throttle?: apigw.ThrottleSettings;
  /**
   * Largest accepted webhook body, in bytes (larger ones get 413), at most 304128 so that any
   * body still fits an SQS message and, if unreadable, a quarantine item. Default: 256 KiB.
   */
  readonly maxBodyBytes?: number;
  /** How long a function keeps a secret before reading it again. Default: 300 s. */
  readonly secretsCacheSeconds?: number;
  /** Alarm topic, email and thresholds. Default: a new topic, no subscription, the defaults. */
  readonly alarms?: AlarmProps;
  /**
   * What removing the construct (or deleting the stack) does to the sessions and quarantine
   * tables and to the secrets it created. Default: RETAIN, since verification state is the
   * product's data. DESTROY suits throwaway environments.
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Retention of the functions' log groups and the API's access logs. Default: one month. */
  readonly logRetention?: logs.RetentionDays;
  /**
   * X-Ray tracing of the functions: `'active'` (Lambda's trace of each sampled invocation, nothing
   * loaded in the functions), `'aws-calls'` (also a subsegment per AWS SDK call: Powertools Tracer,
   * about 11 ms more per cold start), or `false`. `true` means `'aws-calls'`. Default: `'active'`.
   */
  readonly tracing?: boolean | TracingMode;
  /** Share of invocations logged at DEBUG level, 0 to 1. Default: 0. */
  readonly debugSampleRate?: number;
  /** Memory of each function. Default: ingest 256, consumer 512, session view 256 (MB). */
  readonly memorySize?: FunctionMemory;
  /**
   * Most consumer invocations the queue's event source runs at once (2 to 1000), so that a
   * backlog never takes the account's concurrency from the ingest. Default: 10.
   */
  readonly consumerMaxConcurrency?: number;
  /**
   * Concurrency reserved for (and limiting) the ingest. Default: none, see docs/operations.md,
   * "Concurrency": a reservation fails the deploy on an account with a low concurrency limit, and
   * the API's throttle already bounds the ingest.
   */
  readonly ingestReservedConcurrency?: number;
  /** Session Changed events: on, to a new bus with a 30-day archive, unless set otherwise. */
  readonly reactions?: ReactionsSettings;
  /** CasaPay verification reports: retrieved, not archived, unless set otherwise. */
  readonly reports?: ReportsSettings;
}

/**
 * The idv-webhooks pipeline: an HTTP API (or routes on yours) where providers post signed
 * webhooks, an ingest that authenticates and queues them, a queue with a dead-letter queue, a
 * consumer that applies them exactly once to DynamoDB, an IAM-authorized session view, and the
 * alarms and dashboard to run it. Several instances coexist in one stack: nothing has a
 * hard-coded physical name.
 */
export class IdvWebhooks extends Construct {
  /** The providers this instance receives: the enabled providers, then the sources. */
  readonly providers: readonly string[];
  /** The HTTP API the routes are on (the one created, or yours). */
  readonly api: apigw.IHttpApi;
  /** Sessions and their event dedupe records (docs/storage.md). */
  readonly table: dynamodb.Table;
  /** Authenticated webhooks that could not be tied to a session, kept 30 days for replay. */
  readonly quarantineTable: dynamodb.Table;
  /** The webhook queue between the ingest and the consumer. */
  readonly queue: sqs.Queue;
  /** Where a message goes after 5 failed deliveries. */
  readonly deadLetterQueue: sqs.Queue;
  /** Each enabled provider's and source's secret (created, or the one passed in). */
  readonly secrets: ReadonlyMap<string, secretsmanager.ISecret>;
  readonly ingestFunction: lambda.IFunction;
  readonly consumerFunction: lambda.IFunction;
  readonly sessionViewFunction: lambda.IFunction;
  readonly alarmTopic: sns.ITopic;
  readonly alarms: readonly cloudwatch.IAlarm[];
  readonly dashboard: cloudwatch.Dashboard;
  /** Where Session Changed events are published; undefined when reactions are off. */
  readonly bus: events.IEventBus | undefined;
  /** The function that publishes them, fed by the sessions table's stream. */
  readonly publisherFunction: lambda.IFunction | undefined;
  /** Stream batches the publisher's event source gave up on. */
  readonly reactionsFailureQueue: sqs.IQueue | undefined;
  /** Report retrieval jobs; undefined when reports are off. */
  readonly reportQueue: sqs.IQueue | undefined;
  /** Retrieval jobs that failed every delivery (and events the rule could not deliver). */
  readonly reportDeadLetterQueue: sqs.IQueue | undefined;
  /** The function that retrieves CasaPay reports. */
  readonly reportFetcherFunction: lambda.IFunction | undefined;
  /** The archive of full reports, when `reports.archive` is on. */
  readonly reportArchive: s3.IBucket | undefined;
  /**
   * `GET` it, signed with SigV4 (service `execute-api`) by a principal allowed by
   * `grantInvokeSessionView`, with `{provider}` and `{sessionId}` filled in.
   */
  readonly sessionViewUrl: string;
  /** The URL each enabled provider and each source is configured to call, by name. */
  readonly webhookUrls: Readonly<Record<string, string>>;

  private readonly sessionView: SessionView;
  private readonly reports: Reports | undefined;

  constructor(scope: Construct, id: string, props: IdvWebhooksProps = {}) {
    super(scope, id);
    // TypeScript catches a misspelt provider; an app in JavaScript learns it here.
    const unknown = Object.keys(props.providers ?? {}).filter((name) => !isProviderName(name));
    if (unknown.length > 0)
      throw new Error(`${this.node.path}: unknown providers ${unknown.join(', ')}`);
    const enabled = PROVIDER_NAMES.filter((name) => {
      const settings = props.providers?.[name];
      return (
        settings?.enabled ??
        (settings !== undefined || providerModule(name).enabledByDefault === true)
      );
    });
    const sources = props.standardWebhooks ?? [];
    const sourceConfigs = sources.map(({ secret: _secret, ...config }) => config);
    try {
      // The functions' own reader, run at synth: a bad source fails here, not at a cold start.
      checkSourceNames(parseStandardWebhooksSources(sourceConfigs));
    } catch (error) {
      throw new Error(`${this.node.path}: ${error instanceof Error ? error.message : error}`);
    }
    const receives = [...enabled, ...sources.map((source) => source.name)];
    if (receives.length === 0) throw new Error(`${this.node.path}: enable at least one provider`);
    this.providers = receives;
    const sourcesVariables = sourcesEnvironment(sourceConfigs);
    const functionDefaults: FunctionDefaults = {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      tracing: tracingMode(props.tracing),
      debugSampleRate: this.checked('debugSampleRate', props.debugSampleRate ?? 0, 0, 1, false),
    };
    const memory = (name: keyof FunctionMemory, fallback: number) =>
      this.checked(`memorySize.${name}`, props.memorySize?.[name] ?? fallback, 128, 10_240);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const webhookQueue = new WebhookQueue(this, 'WebhookQueue', {
      consumerTimeout: CONSUMER_TIMEOUT,
    });
    const intake = new Intake(this, 'Intake', {
      queue: webhookQueue.queue,
      providers: enabled.map((name) => ({
        name,
        secret: props.providers?.[name]?.secret,
        options: props.providers?.[name]?.options,
      })),
      sources: sources.map(({ name, secret }) => ({ name, secret })),
      sourcesEnvironment: sourcesVariables,
      api: props.api,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      maxBodyBytes: this.checked(
        'maxBodyBytes',
        props.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        1,
        LARGEST_BODY_LIMIT_BYTES,
      ),
      secretsCacheSeconds: this.checked(
        'secretsCacheSeconds',
        props.secretsCacheSeconds ?? DEFAULT_SECRETS_CACHE_SECONDS,
        1,
      ),
      memorySize: memory('ingest', INGEST_MEMORY_MB),
      reservedConcurrency:
        props.ingestReservedConcurrency === undefined
          ? undefined
          : this.checked('ingestReservedConcurrency', props.ingestReservedConcurrency, 1),
      secretRemovalPolicy: removalPolicy,
      functionDefaults,
    });
    const store = new SessionStore(this, 'Store', { removalPolicy });
    const processor = new Processor(this, 'Processor', {
      queue: webhookQueue.queue,
      sessions: store.sessions,
      quarantine: store.quarantine,
      timeout: CONSUMER_TIMEOUT,
      memorySize: memory('consumer', CONSUMER_MEMORY_MB),
      maxConcurrency: this.checked(
        'consumerMaxConcurrency',
        props.consumerMaxConcurrency ?? DEFAULT_CONSUMER_MAX_CONCURRENCY,
        2,
        1000,
      ),
      functionDefaults,
      environment: sourcesVariables,
    });
    this.sessionView = new SessionView(this, 'SessionView', {
      routes: intake.routes,
      sessions: store.sessions,
      memorySize: memory('sessionView', SESSION_VIEW_MEMORY_MB),
      functionDefaults,
      environment: sourcesVariables,
    });
    const reactions =
      props.reactions?.enabled === false
        ? undefined
        : new Reactions(this, 'Reactions', {
            sessions: store.sessions,
            bus: props.reactions?.bus,
            archiveRetention:
              props.reactions?.archiveRetention ?? Duration.days(DEFAULT_ARCHIVE_RETENTION_DAYS),
            memorySize: memory('publisher', PUBLISHER_MEMORY_MB),
            functionDefaults,
          });
    this.reports = this.createReports(props, {
      enabled,
      reactions,
      sessions: store.sessions,
      secret: intake.secrets.get('casapay'),
      memorySize: memory('reportFetcher', REPORT_FETCHER_MEMORY_MB),
      removalPolicy,
      functionDefaults,
    });
    // The consumer folds CasaPay sessions as the fetcher does: completed ones await their report.
    if (this.reports) processor.consumer.addEnvironment(REPORT_RETRIEVAL_ENV, 'on');
    const monitoring = new Monitoring(this, 'Monitoring', {
      api: intake.routes.api,
      ingest: intake.ingest,
      consumer: processor.consumer,
      sessionView: this.sessionView.function,
      queue: webhookQueue.queue,
      deadLetterQueue: webhookQueue.deadLetterQueue,
      sessions: store.sessions,
      providers: receives,
      thresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...props.alarms?.thresholds },
      topic: props.alarms?.topic,
      alarmEmail: props.alarms?.email,
      ...(reactions
        ? {
            reactions: { publisher: reactions.publisher, failureQueue: reactions.failureQueue },
          }
        : {}),
      ...(this.reports
        ? {
            reports: {
              fetcher: this.reports.fetcher,
              queue: this.reports.queue,
              deadLetterQueue: this.reports.deadLetterQueue,
            },
          }
        : {}),
    });

    this.api = intake.routes.api;
    this.table = store.sessions;
    this.quarantineTable = store.quarantine;
    this.queue = webhookQueue.queue;
    this.deadLetterQueue = webhookQueue.deadLetterQueue;
    this.secrets = intake.secrets;
    this.ingestFunction = intake.ingest;
    this.consumerFunction = processor.consumer;
    this.sessionViewFunction = this.sessionView.function;
    this.alarmTopic = monitoring.topic;
    this.alarms = monitoring.alarms;
    this.dashboard = monitoring.dashboard;
    this.bus = reactions?.bus;
    this.publisherFunction = reactions?.publisher;
    this.reactionsFailureQueue = reactions?.failureQueue;
    this.reportQueue = this.reports?.queue;
    this.reportDeadLetterQueue = this.reports?.deadLetterQueue;
    this.reportFetcherFunction = this.reports?.fetcher;
    this.reportArchive = this.reports?.archive;
    this.sessionViewUrl = this.sessionView.url;
    this.webhookUrls = Object.fromEntries(receives.map((name) => [name, intake.webhookUrl(name)]));
  }

  /**
   * The URL `provider` is configured to call; throws if this instance does not receive it. A
   * source's URL is in `webhookUrls`, under its name.
   */
  webhookUrl(provider: ProviderName): string {
    const url = this.webhookUrls[provider];
    if (url === undefined) throw new Error(`${this.node.path} does not receive ${provider}`);
    return url;
  }

  /** Lets `grantee` call the IAM-authorized session view (`execute-api:Invoke` on its route). */
  grantInvokeSessionView(grantee: iam.IGrantable): iam.Grant {
    return this.sessionView.grantInvoke(grantee);
  }

  /** Lets `grantee` read the sessions table directly (GetItem, Query, Scan and the like). */
  grantReadSessions(grantee: iam.IGrantable): iam.Grant {
    return this.table.grantReadData(grantee);
  }

  /**
   * Lets `grantee` read the archived full reports (the object keys are in the sessions' facts and
   * their Session Changed events). Throws when the archive is off.
   */
  grantReadReports(grantee: iam.IGrantable): iam.Grant {
    if (!this.reports) throw new Error(`${this.node.path}: reports are off`);
    return this.reports.grantReadReports(grantee);
  }

  /** The reports, where CasaPay and reactions are on and reports not switched off. */
  private createReports(
    props: IdvWebhooksProps,
    parts: {
      readonly enabled: readonly ProviderName[];
      readonly reactions: Reactions | undefined;
      readonly sessions: dynamodb.ITable;
      readonly secret: secretsmanager.ISecret | undefined;
      readonly memorySize: number;
      readonly removalPolicy: RemovalPolicy;
      readonly functionDefaults: FunctionDefaults;
    },
  ): Reports | undefined {
    const settings = props.reports ?? {};
    if (settings.enabled === false) return undefined;
    const { reactions, secret } = parts;
    if (!parts.enabled.includes('casapay') || !reactions || !secret) {
      if (settings.enabled === true) {
        throw new Error(
          `${this.node.path}: reports need CasaPay and reactions enabled (they are triggered by Session Changed events)`,
        );
      }
      return undefined;
    }
    const days = (duration: Duration) => duration.toSeconds() / 86_400;
    const horizon = settings.horizon ?? Duration.hours(24);
    this.checked('reports.horizon (hours)', horizon.toSeconds() / 3600, 1, 7 * 24, false);
    const archive = settings.archive?.enabled
      ? (settings.archive.expiration ?? Duration.days(DEFAULT_ARCHIVE_EXPIRATION_DAYS))
      : undefined;
    if (archive) this.checked('reports.archive.expiration (days)', days(archive), 1);
    if (settings.apiUrl !== undefined && !/^https:\/\/[^\s/]+/.test(settings.apiUrl)) {
      throw new Error(`${this.node.path}: reports.apiUrl must be an https:// URL`);
    }
    return new Reports(this, 'Reports', {
      bus: reactions.bus,
      sessions: parts.sessions,
      secret,
      secretsCacheSeconds: props.secretsCacheSeconds ?? DEFAULT_SECRETS_CACHE_SECONDS,
      horizon,
      apiVersion: settings.apiVersion,
      apiUrl: settings.apiUrl,
      archiveExpiration: archive,
      removalPolicy: parts.removalPolicy,
      maxConcurrency: this.checked(
        'reports.maxConcurrency',
        settings.maxConcurrency ?? DEFAULT_REPORT_MAX_CONCURRENCY,
        2,
        50,
      ),
      memorySize: parts.memorySize,
      functionDefaults: parts.functionDefaults,
    });
  }

  /** A numeric prop, refused at synth when out of range (or, unless allowed, not an integer). */
  private checked(name: string, value: number, min: number, max = Infinity, integer = true) {
    if (!(value >= min && value <= max) || (integer && !Number.isSafeInteger(value))) {
      const kind = integer ? 'an integer' : 'a number';
      const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
      throw new Error(`${this.node.path}: ${name} must be ${kind} ${range}, got ${value}`);
    }
    return value;
  }
}
