// Local mode: the whole pipeline on loopback with the same handlers the stack deploys, against
// emulators from npm. No Docker, no AWS account.
import type { Server } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createMeteredTelemetry } from '../observability/metered-telemetry.js';
import { createPublisherHandler } from '../reactions/publisher-handler.js';
import { attemptsWithin, LOCAL_RETRIEVAL_SCHEDULE } from '../reports/retrieval-schedule.js';
import { jitteredBackoff } from '../sessions/record-events.js';
import {
  type CasaPayApiStandIn,
  type StandInBehaviour,
  startCasaPayApiStandIn,
} from './casapay-api-standin.js';
import {
  freeLoopbackPort,
  LOCAL_AWS,
  startDynamoDbEmulator,
  startSqsEmulator,
} from './emulators.js';
import { type HttpApiHandler, type PageHandler, startHttpApi } from './http-api.js';
import { LocalChangeBus } from './local-bus.js';
import {
  localStatePath,
  removeLocalState,
  runningLocalState,
  writeLocalState,
} from './local-state.js';
import { type SqsHandler, startQueuePoller } from './queue-poller.js';
import { createWebhookQueues, type WebhookQueues } from './queues.js';
import { startLocalReportRetrieval } from './report-retrieval.js';
import { LocalSetupError } from './setup-errors.js';
import { type LocalSecretDocuments, localHandlerEnvironment } from './signed-request.js';
import { startStreamPoller } from './stream-poller.js';
import { createTables, type TableNames } from './tables.js';

export const LOCAL_QUEUE_NAME = 'idv-webhooks';
export const LOCAL_REPORT_QUEUE_NAME = 'idv-reports';
export const LOCAL_TABLES: TableNames = {
  sessionsTable: 'idv-sessions',
  quarantineTable: 'idv-quarantine',
};
/**
 * Shorter than on AWS (six times the consumer timeout) so that a failed record is retried, and a
 * poison message reaches the DLQ, within seconds while you watch.
 */
const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 5;

/** Lambda starts five concurrent batches per SQS event source; two fit a 2-core machine best (see docs/reliability.md). */
const LOCAL_POLLERS = 2;

/**
 * The publisher's event source as the stack configures it (lib/reactions.ts): batches of up to
 * 100 stream records, a record retried 10 times before it is set aside. The stream is read four
 * times a second, as Lambda reads a shard.
 */
const LOCAL_STREAM = { batchSize: 100, retryAttempts: 10, idleMs: 250 } as const;

/**
 * The retrieval queue's own visibility timeout: a job that failed unexpectedly comes back after
 * it (a job to check again later comes back after the delay the fetcher sets).
 */
const LOCAL_REPORT_VISIBILITY_TIMEOUT_SECONDS = 10;

/** Where local mode retrieves CasaPay reports from. */
export interface LocalReportOptions {
  /** CASAPAY_API_URL: your own stand-in (or CasaPay's API). Unset: local mode runs its stand-in. */
  readonly apiUrl?: string | undefined;
  /** CASAPAY_STANDIN: what the stand-in answers first for each report. */
  readonly standIn?: readonly StandInBehaviour[];
}

export interface LocalPipelineOptions {
  readonly host: string;
  readonly port: number;
  readonly secrets: LocalSecretDocuments;
  /** Concurrent consumer invocations. Default 2. */
  readonly pollers?: number;
  readonly reports?: LocalReportOptions;
  /** Where one-line warnings go (default: stderr). */
  readonly warn?: (line: string) => void;
  /**
   * Pages served beside the API (the inspector, inspector/), built once the pipeline is ready and
   * before it processes anything; a page requested earlier waits for them.
   */
  readonly pages?: (pipeline: LocalPipeline) => LocalPages;
}

/** What serves the requests no API route takes, and stops first when local mode stops. */
export interface LocalPages {
  readonly handle: PageHandler;
  close(): void | Promise<void>;
}

