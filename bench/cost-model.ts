// Measurement 6: what a million webhooks cost on AWS, from the measured figures and public list
// prices. Pure: the figures come in, one line per service comes out.
import { SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { PLATFORM_LOG_LEVEL } from '../lib/webhook-function.js';

/**
 * List prices, us-east-1, as published on these pages (last checked in 2025; this machine cannot
 * reach them, so re-check before quoting):
 * https://aws.amazon.com/api-gateway/pricing/ (HTTP API, first 300 M requests a month)
 * https://aws.amazon.com/lambda/pricing/ (Arm, first 7.5 B GB-s a month)
 * https://aws.amazon.com/sqs/pricing/ (standard queue, after the free first 1 M)
 * https://aws.amazon.com/dynamodb/pricing/on-demand/ (standard table class, after the Nov 2024 cut)
 * https://aws.amazon.com/cloudwatch/pricing/ (logs: standard ingestion, Lambda vended first tier)
 * https://aws.amazon.com/xray/pricing/ (traces recorded)
 */
export const PRICES_USD = {
  httpApiPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.000_013_333_4,
  sqsPerMillionRequests: 0.4,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  logsIngestionPerGb: 0.5,
  xrayPerMillionTracesRecorded: 5.0,
  /** https://aws.amazon.com/eventbridge/pricing/ (custom events, each 64 KB chunk is one event). */
  eventBridgePerMillionEvents: 1.0,
} as const;

/** Lambda gives a function CPU in proportion to its memory: one vCPU at 1,769 MB (Lambda docs). */
const MB_PER_VCPU = 1_769;

/** CloudWatch Logs counts 26 bytes of metadata for every log event (PutLogEvents quota page). */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

/**
 * Lambda's own lines per invocation with the JSON log format (platform.start, platform.report),
 * logged only when the stack's platform log level is INFO, and API Gateway's access log line in
 * the stack's format (ACCESS_LOG_FORMAT in lib/intake.ts), with typical values.
 */
const PLATFORM_LOG_LINES = [
  '{"time":"2026-11-24T12:00:00.000Z","type":"platform.start","record":{"requestId":"8c452c4a-3157-45b2-b623-5434471f9526","version":"$LATEST"}}',
  '{"time":"2026-11-24T12:00:00.012Z","type":"platform.report","record":{"requestId":"8c452c4a-3157-45b2-b623-5434471f9526","metrics":{"durationMs":11.52,"billedDurationMs":12,"memorySizeMB":256,"maxMemoryUsedMB":82},"status":"success"}}',
] as const;
const ACCESS_LOG_LINE = 'Xyz1AbCdEfGhIjk= 200 POST /webhooks/veriff 203.0.113.10 23 -';

export interface CostInputs {
  readonly ingest: {
    readonly memoryMb: number;
    /** CPU per webhook on one full core (measurement 1). */
    readonly cpuMicros: number;
    /** Waiting for SendMessage in the region (assumption). */
    readonly sqsRoundTripMs: number;
    /** What the handler writes to stdout per webhook (measurement 1), and in how many lines. */
    readonly logBytes: number;
    readonly logLines: number;
  };
  readonly consumer: {
    readonly memoryMb: number;
    readonly batchSize: number;
    /** CPU per batch on one full core (measurement 3). */
    readonly cpuMsPerBatch: number;
    /** Waiting for DynamoDB per batch: sessions run in parallel, each a GetItem then a commit. */
    readonly dynamodbWaitMsPerBatch: number;
    readonly logBytesPerEvent: number;
    readonly logLinesPerEvent: number;
  };
  /** Per webhook (measurement 2). */
  readonly dynamodb: { readonly writeUnits: number; readonly readUnits: number };
  /** Share of webhooks X-Ray records a trace for; 0 leaves X-Ray out. */
  readonly tracedShare: number;
}

export interface CostLine {
  readonly service: string;
  readonly usdPerMillion: number;
  readonly basis: string;
}

/** Billed milliseconds of one invocation: CPU at the memory's share of a vCPU, plus waiting. */
function billedMs(memoryMb: number, cpuMs: number, waitMs: number): number {
  const share = Math.min(1, memoryMb / MB_PER_VCPU);
  return Math.ceil(cpuMs / share + waitMs);
}

const logEventBytes = (line: string) => Buffer.byteLength(line) + 1 + LOG_EVENT_OVERHEAD_BYTES;

/** Log bytes per webhook as CloudWatch Logs bills them (26 bytes more per line), by source. */
export interface LogBytes {
  readonly ingest: number;
  readonly consumer: number;
  /** Lambda's platform lines of both functions' invocations (none at WARN, the stack's level). */
  readonly platform: number;
  readonly accessLog: number;
  readonly total: number;
}

/** The log bytes of one webhook from receipt to committed state: what the 600-byte goal counts. */
export function logBytesPerWebhook(inputs: Pick<CostInputs, 'ingest' | 'consumer'>): LogBytes {
  const { ingest, consumer } = inputs;
  const platformPerInvocation =
    PLATFORM_LOG_LEVEL === SystemLogLevel.INFO
      ? PLATFORM_LOG_LINES.reduce((sum, line) => sum + logEventBytes(line), 0)
      : 0;
  const parts = {
    ingest: ingest.logBytes + ingest.logLines * LOG_EVENT_OVERHEAD_BYTES,
    consumer: consumer.logBytesPerEvent + consumer.logLinesPerEvent * LOG_EVENT_OVERHEAD_BYTES,
    platform: (1 + 1 / consumer.batchSize) * platformPerInvocation,
    accessLog: logEventBytes(ACCESS_LOG_LINE),
  };
  return { ...parts, total: parts.ingest + parts.consumer + parts.platform + parts.accessLog };
}

/** One line per service, in dollars per million webhooks. */
export function costPerMillion(inputs: CostInputs): CostLine[] {
  const { ingest, consumer, dynamodb } = inputs;
  const million = 1_000_000;

  const batchesPerWebhook = 1 / consumer.batchSize;
  const [ingestDuration] = memoryOptions([ingest.memoryMb], {
    cpuMs: ingest.cpuMicros / 1000,
    waitMs: ingest.sqsRoundTripMs,
    perWebhook: 1,
  });
  const [consumerDuration] = memoryOptions([consumer.memoryMb], {
    cpuMs: consumer.cpuMsPerBatch,
    waitMs: consumer.dynamodbWaitMsPerBatch,
    perWebhook: batchesPerWebhook,
  });
  if (!ingestDuration || !consumerDuration) throw new Error('no duration priced');
  const invocations = 1 + batchesPerWebhook;
  // SendMessage per webhook; ReceiveMessage and DeleteMessageBatch per batch (Lambda's poller).
  const sqsRequests = 1 + 2 * batchesPerWebhook;
  const logBytes = logBytesPerWebhook(inputs).total;

  const lines: CostLine[] = [
    {
      service: 'API Gateway HTTP API',
      usdPerMillion: PRICES_USD.httpApiPerMillionRequests,
      basis: '1 request per webhook (bodies under 512 KB)',
    },
    {
      service: 'Lambda requests',
      usdPerMillion: invocations * PRICES_USD.lambdaPerMillionRequests,
      basis: `${invocations} invocations per webhook (ingest + 1/${consumer.batchSize} consumer)`,
    },
    {
      service: 'Lambda duration (arm64)',
      usdPerMillion: ingestDuration.usdPerMillionWebhooks + consumerDuration.usdPerMillionWebhooks,
      basis: `ingest ${ingest.memoryMb} MB x ${ingestDuration.billedMs} ms; consumer ${consumer.memoryMb} MB x ${consumerDuration.billedMs} ms per batch`,
    },
    {
      service: 'SQS',
      usdPerMillion: sqsRequests * PRICES_USD.sqsPerMillionRequests,
      basis: `${sqsRequests} requests per webhook (send; receive and delete per batch)`,
    },
    {
      service: 'DynamoDB on-demand',
      usdPerMillion:
        dynamodb.writeUnits * PRICES_USD.dynamodbPerMillionWriteUnits +
        dynamodb.readUnits * PRICES_USD.dynamodbPerMillionReadUnits,
      basis: `${round2(dynamodb.writeUnits)} WRU + ${round2(dynamodb.readUnits)} RRU per webhook`,
    },
    {
      service: 'CloudWatch Logs ingestion',
      usdPerMillion: (logBytes * million * PRICES_USD.logsIngestionPerGb) / 1024 ** 3,
      basis: `${Math.round(logBytes)} bytes per webhook (function lines, EMF per batch, access log)`,
    },
  ];
  if (inputs.tracedShare > 0) {
    lines.push({
      service: 'X-Ray',
      usdPerMillion: inputs.tracedShare * invocations * PRICES_USD.xrayPerMillionTracesRecorded,
      basis: `${round2(inputs.tracedShare * 100)}% of invocations traced`,
    });
  }
  return lines;
}

/** X-Ray's default sampling rule: the first request each second, then 5% of the rest. */
export function defaultSamplingShare(webhooksPerSecond: number): number {
  if (webhooksPerSecond <= 1) return 1;
  return (1 + 0.05 * (webhooksPerSecond - 1)) / webhooksPerSecond;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export interface MemoryOption {
  readonly memoryMb: number;
  /** Billed duration of one warm invocation. */
  readonly billedMs: number;
  /** Lambda duration per million webhooks (a consumer invocation takes a whole batch). */
  readonly usdPerMillionWebhooks: number;
}

/** What a function's duration costs at each memory size, for right-sizing it. */
export function memoryOptions(
  sizesMb: readonly number[],
  invocation: { readonly cpuMs: number; readonly waitMs: number; readonly perWebhook: number },
): MemoryOption[] {
  return sizesMb.map((memoryMb) => {
    const ms = billedMs(memoryMb, invocation.cpuMs, invocation.waitMs);
    const gbSeconds = (memoryMb / 1024) * (ms / 1000) * invocation.perWebhook;
    return {
      memoryMb,
      billedMs: ms,
      usdPerMillionWebhooks: gbSeconds * 1e6 * PRICES_USD.lambdaArmPerGbSecond,
    };
  });
}

export interface PublisherCostInputs {
  readonly memoryMb: number;
  /** CPU per change on one full core (measurement 7). */
  readonly cpuMicrosPerChange: number;
  /** Stream records per publisher invocation on AWS (the batching window at the priced rate). */
  readonly recordsPerInvocation: number;
  /** Waiting for one PutEvents of up to 10 entries in the region (assumption). */
  readonly putEventsRoundTripMs: number;
  readonly logBytesPerChange: number;
  readonly logLinesPerChange: number;
}

/**
 * What publishing a million session changes costs: PutEvents (each change well under 64 KB is
 * one event), the publisher's invocations and duration, and its logs. Reading the stream is free
 * for Lambda. In dollars per million changes.
 */
export function publisherCostPerMillion(inputs: PublisherCostInputs): CostLine[] {
  const perInvocation = inputs.recordsPerInvocation;
  const puts = Math.ceil(perInvocation / 10);
  const [duration] = memoryOptions([inputs.memoryMb], {
    cpuMs: (inputs.cpuMicrosPerChange * perInvocation) / 1000,
    waitMs: puts * inputs.putEventsRoundTripMs,
    perWebhook: 1 / perInvocation,
  });
  if (!duration) throw new Error('no duration priced');
  const logBytes = inputs.logBytesPerChange + inputs.logLinesPerChange * LOG_EVENT_OVERHEAD_BYTES;
  return [
    {
      service: 'EventBridge PutEvents',
      usdPerMillion: PRICES_USD.eventBridgePerMillionEvents,
      basis: '1 custom event per change (under 64 KB)',
    },
    {
      service: 'Lambda requests (publisher)',
      usdPerMillion: PRICES_USD.lambdaPerMillionRequests / perInvocation,
      basis: `${round2(perInvocation)} stream records per invocation`,
    },
    {
      service: 'Lambda duration (publisher, arm64)',
      usdPerMillion: duration.usdPerMillionWebhooks,
      basis: `${inputs.memoryMb} MB x ${duration.billedMs} ms per invocation`,
    },
    {
      service: 'CloudWatch Logs ingestion (publisher)',
      usdPerMillion: (logBytes * 1_000_000 * PRICES_USD.logsIngestionPerGb) / 1024 ** 3,
      basis: `${Math.round(logBytes)} bytes per change`,
    },
  ];
}
