// Wires the consumer: middy, the logger and per-provider metrics, the batch core, and the SQS
// partial-batch response.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { errorSummary } from '../observability/error-summary.js';
import { addProviderDimension, type MeteredTelemetry } from '../observability/metered-telemetry.js';
import { ConsumerMetric, UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import { observe, type Telemetry } from '../observability/telemetry.js';
import {
  type BatchResult,
  type ConsumerPorts,
  type MessageOutcome,
  processBatch,
} from './process-batch.js';

/**
 * One line per webhook: its correlation id, event, session and outcome (an info line without a
 * message, the outcome says it). The SQS message id, which the request id already identifies, is
 * kept where someone acts on the message: a quarantined one (the entry names it), and a failure
 * (a warning; the record goes back to SQS).
 */
function logOutcome({ logger }: Telemetry, outcome: MessageOutcome): void {
  const { outcome: kind, messageId, ...fields } = outcome;
  if (kind === 'failed') {
    const { error, ...rest } = fields as typeof fields & { error: unknown };
    logger.warn('webhook not processed', {
      ...rest,
      messageId,
      outcome: kind,
      ...errorSummary(error),
    });
    return;
  }
  logger.info('', { ...fields, outcome: kind, ...(kind === 'quarantined' ? { messageId } : {}) });
}

const OUTCOME_METRIC: Record<MessageOutcome['outcome'], string> = {
  applied: ConsumerMetric.applied,
  stale: ConsumerMetric.notApplied,
  duplicate: ConsumerMetric.duplicates,
  quarantined: ConsumerMetric.quarantined,
  failed: ConsumerMetric.failed,
};

/**
 * A batch mixes providers, and EMF gives one dimension set per document, so the metrics are
 * published once per provider present in the batch.
 */
function publishMetrics(
  { metrics }: MeteredTelemetry,
  result: BatchResult,
  providers: ReadonlyMap<string, unknown>,
): void {
  // A message naming an unregistered provider counts as `unknown`: bounded series, and the ones
  // the alarms sum.
  const providerOf = (o: MessageOutcome) =>
    o.provider !== undefined && providers.has(o.provider) ? o.provider : UNKNOWN_PROVIDER;
  for (const provider of new Set(result.outcomes.map(providerOf))) {
    const outcomes = result.outcomes.filter((o) => providerOf(o) === provider);
    addProviderDimension(metrics, provider);
    metrics.addMetric(ConsumerMetric.processed, MetricUnit.Count, outcomes.length);
    for (const [outcome, name] of Object.entries(OUTCOME_METRIC)) {
      const count = outcomes.filter((o) => o.outcome === outcome).length;
      if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
    }
    for (const { lagMs } of outcomes) {
      if (lagMs !== undefined)
        metrics.addMetric(ConsumerMetric.endToEndLag, MetricUnit.Milliseconds, lagMs);
    }
    const retries = result.attempts
      .filter((group) => group.provider === provider)
      .reduce((sum, group) => sum + group.attempts - 1, 0);
    if (retries > 0) metrics.addMetric(ConsumerMetric.commitRetries, MetricUnit.Count, retries);
    metrics.publishStoredMetrics();
  }
}

export function createConsumerHandler(ports: ConsumerPorts, telemetry: MeteredTelemetry) {
  const consume = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const result = await processBatch(event.Records, ports);
    for (const outcome of result.outcomes) logOutcome(telemetry, outcome);
    publishMetrics(telemetry, result, ports.adapters);
    return { batchItemFailures: result.failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
  return middy(consume).use(observe(telemetry));
}