/** Stream records the publisher's event source gave up on (the stack's on-failure queue). */
export interface UnpublishedRecord {
  readonly sequenceNumber: string;
  readonly key: string;
}

export interface LocalPipeline {
  readonly url: string;
  readonly queues: WebhookQueues;
  readonly tables: TableNames;
  readonly sqsEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** Settles with a one-line reason if an emulator ends on its own; the pipeline is then broken. */
  readonly crashed: Promise<string>;
  /** Where the publisher puts every committed session change, as EventBridge would get it. */
  readonly bus: LocalChangeBus;
  /** Called with each stream record the publisher gave up on after its retries. */
  onUnpublished(listener: (record: UnpublishedRecord) => void): void;
  readonly reports: {
    /** The API reports are retrieved from: CASAPAY_API_URL, or the stand-in's. */
    readonly apiUrl: string;
    /** Local mode's stand-in, when CASAPAY_API_URL is unset. */
    readonly standIn: CasaPayApiStandIn | undefined;
    readonly queues: WebhookQueues;
    /** False when the CasaPay secret document has no apiKey. */
    readonly retrieving: boolean;
  };
  stop(): Promise<void>;
}

/**
 * Points the handlers' SDK clients and configuration at the emulators through the same
 * environment variables the stack sets; the handlers read them once, when they are imported.
 */
function configureHandlerEnvironment(
  endpoints: { readonly sqs: string; readonly dynamodb: string },
  queues: WebhookQueues,
  secrets: LocalSecretDocuments,
) {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    QUEUE_URL: queues.queueUrl,
    // fauxqs refuses characters beyond U+FFFF that SQS accepts (emoji in a name, for one): such
    // bodies travel base64-encoded here, and decode to the same bytes.
    QUEUE_TEXT_CHARACTERS: 'basic',
    SESSIONS_TABLE: LOCAL_TABLES.sessionsTable,
    QUARANTINE_TABLE: LOCAL_TABLES.quarantineTable,
    ...localHandlerEnvironment(secrets),
    // No X-Ray daemon or CloudWatch here: tracing off, metrics not printed (the log lines stay).
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
}

/**
 * The report fetcher's configuration for local mode: reports awaited, the local queue, the API,
 * and a schedule in seconds (functions/reports/retrieval-schedule.ts) so a demo completes while
 * you watch. The client gives each call 2 s (a `slow` stand-in answer takes 3).
 */
function configureReportEnvironment(apiUrl: string, queues: WebhookQueues) {
  const schedule = LOCAL_RETRIEVAL_SCHEDULE;
  Object.assign(process.env, {
    CASAPAY_REPORT_RETRIEVAL: 'on',
    REPORT_QUEUE_URL: queues.queueUrl,
    CASAPAY_API_URL: apiUrl,
    REPORT_RETRY_DELAYS_SECONDS: schedule.delaysSeconds.join(','),
    REPORT_AUTH_RETRY_SECONDS: String(schedule.authFailureDelaySeconds),
    REPORT_HORIZON_SECONDS: String(schedule.horizonSeconds),
    REPORT_API_TIMEOUT_MS: '2000',
    REPORT_API_MAX_CALLS: '3',
    REPORT_API_MAX_WAIT_MS: '1000',
  });
}

/** The handlers the HTTP API serves, once they are imported. */
interface ApiHandlers {
  readonly ingest: HttpApiHandler;
  readonly sessionView: HttpApiHandler;
}

/**
 * Starts local mode. The port is bound first, so that a port in use fails at once, before any
 * emulator starts; requests that arrive before everything is ready wait, as on a cold start.
 * DynamoDB Local (the JVM, the slow part) boots while fauxqs, the queues and the handler modules
 * are set up.
 */
