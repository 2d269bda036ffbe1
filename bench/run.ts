// `npm run bench`: runs every measurement of docs/benchmarks.md on this machine, writes the full
// figures to .reports/bench/results.json and ends with one summary table. Loopback only; it starts
// and stops its own emulators. Progress goes to stderr, the table to stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startDynamoDbEmulator } from '../functions/local/emulators.js';
import { measureConsumerCost } from './consumer-cost.js';
import { measureConsumerThroughput } from './consumer-throughput.js';
import {
  costPerMillion,
  defaultSamplingShare,
  logBytesPerWebhook,
  memoryOptions,
  publisherCostPerMillion,
} from './cost-model.js';
import { measureEndToEnd } from './end-to-end.js';
import { measureFootprint } from './footprint.js';
import { measureIngestCpu } from './ingest-cpu.js';
import { measurePublisher } from './publisher.js';
import { measureReportRetrieval, reportCostPerMillion, reportCostRows } from './report-cost.js';
import {
  consumerCostRows,
  costRows,
  endToEndRows,
  footprintRows,
  ingestCpuRows,
  logRows,
  memoryRows,
  publisherRows,
  sessionSizeRows,
  throughputRows,
} from './summary-rows.js';
import { renderSummary } from './summary-table.js';

const REPORT_DIR = '.reports/bench';
/** In-region round trips, which no local measurement can give (assumptions of the cost model). */
const SQS_SEND_MS = 8;
const DYNAMODB_GET_THEN_COMMIT_MS = 14;
const PUT_EVENTS_MS = 15;
/** CasaPay's report API, from the region (assumption: its latency is not published). */
const CASAPAY_API_MS = 300;
/** The steady rate at which the rate-dependent lines are priced (X-Ray sampling, publisher batches). */
const PRICED_AT_WEBHOOKS_PER_SECOND = 10;
/**
 * The publisher's batching window (PUBLISHER_BATCHING_WINDOW_SECONDS of lib/reactions.ts, which
 * loads the CDK and is imported only at the end; checked there): it gathers at most one stream
 * record per committed webhook, so this many records per invocation at the priced rate.
 */
const PUBLISHER_WINDOW_SECONDS = 1;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const step = (text: string) => process.stderr.write(`bench: ${text}\n`);
const started = Date.now();
/** The machine is shared: the load average before and after says how quiet the run was. */
const loadBefore = loadavg();

step('1/6 ingest CPU per webhook (in-process, SQS transport stubbed)');
// Short rounds, many of them: on a shared machine the load moves within seconds, and every
// variant should see the same moments of it.
const ingestCpu = await measureIngestCpu({ warmup: 2_000, iterations: 400, rounds: 25 });

step('4/6 bundles and cold starts (esbuild, fresh node processes)');
const footprint = await measureFootprint({ outDir: `${REPORT_DIR}/bundles`, runs: 21 });

step('2-3/6 consumer cost and throughput, 7 publisher (DynamoDB Local)');
const dynamodb = await startDynamoDbEmulator();
let consumerCost: Awaited<ReturnType<typeof measureConsumerCost>>;
let throughput: Awaited<ReturnType<typeof measureConsumerThroughput>>[];
let publisher: Awaited<ReturnType<typeof measurePublisher>>;
let reportRetrieval: Awaited<ReturnType<typeof measureReportRetrieval>>;
try {
  consumerCost = await measureConsumerCost(dynamodb.endpoint);
  throughput = [];
  for (const concurrency of [1, 4]) {
    throughput.push(
      await measureConsumerThroughput(dynamodb.endpoint, {
        batches: 200,
        warmupBatches: 20,
        concurrency,
        sessionsInFlight: 8,
      }),
    );
  }
  publisher = await measurePublisher(dynamodb.endpoint, {
    webhooks: 300,
    ratePerSecond: 50,
    rounds: 5,
    replayRecordsPerInvocation: PRICED_AT_WEBHOOKS_PER_SECOND * PUBLISHER_WINDOW_SECONDS,
  });
  reportRetrieval = await measureReportRetrieval(dynamodb.endpoint);
} finally {
  await dynamodb.stop();
}

step('5/6 end to end in local mode (npm start as a child process)');
const endToEnd = await measureEndToEnd({
  concurrency: 16,
  requests: 1_500,
  steadyRate: 50,
  steadySeconds: 8,
});

