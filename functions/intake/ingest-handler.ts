// Wires the ingest: middy, the logger and metrics, the intake core and its HTTP responses.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import {
  IntakeMetric,
  PROVIDER_DIMENSION,
  UNKNOWN_PROVIDER,
} from '../observability/metric-names.js';
import { errorSummary, observe, type Telemetry } from '../observability/telemetry.js';
import type { AuthFailureReason } from '../providers/provider.js';
import {
  type HttpResponse,
  INTERNAL_ERROR,
  intakeResponse,
  SERVICE_UNAVAILABLE,
} from './http-responses.js';
import {
  type HttpApiRequest,
  type IntakeOutcome,
  type IntakePorts,
  receiveWebhook,
} from './receive-webhook.js';

/** The log line's `outcome` for each result, as operators search for it. */
const OUTCOME: Record<IntakeOutcome['kind'], string> = {
  accepted: 'accepted',
  auth_failed: 'auth_failed',
  unknown_provider: 'unknown_provider',
  payload_too_large: 'payload_too_large',
  secrets_unavailable: 'secrets_unavailable',
  enqueue_failed: 'enqueue_failed',
};

const REJECTION_METRIC: Record<AuthFailureReason, string> = {
  missing_signature: IntakeMetric.rejectedSignature,
  malformed_signature: IntakeMetric.rejectedSignature,
  signature_mismatch: IntakeMetric.rejectedSignature,
  stale_timestamp: IntakeMetric.rejectedStale,
  missing_api_key: IntakeMetric.rejectedUnknownKey,
  unknown_api_key: IntakeMetric.rejectedUnknownKey,
};

function outcomeMetric(outcome: IntakeOutcome): string {
  switch (outcome.kind) {
    case 'accepted':
      return IntakeMetric.accepted;
    case 'auth_failed':
      return REJECTION_METRIC[outcome.reason];
    case 'payload_too_large':
      return IntakeMetric.rejectedTooLarge;
    case 'unknown_provider':
      return IntakeMetric.rejectedUnknownProvider;
    case 'secrets_unavailable':
      return IntakeMetric.secretsUnavailable;
    case 'enqueue_failed':
      return IntakeMetric.enqueueFailed;
  }
}

/** One info line per webhook with its outcome (an error line when a delivery was not accepted), and its metrics. */
function record({ logger, metrics }: Telemetry, outcome: IntakeOutcome, ackMs: number): void {
  const fields = {
    requestId: outcome.requestId,
    provider: outcome.provider,
    outcome: OUTCOME[outcome.kind],
    ackMs,
  };
  if (outcome.kind === 'accepted') {
    logger.info('webhook accepted', {
      ...fields,
      messageId: outcome.messageId,
      bodyBytes: outcome.bodyBytes,
    });
  } else if (outcome.kind === 'auth_failed') {
    logger.info('webhook rejected', { ...fields, reason: outcome.reason });
  } else if (outcome.kind === 'payload_too_large') {
    logger.info('webhook rejected', { ...fields, bodyBytes: outcome.bodyBytes });
  } else if (outcome.kind === 'unknown_provider') {
    logger.info('webhook rejected', fields);
  } else {
    logger.error('webhook not accepted', { ...fields, ...errorSummary(outcome.error) });
  }
  metrics.addDimension(PROVIDER_DIMENSION, outcome.provider ?? UNKNOWN_PROVIDER);
  metrics.addMetric(IntakeMetric.received, MetricUnit.Count, 1);
  metrics.addMetric(outcomeMetric(outcome), MetricUnit.Count, 1);
  metrics.addMetric(IntakeMetric.ackLatency, MetricUnit.Milliseconds, ackMs);
}

export function createIngestHandler(ports: IntakePorts, telemetry: Telemetry) {
  const { logger, metrics } = telemetry;
  const ingest = async (event: HttpApiRequest): Promise<HttpResponse> => {
    const started = performance.now();
    const outcome = await receiveWebhook(event, ports);
    record(telemetry, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    return intakeResponse(outcome, ports.maxBodyBytes);
  };
  // If the function is about to time out (SQS hanging), answer 503 so the provider retries: a
  // message that did reach the queue in the meantime is only a duplicate, which dedupe absorbs.
  const timeoutEarlyResponse = () => {
    logger.error('ingest timing out', { outcome: OUTCOME.enqueue_failed });
    metrics.addMetric(IntakeMetric.enqueueFailed, MetricUnit.Count, 1);
    return SERVICE_UNAVAILABLE;
  };
  return middy(ingest, { timeoutEarlyInMillis: 500, timeoutEarlyResponse })
    .use(observe(telemetry))
    .use(logMetrics(metrics))
    .use({
      onError: async (request) => {
        logger.error('unexpected ingest error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