export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  // The SDK warns once per process that its 2027 releases will need Node 22; not news locally.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const statePath = localStatePath();
  const other = runningLocalState(statePath);
  if (other && other.pid !== process.pid) {
    throw new LocalSetupError(
      `local mode is already running (pid ${other.pid}, ${other.url}): stop it first, or give this one its own IDV_LOCAL_STATE file`,
    );
  }
  const stops: (() => Promise<void>)[] = [];
  let stopped: Promise<void> | undefined;
  // In reverse order of start; every step runs even if one fails, and each once however often
  // stop() is called.
  const stop = () => {
    stopped ??= (async () => {
      for (const step of stops.reverse()) await step().catch(() => undefined);
    })();
    return stopped;
  };
  let ready: (handlers: ApiHandlers) => void = () => undefined;
  const handlers = new Promise<ApiHandlers>((resolve) => {
    ready = resolve;
  });
  let pagesReady: (pages: PageHandler) => void = () => undefined;
  const pages = new Promise<PageHandler>((resolve) => {
    pagesReady = resolve;
  });
  try {
    const server: Server = await startHttpApi(
      [
        {
          routeKey: 'POST /webhooks/{provider}',
          functionName: 'ingest',
          handler: async (event, context) => (await handlers).ingest(event, context),
        },
        {
          routeKey: 'GET /sessions/{provider}/{sessionId}',
          functionName: 'session-view',
          handler: async (event, context) => (await handlers).sessionView(event, context),
        },
      ],
      options.host,
      options.port,
      options.pages && (async (request, response) => (await pages)(request, response)),
    );
    let closed: Promise<void> | undefined;
    const closeServer = () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A client that never finishes its request must not hold the stop up.
        server.closeAllConnections();
      });
      return closed;
    };
    // Closed last if the start fails from here on; first (added again below) once it has started.
    stops.push(closeServer);

    const dynamodbPort = await freeLoopbackPort();
    const dynamodbStarting = startDynamoDbEmulator({
      port: dynamodbPort,
      warn: options.warn ?? ((line) => console.error(line)),
    });
    // Handled here; its failure is also awaited below.
    dynamodbStarting.catch(() => undefined);
    stops.push(async () => (await dynamodbStarting.catch(() => undefined))?.stop());
    const sqsEmulator = await startSqsEmulator();
    stops.push(() => sqsEmulator.stop());

    const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: sqsEmulator.endpoint });
    const queues = await createWebhookQueues(
      sqs,
      LOCAL_QUEUE_NAME,
      LOCAL_VISIBILITY_TIMEOUT_SECONDS,
    );
    const reportQueues = await createWebhookQueues(
      sqs,
      LOCAL_REPORT_QUEUE_NAME,
      LOCAL_REPORT_VISIBILITY_TIMEOUT_SECONDS,
      attemptsWithin(LOCAL_RETRIEVAL_SCHEDULE) + 10,
    );
    // The document was validated by CasaPay's adapter (local-secrets.ts): a key is a string.
    const casapaySecrets = options.secrets.casapay as { readonly apiKey?: unknown } | undefined;
    const apiKey = typeof casapaySecrets?.apiKey === 'string' ? casapaySecrets.apiKey : undefined;
    const standIn = options.reports?.apiUrl
      ? undefined
      : await startCasaPayApiStandIn({ apiKey, behaviours: options.reports?.standIn ?? [] });
    if (standIn) stops.push(() => standIn.stop());
    const reportApiUrl = options.reports?.apiUrl ?? standIn?.url ?? '';
    const dynamodbEndpoint = `http://127.0.0.1:${dynamodbPort}`;
    configureHandlerEnvironment(
      { sqs: sqsEmulator.endpoint, dynamodb: dynamodbEndpoint },
      queues,
      options.secrets,
    );
    configureReportEnvironment(reportApiUrl, reportQueues);
    const modules = Promise.all([
      import('../ingest.js'),
      import('../consumer.js'),
      import('../session-view.js'),
      import('../report-fetcher.js'),
    ]);
    const dynamodbEmulator = await dynamodbStarting;
    await createTables(
      new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint }),
      LOCAL_TABLES,
    );
    const [ingest, consumer, sessionView, reportFetcher] = await modules;
    ready({
      ingest: ingest.handler as HttpApiHandler,
      sessionView: sessionView.handler as HttpApiHandler,
    });
    // Several pollers, as Lambda's SQS event source runs several batches at once.
    const pollers = Array.from({ length: options.pollers ?? LOCAL_POLLERS }, () =>
      startQueuePoller({
        sqs,
        queueUrl: queues.queueUrl,
        queueArn: queues.queueArn,
        handler: consumer.handler as unknown as SqsHandler,
        onError: (error) =>
          console.error('queue poller:', error instanceof Error ? error.message : error),
      }),
    );
    stops.push(() => Promise.all(pollers.map((poller) => poller.stop())).then(() => undefined));

    // Reactions: the same publisher handler the stack deploys, fed by DynamoDB Local's stream of
    // the sessions table, with a local bus in place of EventBridge.
    const bus = new LocalChangeBus();
    let emulatorGone = false;
    void dynamodbEmulator.crashed.then(() => {
      emulatorGone = true;
    });
    // Reports: the stand-in learns each report a committed change names; the local rule queues the
    // retrieval jobs, which the same report fetcher handler the stack deploys takes.
    if (standIn) bus.subscribe((envelope) => standIn.learn(envelope.detail));
    const retrieval = startLocalReportRetrieval({
      bus,
      sqs,
      queues: reportQueues,
      handler: reportFetcher.handler as unknown as SqsHandler,
      onError: (error) =>
        console.error('report retrieval:', error instanceof Error ? error.message : error),
    });
    stops.push(() => retrieval.stop());
    const unpublished = new Set<(record: UnpublishedRecord) => void>();
    const streamPoller = startStreamPoller({
      dynamodb: new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint }),
      streams: new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint }),
      tableName: LOCAL_TABLES.sessionsTable,
      handler: createPublisherHandler(
        { bus, maxPutAttempts: 3, backoff: jitteredBackoff(50), now: () => new Date() },
        createMeteredTelemetry(),
      ),
      ...LOCAL_STREAM,
      onGiveUp: (record) => {
        const key = JSON.stringify(record.dynamodb?.Keys ?? {});
        const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
        for (const listener of unpublished) listener({ sequenceNumber, key });
      },
      // Once DynamoDB Local is gone, local mode is stopping with one line that says so.
      onError: (error) => {
        if (!emulatorGone)
          console.error('stream poller:', error instanceof Error ? error.message : error);
      },
    });
    stops.push(() => streamPoller.stop());
    stops.push(closeServer);

    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const url = `http://${options.host}:${port}`;
    writeLocalState(
      {
        pid: process.pid,
        url,
        region: LOCAL_AWS.region,
        sqsEndpoint: sqsEmulator.endpoint,
        dynamodbEndpoint,
        ...queues,
        ...LOCAL_TABLES,
      },
      statePath,
    );
    stops.unshift(async () => removeLocalState(statePath));
    const pipeline: LocalPipeline = {
      url,
      queues,
      tables: LOCAL_TABLES,
      sqsEndpoint: sqsEmulator.endpoint,
      dynamodbEndpoint,
      crashed: dynamodbEmulator.crashed,
      bus,
      onUnpublished: (listener) => void unpublished.add(listener),
      reports: {
        apiUrl: reportApiUrl,
        standIn,
        queues: reportQueues,
        retrieving: apiKey !== undefined,
      },
      stop,
    };
    // Synchronously after the handlers are ready: no batch can have been consumed before.
    if (options.pages) {
      const served = options.pages(pipeline);
      stops.push(async () => served.close());
      pagesReady(served.handle);
    }
    return pipeline;
  } catch (error) {
    await stop();
    throw error;
  }
}
