// Measurement 7: the reactions publisher. On DynamoDB Local, the real consumer commits session
// lifecycles at a steady rate while the local stream poller feeds the real publisher handler (as
// the event source mapping does): the delay from commit to the bus. Then the stream records it
// received are replayed in-process through the same handler with a real EventBridge client whose
// transport answers in-process: CPU and log bytes per change.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import { LocalChangeBus } from '../functions/local/local-bus.js';
import { startStreamPoller } from '../functions/local/stream-poller.js';
import { createTables } from '../functions/local/tables.js';
import { createMeteredTelemetry } from '../functions/observability/metered-telemetry.js';
import {
  EVENTBRIDGE_CLIENT_CONFIG,
  EventBridgeChangeBus,
} from '../functions/reactions/eventbridge-bus.js';
import { createPublisherHandler } from '../functions/reactions/publisher-handler.js';
import { consumer, consumerPorts } from '../test/support/consumer.js';
import { lambdaContext } from '../test/support/webhooks.js';
import { median, percentile } from './stats.js';
import { meterStdout } from './stdout-meter.js';
import { putEventsResponse, stubTransport } from './transport-stub.js';
import { SessionTraffic, sqsBatch } from './workload.js';

export interface PublisherOptions {
  /** Webhooks committed one by one, at `ratePerSecond`. */
  readonly webhooks: number;
  readonly ratePerSecond: number;
  /** Rounds of the in-process replay; the median is reported. */
  readonly rounds: number;
  /**
   * Stream records per invocation in the replay: the batch the cost model prices (what the
   * mapping's batching window gathers at the priced rate), so that the EMF document per batch and
   * provider is shared by as many changes as it is priced for.
   */
  readonly replayRecordsPerInvocation: number;
}

export interface PublisherFigures {
  readonly webhooks: number;
  readonly changes: number;
  /** Published changes per committed webhook (a write that changes nothing visible has none). */
  readonly changesPerWebhook: number;
  /** Commit (the session's updatedAt) to accepted by the bus, in ms. */
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  /** The handler, the SDK's PutEvents and the logger, per change, in-process. */
  readonly cpuMicrosPerChange: number;
  readonly logBytesPerChange: number;
  /** Log lines per change: one per batch, and the EMF documents (per batch and provider). */
  readonly logLinesPerChange: number;
  /** Records per handler invocation of the local poller (its batches, up to 100). */
  readonly recordsPerInvocation: number;
  /** Records per invocation in the replay, where CPU and log bytes are measured. */
  readonly replayRecordsPerInvocation: number;
}

const TABLES = { sessionsTable: 'bench-publisher', quarantineTable: 'bench-publisher-quarantine' };
/** Lambda polls a shard four times a second. */
const POLL_IDLE_MS = 250;

export async function measurePublisher(
  dynamodbEndpoint: string,
  options: PublisherOptions,
): Promise<PublisherFigures> {
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const streams = new DynamoDBStreamsClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  await createTables(dynamodb, TABLES);
  const consume = consumer(consumerPorts(dynamodb, TABLES));
  const bus = new LocalChangeBus();
  const lags: number[] = [];
  bus.subscribe((envelope) => lags.push(Date.now() - Date.parse(envelope.detail.committedAt)));
  const batches: DynamoDBRecord[][] = [];
  const handler = createPublisherHandler(
    { bus, maxPutAttempts: 3, backoff: async () => undefined, now: () => new Date() },
    createMeteredTelemetry(),
  );
  const stdout = meterStdout();
  const poller = startStreamPoller({
    dynamodb,
    streams,
    tableName: TABLES.sessionsTable,
    handler: async (event, context) => {
      batches.push(event.Records);
      return handler(event, context);
    },
    batchSize: 100,
    retryAttempts: 2,
    idleMs: POLL_IDLE_MS,
    onGiveUp: () => undefined,
    onError: () => undefined,
  });
  try {
    const traffic = new SessionTraffic(8);
    for (let i = 0; i < options.webhooks; i++) {
      const next = Date.now() + 1000 / options.ratePerSecond;
      await consume(sqsBatch(traffic, 1));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
    const deadline = Date.now() + 10_000;
    while (lags.length < options.webhooks * 0.5 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_IDLE_MS * 4));
  } finally {
    await poller.stop();
    stdout.restore();
  }
  const changes = lags.length;
  // The captured records in stream order, in batches of the priced size.
  const records = batches.flat();
  const size = Math.max(1, Math.round(options.replayRecordsPerInvocation));
  const replayBatches = Array.from({ length: Math.ceil(records.length / size) }, (_, i) =>
    records.slice(i * size, (i + 1) * size),
  );
  const replay = replayInProcess(replayBatches, options.rounds);
  return {
    webhooks: options.webhooks,
    changes,
    changesPerWebhook: changes / options.webhooks,
    lagP50Ms: percentile(lags, 0.5),
    lagP99Ms: percentile(lags, 0.99),
    ...(await replay),
    recordsPerInvocation: records.length / Math.max(1, batches.length),
    replayRecordsPerInvocation: size,
  };
}

/** The stream batches through the handler with PutEvents answered in-process. */
async function replayInProcess(batches: DynamoDBRecord[][], rounds: number) {
  const client = new EventBridgeClient({
    ...EVENTBRIDGE_CLIENT_CONFIG,
    region: LOCAL_AWS.region,
    credentials: LOCAL_AWS.credentials,
    requestHandler: stubTransport(putEventsResponse),
  });
  let published = 0;
  const bus = new EventBridgeChangeBus(client, 'bench-bus');
  const handler = createPublisherHandler(
    {
      bus: {
        put: async (changes) => {
          published += changes.length;
          return bus.put(changes);
        },
      },
      maxPutAttempts: 3,
      backoff: async () => undefined,
      now: () => new Date(),
    },
    createMeteredTelemetry(),
  );
  const run = async () => {
    for (const records of batches) {
      await handler({ Records: records } as DynamoDBStreamEvent, lambdaContext('publisher'));
    }
  };
  const warmup = meterStdout();
  await run();
  warmup.restore();
  const micros: number[] = [];
  const logBytes: number[] = [];
  const logLines: number[] = [];
  for (let round = 0; round < rounds; round++) {
    published = 0;
    const stdout = meterStdout();
    const started = process.cpuUsage();
    await run();
    const used = process.cpuUsage(started);
    stdout.restore();
    micros.push((used.user + used.system) / Math.max(1, published));
    logBytes.push(stdout.bytes() / Math.max(1, published));
    logLines.push(stdout.lines() / Math.max(1, published));
  }
  return {
    cpuMicrosPerChange: median(micros),
    logBytesPerChange: median(logBytes),
    logLinesPerChange: median(logLines),
  };
}
