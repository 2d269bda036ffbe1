// Measurement 1: CPU per webhook of the ingest, in-process. The real handler, the real
// SqsWebhookQueue and a real SQSClient whose transport answers in-process, against the floor:
// decode + HMAC + a bare SendMessage of the same body with the same client and transport stub,
// and what the message attributes and the SDK's MD5 check of the body add to that floor.
import { createHmac } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DEFAULT_MAX_BODY_BYTES } from '../functions/config.js';
import { createIngestHandler } from '../functions/intake/ingest-handler.js';
import { type IntakePorts, receiveWebhook } from '../functions/intake/receive-webhook.js';
import { createLineLog } from '../functions/observability/line-log.js';
import { SERVICE_NAME } from '../functions/observability/service-name.js';
import { providerAuthenticators } from '../functions/providers/authenticators.js';
import { toSqsMessage } from '../functions/queue/queued-webhook.js';
import { INGEST_SQS_CLIENT_CONFIG, SqsWebhookQueue } from '../functions/queue/webhook-queue.js';
import { EnvSecretSource, ProviderSecrets } from '../functions/secrets/secret-source.js';
import {
  CASAPAY_SECRET,
  casapayEvent,
  lambdaContext,
  SECRET_DOCUMENTS,
  VERIFF_INTEGRATION,
  veriffEvent,
} from '../test/support/webhooks.js';
import { median, microsecondsPerCall, microsecondsPerSyncCall } from './stats.js';
import { meterStdout } from './stdout-meter.js';
import { sendMessageResponse, stubTransport } from './transport-stub.js';
import { casapayBody, veriffDecisionBody } from './workload.js';

export interface IngestCpuOptions {
  /** Invocations before timing starts (JIT warm-up). */
  readonly warmup: number;
  /** Invocations per timed round; rounds of each variant are interleaved against drift. */
  readonly iterations: number;
  readonly rounds: number;
}

/** Median microseconds per webhook of each layer, for one provider. */
export interface IngestCpuFigures {
  readonly provider: 'casapay' | 'veriff';
  readonly bodyBytes: number;
  /** Body decode + HMAC-SHA256 of the body with node:crypto: the floor. */
  readonly floorMicros: number;
  /**
   * The floor plus one SendMessage of the body with the same client and transport stub: what any
   * ingest does, and the floor of the handler's goal (<= 1.2x).
   */
  readonly sdkFloorMicros: number;
  /** The same SendMessage with the ingest's four message attributes: what they cost. */
  readonly sdkFloorAttributesMicros: number;
  /** The bare SendMessage with the SDK's MD5 check of the body switched off: what the check costs. */
  readonly sdkFloorNoMd5Micros: number;
  /** receiveWebhook (the core: size check, decode, secrets, verify) with a queue that does nothing. */
  readonly coreMicros: number;
  /** The full handler (middy, logger, metrics) with a queue that does nothing. */
  readonly handlerWithoutSdkMicros: number;
  /** The full handler with SqsWebhookQueue and the SDK: what a warm Lambda runs. */
  readonly handlerMicros: number;
  /**
   * handler / sdkFloor, the goal's ratio: the median over rounds of each round's ratio, which
   * cancels the load that moves between rounds on a shared machine (a ratio of two medians does not).
   */
  readonly handlerToSdkFloor: number;
  /** What the in-process transport itself costs per request (included in handlerMicros). */
  readonly stubMicros: number;
  /** Bytes the handler writes to stdout per webhook (its one line; its metrics come from it). */
  readonly logBytesPerWebhook: number;
  /** Lines (CloudWatch log events) per webhook. */
  readonly logLinesPerWebhook: number;
}

/** The layers timed, in the order each round runs them. */
const VARIANTS = [
  'floor',
  'sdkFloorAttributes',
  'sdkFloorNoMd5',
  'core',
  'handlerWithoutSdk',
  'sdkFloor',
  'handler',
] as const;
type Variant = (typeof VARIANTS)[number];

/**
 * The goal's two variants run last in each round, one right after the other, and swap places
 * every other round: each round's ratio then compares two moments of the same load, and neither
 * variant always runs after the same one.
 */
function roundOrder(round: number): readonly Variant[] {
  return round % 2 === 0 ? VARIANTS : [...VARIANTS.slice(0, -2), 'handler', 'sdkFloor'];
}

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/idv-webhooks';
/** Distinct requests per provider (each its own request id), cycled, so the JIT sees varied input. */
const POOL = 64;

const noQueue: IntakePorts['queue'] = { publish: async () => ({ messageId: 'm' }) };

function ports(queue: IntakePorts['queue']): IntakePorts {
  const env = {
    CASAPAY_SECRETS: JSON.stringify(SECRET_DOCUMENTS.casapay),
    VERIFF_SECRETS: JSON.stringify(SECRET_DOCUMENTS.veriff),
  };
  return {
    adapters: providerAuthenticators(),
    secrets: new ProviderSecrets(new EnvSecretSource(env)),
    queue,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    now: () => new Date(),
  };
}

function eventPool(provider: 'casapay' | 'veriff'): {
  body: string;
  events: APIGatewayProxyEventV2[];
} {
  const body =
    provider === 'casapay'
      ? casapayBody('verification_session.completed', 'vs_bench00000001', 1_790_000_000)
      : veriffDecisionBody('f04bdb47-d3be-4b28-b028-a652feb060b5');
  const events = Array.from({ length: POOL }, (_, i) =>
    provider === 'casapay'
      ? casapayEvent(body, new Date(), { requestId: `bench-${i}` })
      : veriffEvent(body, { requestId: `bench-${i}` }),
  );
  return { body, events };
}

