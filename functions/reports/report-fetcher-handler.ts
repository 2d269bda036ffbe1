// Wires the report fetcher: middy, the logger and metrics, the fetching core for each job of the
// batch, and the SQS partial-batch response. A job to check again later is handed back with its
// visibility set to the delay; a job that failed unexpectedly is handed back as it is.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { errorSummary } from '../observability/error-summary.js';
import { addProviderDimension, type MeteredTelemetry } from '../observability/metered-telemetry.js';
import { ReportMetric } from '../observability/metric-names.js';
import { observe, type Telemetry } from '../observability/telemetry.js';
import { type FetcherPorts, type FetchOutcome, fetchReport } from './fetch-report.js';
import type { RetrievalQueue } from './report-queue.js';
import { type RetrievalJob, readRetrievalJob } from './retrieval-job.js';

export interface ReportFetcherPorts extends FetcherPorts {
  readonly queue: RetrievalQueue;
}

/** Time kept back from the invocation's deadline for recording the findings and answering. */
const DEADLINE_MARGIN_MS = 5_000;

type JobResult =
  | { readonly record: SQSRecord; readonly job: RetrievalJob; readonly outcome: FetchOutcome }
  | { readonly record: SQSRecord; readonly job: RetrievalJob; readonly error: unknown }
  | { readonly record: SQSRecord; readonly unreadable: true };

const METRIC_OF: Readonly<Record<FetchOutcome['kind'], string>> = {
  retrieved: ReportMetric.retrieved,
  retry: ReportMetric.attemptFailed,
  gave_up: ReportMetric.gaveUp,
  off: ReportMetric.retrievalOff,
  skipped: ReportMetric.skipped,
  not_recorded: ReportMetric.notRecorded,
};

const isAuthFailure = (outcome: FetchOutcome) =>
  (outcome.kind === 'retry' || outcome.kind === 'gave_up') &&
  (outcome.error === 'unauthorized' || outcome.error === 'forbidden');

/** The metric a job's outcome counts in. A re-check of a pending report is not a failure. */
function metricOf(outcome: FetchOutcome): string {
  if (outcome.kind === 'retry' && outcome.error === undefined) return ReportMetric.pending;
  return METRIC_OF[outcome.kind];
}

/** One EMF document for the batch: every job of it is CasaPay's. */
function publishMetrics({ metrics }: MeteredTelemetry, results: readonly JobResult[]): void {
  const counts = new Map<string, number>();
  const count = (name: string, by = 1) => counts.set(name, (counts.get(name) ?? 0) + by);
  let calls = 0;
  for (const result of results) {
    if ('unreadable' in result) count(ReportMetric.notRecorded);
    else if ('error' in result) count(ReportMetric.failed);
    else {
      const { outcome } = result;
      count(metricOf(outcome));
      if (isAuthFailure(outcome)) count(ReportMetric.authFailures);
      if ('calls' in outcome) calls += outcome.calls;
      if ('latencyMs' in outcome && outcome.latencyMs !== undefined)
        metrics.addMetric(ReportMetric.apiLatency, MetricUnit.Milliseconds, outcome.latencyMs);
    }
  }
  addProviderDimension(metrics, 'casapay');
  for (const [name, value] of counts) metrics.addMetric(name, MetricUnit.Count, value);
  if (calls > 0) metrics.addMetric(ReportMetric.apiCalls, MetricUnit.Count, calls);
  metrics.publishStoredMetrics();
}

/** The log line's fields: ids, codes and counts, never anything the report says about a person. */
function outcomeFields(outcome: FetchOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'retrieved':
      return {
        attempt: outcome.attempt,
        reportStatus: outcome.report.status,
        verified: outcome.report.verified,
        archived: outcome.archiveKey !== undefined,
        recorded: outcome.recorded,
        calls: outcome.calls,
      };
    case 'retry':
      return {
        attempt: outcome.attempt,
        delaySeconds: outcome.delaySeconds,
        reportStatus: outcome.reportStatus,
        error: outcome.error,
        recorded: outcome.recorded,
        calls: outcome.calls,
      };
    case 'gave_up':
      return {
        attempt: outcome.attempt,
        error: outcome.error,
        recorded: outcome.recorded,
        calls: outcome.calls,
      };
    case 'off':
      return { recorded: outcome.recorded };
    default:
      return { reason: outcome.reason };
  }
}

function log({ logger }: Telemetry, result: JobResult): void {
  const base = { messageId: result.record.messageId };
  if ('unreadable' in result) {
    logger.error('report job unreadable', { ...base, outcome: 'unreadable' });
    return;
  }
  const ids = { ...base, sessionId: result.job.sessionId, reportId: result.job.reportId };
  if ('error' in result) {
    logger.warn('report job not processed', {
      ...ids,
      outcome: 'failed',
      ...errorSummary(result.error),
    });
    return;
  }
  const { outcome } = result;
  const fields = { ...ids, changeId: result.job.changeId, outcome: outcome.kind };
  const line = `report ${outcome.kind}`;
  if (outcome.kind === 'not_recorded') logger.error(line, { ...fields, ...outcomeFields(outcome) });
  else if (outcome.kind === 'gave_up' || isAuthFailure(outcome))
    logger.warn(line, { ...fields, ...outcomeFields(outcome) });
  else logger.info(line, { ...fields, ...outcomeFields(outcome) });
}

export function createReportFetcherHandler(ports: ReportFetcherPorts, telemetry: MeteredTelemetry) {
  const fetchBatch = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const deadline = Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
    const results = await Promise.all(
      event.Records.map(async (record): Promise<JobResult> => {
        const job = readRetrievalJob(record.body);
        if (!job) return { record, unreadable: true };
        try {
          const outcome = await fetchReport(job, { messageId: record.messageId, deadline }, ports);
          return { record, job, outcome };
        } catch (error) {
          return { record, job, error };
        }
      }),
    );
    const failures: string[] = [];
    for (const result of results) {
      log(telemetry, result);
      if (!('outcome' in result)) {
        failures.push(result.record.messageId);
        continue;
      }
      if (result.outcome.kind !== 'retry') continue;
      failures.push(result.record.messageId);
      try {
        await ports.queue.delay(result.record.receiptHandle, result.outcome.delaySeconds);
      } catch (error) {
        // The job still comes back, after the queue's own visibility timeout.
        telemetry.logger.warn('report job delay not set', {
          messageId: result.record.messageId,
          ...errorSummary(error),
        });
      }
    }
    publishMetrics(telemetry, results);
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
  return middy(fetchBatch).use(observe(telemetry));
}
