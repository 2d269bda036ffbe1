// Measurement 8: what retrieving CasaPay reports costs per million completed sessions. The report
// fetcher's handler runs on DynamoDB Local with an in-process API (CasaPay's own latency is an
// assumption below): each session's report is `pending` at the first attempt and `completed` at
// the second, and the DynamoDB units, CPU and log bytes of both attempts are counted. The cost
// model prices them with the list prices of bench/cost-model.ts (docs/reports.md, "Cost").
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { casapayReportSample } from '../functions/local/casapay-report-sample.js';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import { createTables } from '../functions/local/tables.js';
import { createMeteredTelemetry } from '../functions/observability/metered-telemetry.js';
import { createReportFetcherHandler } from '../functions/reports/report-fetcher-handler.js';
import { DynamoDbSessionStore } from '../functions/storage/dynamodb-session-store.js';
import {
  completedSession,
  dueEnvelope,
  fetcherPorts,
  jobRecord,
  reportAnswer,
  scriptedApi,
} from '../test/support/reports.js';
import { lambdaContext } from '../test/support/webhooks.js';
import { meterCapacity } from './capacity-meter.js';
import {
  type CostLine,
  LOG_EVENT_OVERHEAD_BYTES,
  memoryOptions,
  PRICES_USD,
} from './cost-model.js';
import { meterStdout } from './stdout-meter.js';
import { fmt, type SummaryRow } from './summary-table.js';

/** Per attempt of the fetcher (one job delivery), averaged over both kinds of attempt. */
export interface ReportRetrievalFigures {
  readonly sessions: number;
  readonly attemptsPerReport: number;
  readonly writeUnitsPerAttempt: number;
  readonly readUnitsPerAttempt: number;
  readonly dynamodbRequestsPerAttempt: number;
  readonly cpuMicrosPerAttempt: number;
  readonly logBytesPerAttempt: number;
}

/** Runs the fetcher's handler for `sessions` completed sessions, two attempts each. */
export async function measureReportRetrieval(
  dynamodbEndpoint: string,
  sessions = 100,
): Promise<ReportRetrievalFigures> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const tables = { sessionsTable: 'bench-report-sessions', quarantineTable: 'bench-report-q' };
  await createTables(client, tables);
  const store = new DynamoDbSessionStore(client, tables.sessionsTable);
  const ids = Array.from({ length: sessions }, () => randomUUID().slice(0, 12));
  for (const id of ids) await completedSession(store, `vs_${id}`, `vr_${id}`, ['passed']);

  const meter = meterCapacity(client);
  const stdout = meterStdout();
  let cpuMicros = 0;
  try {
    for (const id of ids) {
      const sessionId = `vs_${id}`;
      const subject = { sessionId, documents: [], checks: [] };
      const api = scriptedApi([
        reportAnswer(casapayReportSample(`vr_${id}`, subject, 'pending')),
        reportAnswer(casapayReportSample(`vr_${id}`, subject, 'completed')),
      ]);
      const handler = createReportFetcherHandler(
        { ...fetcherPorts(store, api), queue: { delay: async () => undefined } },
        createMeteredTelemetry(),
      );
      const event = { Records: [jobRecord(JSON.stringify(dueEnvelope(sessionId, `vr_${id}`)))] };
      for (let attempt = 0; attempt < 2; attempt++) {
        const started = process.cpuUsage();
        await handler(event as SQSEvent, lambdaContext('report-fetcher'));
        const used = process.cpuUsage(started);
        cpuMicros += used.user + used.system;
      }
    }
  } finally {
    stdout.restore();
  }
  const attempts = sessions * 2;
  const consumed = meter.consumption();
  client.destroy();
  return {
    sessions,
    attemptsPerReport: 2,
    writeUnitsPerAttempt: consumed.writeUnits / attempts,
    readUnitsPerAttempt: consumed.readUnits / attempts,
    dynamodbRequestsPerAttempt: consumed.requests / attempts,
    cpuMicrosPerAttempt: cpuMicros / attempts,
    logBytesPerAttempt: stdout.bytes() / attempts,
  };
}

/** https://aws.amazon.com/s3/pricing/ (S3 Standard PUT requests, us-east-1). */
const S3_PUT_PER_MILLION_USD = 5.0;