/** What the floor does for each provider: decode the body as API Gateway hands it over, HMAC it. */
function floorStep(provider: 'casapay' | 'veriff', body: string): () => string {
  const timestamp = Math.floor(Date.now() / 1000);
  return provider === 'casapay'
    ? () =>
        createHmac('sha256', CASAPAY_SECRET)
          .update(`${timestamp}.`)
          .update(Buffer.from(body, 'utf8'))
          .digest('hex')
    : () =>
        createHmac('sha256', VERIFF_INTEGRATION.sharedSecret)
          .update(Buffer.from(body, 'utf8'))
          .digest('hex');
}

export async function measureIngestCpu(options: IngestCpuOptions): Promise<IngestCpuFigures[]> {
  const client = (md5: boolean) =>
    new SQSClient({
      ...INGEST_SQS_CLIENT_CONFIG,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark' },
      requestHandler: stubTransport(sendMessageResponse),
      ...(md5 ? {} : { md5: false }),
    });
  const sqs = client(true);
  const sqsWithoutMd5 = client(false);
  const context = lambdaContext('ingest');
  const withSdk = createIngestHandler(ports(new SqsWebhookQueue(sqs, QUEUE_URL)), {
    log: createLineLog(SERVICE_NAME),
  });
  const withoutSdk = createIngestHandler(ports(noQueue), { log: createLineLog(SERVICE_NAME) });
  const corePorts = ports(noQueue);
  const meter = meterStdout();

  const measureProvider = async (provider: 'casapay' | 'veriff'): Promise<IngestCpuFigures> => {
    const { body, events } = eventPool(provider);
    const event = (i: number) => events[i % POOL] as APIGatewayProxyEventV2;
    const first = (await withSdk(event(0), context)) as { statusCode: number };
    if (first.statusCode !== 200)
      throw new Error(`${provider} bench webhook got ${first.statusCode}`);

    const floor = floorStep(provider, body);
    const sdkFloor = () => {
      floor();
      return sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: body }));
    };
    const { MessageAttributes } = toSqsMessage({
      provider,
      body: Buffer.from(body),
      receivedAt: Date.now(),
      requestId: 'bench-0',
    });
    const sdkFloorAttributes = () => {
      floor();
      return sqs.send(
        new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: body, MessageAttributes }),
      );
    };
    const sdkFloorNoMd5 = () => {
      floor();
      return sqsWithoutMd5.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: body }));
    };
    const variants: Record<Variant, (n: number) => Promise<number>> = {
      floor: async (n) => microsecondsPerSyncCall(n, floor),
      sdkFloor: (n) => microsecondsPerCall(n, sdkFloor),
      sdkFloorAttributes: (n) => microsecondsPerCall(n, sdkFloorAttributes),
      sdkFloorNoMd5: (n) => microsecondsPerCall(n, sdkFloorNoMd5),
      core: (n) => microsecondsPerCall(n, (i) => receiveWebhook(event(i), corePorts)),
      handlerWithoutSdk: (n) => microsecondsPerCall(n, (i) => withoutSdk(event(i), context)),
      handler: (n) => microsecondsPerCall(n, (i) => withSdk(event(i), context)),
    };
    const samples: Record<Variant, number[]> = {
      floor: [],
      sdkFloor: [],
      sdkFloorAttributes: [],
      sdkFloorNoMd5: [],
      core: [],
      handlerWithoutSdk: [],
      handler: [],
    };
    for (const run of Object.values(variants)) await run(options.warmup);
    let logBytes = 0;
    let logLines = 0;
    for (let round = 0; round < options.rounds; round++) {
      for (const name of roundOrder(round)) {
        const before = meter.bytes();
        const linesBefore = meter.lines();
        samples[name].push(await variants[name](options.iterations));
        if (name === 'handler') {
          logBytes += meter.bytes() - before;
          logLines += meter.lines() - linesBefore;
        }
      }
    }

    const sampleRequest = JSON.stringify({ QueueUrl: QUEUE_URL, MessageBody: body });
    return {
      provider,
      bodyBytes: Buffer.byteLength(body),
      floorMicros: median(samples.floor),
      sdkFloorMicros: median(samples.sdkFloor),
      sdkFloorAttributesMicros: median(samples.sdkFloorAttributes),
      sdkFloorNoMd5Micros: median(samples.sdkFloorNoMd5),
      coreMicros: median(samples.core),
      handlerWithoutSdkMicros: median(samples.handlerWithoutSdk),
      handlerMicros: median(samples.handler),
      handlerToSdkFloor: median(
        samples.handler.map((h, round) => h / (samples.sdkFloor[round] ?? h)),
      ),
      stubMicros: microsecondsPerSyncCall(options.iterations, () =>
        sendMessageResponse(sampleRequest),
      ),
      logBytesPerWebhook: logBytes / (options.rounds * options.iterations),
      logLinesPerWebhook: logLines / (options.rounds * options.iterations),
    };
  };

  const results: IngestCpuFigures[] = [];
  try {
    for (const provider of ['casapay', 'veriff'] as const) {
      results.push(await measureProvider(provider));
    }
  } finally {
    meter.restore();
    sqs.destroy();
    sqsWithoutMd5.destroy();
  }
  return results;
}