step('6/6 cost per million webhooks and per million changes');
// Imported only now: they load the CDK, which the CPU measurements should not share a heap with.
const { INGEST_MEMORY_MB } = await import('../lib/intake.js');
const { CONSUMER_MEMORY_MB } = await import('../lib/processor.js');
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const lifecycle = consumerCost.scenarios.find((s) => s.scenario.startsWith('lifecycles'));
const sequential = throughput[0];
if (!lifecycle || !sequential) throw new Error('a consumer measurement is missing');
const costInputs = {
  ingest: {
    memoryMb: INGEST_MEMORY_MB,
    cpuMicros: mean(ingestCpu.map((f) => f.handlerMicros - f.stubMicros)),
    sqsRoundTripMs: SQS_SEND_MS,
    logBytes: mean(ingestCpu.map((f) => f.logBytesPerWebhook)),
    logLines: mean(ingestCpu.map((f) => f.logLinesPerWebhook)),
  },
  consumer: {
    memoryMb: CONSUMER_MEMORY_MB,
    batchSize: 10,
    cpuMsPerBatch: sequential.cpuMsPerBatch,
    dynamodbWaitMsPerBatch: DYNAMODB_GET_THEN_COMMIT_MS,
    logBytesPerEvent: sequential.logBytesPerEvent,
    logLinesPerEvent: sequential.logLinesPerEvent,
  },
  dynamodb: { writeUnits: lifecycle.ours.writeUnits, readUnits: lifecycle.ours.readUnits },
  tracedShare: 0,
};
const cost = costPerMillion(costInputs);
const logBytes = logBytesPerWebhook(costInputs);
const tracedShare = defaultSamplingShare(PRICED_AT_WEBHOOKS_PER_SECOND);
const xray = costPerMillion({ ...costInputs, tracedShare }).find(
  (line) => line.service === 'X-Ray',
);
if (!xray) throw new Error('the cost model priced no X-Ray line');

const { PUBLISHER_MEMORY_MB, PUBLISHER_BATCHING_WINDOW_SECONDS } = await import(
  '../lib/reactions.js'
);
if (PUBLISHER_BATCHING_WINDOW_SECONDS !== PUBLISHER_WINDOW_SECONDS) {
  throw new Error(
    "bench/run.ts: PUBLISHER_WINDOW_SECONDS differs from the stack's batching window",
  );
}
// On AWS the mapping gathers records for its batching window: at the priced steady rate, that
// many records per invocation.
const publisherCost = publisherCostPerMillion({
  memoryMb: PUBLISHER_MEMORY_MB,
  cpuMicrosPerChange: publisher.cpuMicrosPerChange,
  recordsPerInvocation: Math.max(
    1,
    PRICED_AT_WEBHOOKS_PER_SECOND * publisher.changesPerWebhook * PUBLISHER_BATCHING_WINDOW_SECONDS,
  ),
  putEventsRoundTripMs: PUT_EVENTS_MS,
  logBytesPerChange: publisher.logBytesPerChange,
  logLinesPerChange: publisher.logLinesPerChange,
});

const { REPORT_FETCHER_MEMORY_MB } = await import('../lib/reports.js');
const reportCost = reportCostPerMillion({
  figures: reportRetrieval,
  memoryMb: REPORT_FETCHER_MEMORY_MB,
  apiRoundTripMs: CASAPAY_API_MS,
  dynamodbWaitMs: DYNAMODB_GET_THEN_COMMIT_MS,
  usdPerMillionChanges: publisherCost.reduce((sum, line) => sum + line.usdPerMillion, 0),
});

const MEMORY_SIZES_MB = [128, 256, 512, 1024];
const memory = [
  {
    name: 'ingest',
    chosenMb: INGEST_MEMORY_MB,
    options: memoryOptions(MEMORY_SIZES_MB, {
      cpuMs: costInputs.ingest.cpuMicros / 1000,
      waitMs: SQS_SEND_MS,
      perWebhook: 1,
    }),
  },
  {
    name: 'consumer',
    chosenMb: CONSUMER_MEMORY_MB,
    options: memoryOptions(MEMORY_SIZES_MB, {
      cpuMs: costInputs.consumer.cpuMsPerBatch,
      waitMs: DYNAMODB_GET_THEN_COMMIT_MS,
      perWebhook: 1 / costInputs.consumer.batchSize,
    }),
  },
];

const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  node: process.version,
  date: new Date().toISOString(),
  seconds: Math.round((Date.now() - started) / 1000),
  loadAverage: { before: loadBefore, after: loadavg() },
};
mkdirSync(REPORT_DIR, { recursive: true });
writeFileSync(
  `${REPORT_DIR}/results.json`,
  `${JSON.stringify(
    {
      machine,
      ingestCpu,
      consumerCost,
      throughput,
      footprint,
      endToEnd,
      costInputs,
      logBytes,
      cost,
      xray,
      memory,
      publisher,
      publisherCost,
      reportRetrieval,
      reportCost,
    },
    null,
    2,
  )}\n`,
);

const load = (values: number[]) => values.map((v) => v.toFixed(1)).join(' ');
console.log(
  `\nidv-webhooks benchmarks: ${machine.cores} x ${machine.cpu}, Node ${machine.node}, ${machine.date}, ${machine.seconds} s, load average ${load(loadBefore)} before and ${load(machine.loadAverage.after)} after (details: ${REPORT_DIR}/results.json)\n`,
);
console.log(
  renderSummary([
    ['1', ingestCpuRows(ingestCpu)],
    ['2', [...consumerCostRows(consumerCost.scenarios), ...sessionSizeRows(consumerCost.sizes)]],
    ['3', throughputRows(throughput)],
    ['4', footprintRows(footprint)],
    ['5', endToEndRows(endToEnd)],
    ['6', [...logRows(logBytes), ...costRows(cost, xray), ...memoryRows(memory)]],
    ['7', publisherRows(publisher, publisherCost, publisher.changesPerWebhook)],
    ['8', reportCostRows(reportCost)],
  ]),
);