export interface ReportCostInputs {
  readonly figures: ReportRetrievalFigures;
  readonly memoryMb: number;
  /** CasaPay's answer time (assumption: no local measurement can give it). */
  readonly apiRoundTripMs: number;
  /** Waiting for DynamoDB per attempt: the session read, the claim and the session write. */
  readonly dynamodbWaitMs: number;
  /** What publishing one Session Changed event costs, all in (measurement 7). */
  readonly usdPerMillionChanges: number;
}

/**
 * Dollars per million completed sessions: each report takes `attemptsPerReport` job deliveries,
 * each one invocation (the worst case of one job per batch), and each finding commits a change
 * that is published. The archive's PUT is a separate line: it is opt-in.
 */
export function reportCostPerMillion(inputs: ReportCostInputs): {
  readonly lines: CostLine[];
  readonly archive: CostLine;
} {
  const { figures } = inputs;
  const attempts = figures.attemptsPerReport;
  const [duration] = memoryOptions([inputs.memoryMb], {
    cpuMs: figures.cpuMicrosPerAttempt / 1000,
    waitMs: inputs.apiRoundTripMs + inputs.dynamodbWaitMs,
    perWebhook: attempts,
  });
  if (!duration) throw new Error('no duration priced');
  // The rule's SendMessage once; per delivery a ReceiveMessage; a ChangeMessageVisibility for
  // each job handed back to check again later; the DeleteMessage once.
  const sqsRequests = 1 + attempts + (attempts - 1) + 1;
  const logBytes = attempts * (figures.logBytesPerAttempt + 2 * LOG_EVENT_OVERHEAD_BYTES);
  return {
    lines: [
      {
        service: 'Reports: Lambda requests',
        usdPerMillion: attempts * PRICES_USD.lambdaPerMillionRequests,
        basis: `${attempts} fetcher invocations per report (one job each)`,
      },
      {
        service: 'Reports: Lambda duration (arm64)',
        usdPerMillion: duration.usdPerMillionWebhooks,
        basis: `${inputs.memoryMb} MB x ${duration.billedMs} ms per attempt (API ${inputs.apiRoundTripMs} ms assumed)`,
      },
      {
        service: 'Reports: SQS',
        usdPerMillion: sqsRequests * PRICES_USD.sqsPerMillionRequests,
        basis: `${sqsRequests} requests per report (rule send, receives, delay, delete)`,
      },
      {
        service: 'Reports: DynamoDB on-demand',
        usdPerMillion:
          attempts *
          (figures.writeUnitsPerAttempt * PRICES_USD.dynamodbPerMillionWriteUnits +
            figures.readUnitsPerAttempt * PRICES_USD.dynamodbPerMillionReadUnits),
        basis: `${round2(figures.writeUnitsPerAttempt)} WRU + ${round2(figures.readUnitsPerAttempt)} RRU per attempt`,
      },
      {
        service: 'Reports: Session Changed events of the findings',
        usdPerMillion: attempts * inputs.usdPerMillionChanges,
        basis: `${attempts} changes per report, published as in measurement 7`,
      },
      {
        service: 'Reports: CloudWatch Logs ingestion',
        usdPerMillion: (logBytes * 1_000_000 * PRICES_USD.logsIngestionPerGb) / 1024 ** 3,
        basis: `${Math.round(logBytes)} bytes per report (lines and EMF)`,
      },
    ],
    archive: {
      service: 'Reports: S3 archive PUT, if the archive is on',
      usdPerMillion: S3_PUT_PER_MILLION_USD,
      basis: '1 PUT per report (storage: about $0.023 per GB-month, for the expiry period)',
    },
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The summary's rows: each line, the all-in figure, and the archive's. */
export function reportCostRows(cost: ReturnType<typeof reportCostPerMillion>): SummaryRow[] {
  const total = cost.lines.reduce((sum, line) => sum + line.usdPerMillion, 0);
  return [
    ...[...cost.lines, cost.archive].map((line) => ({
      measurement: `Cost per million completed sessions: ${line.service}`,
      result: `$${fmt(line.usdPerMillion, 3)}`,
      reference: line.basis,
    })),
    {
      measurement: 'Cost of report retrieval per million completed sessions, all-in (no archive)',
      result: `$${fmt(total, 2)}`,
    },
  ];
}
