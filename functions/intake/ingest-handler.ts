// Wires the ingest: middy, the logger and metrics, the intake core and its HTTP responses.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { IntakeMetric, UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import {
  addProviderDimension,
  errorSummary,
  observe,
  type Telemetry,
} from '../observability/telemetry.js';
import type { AuthFailureReason } from '../providers/provider.js';
import { type HttpResponse, INTERNAL_ERROR, intakeResponse } from './http-responses.js';
import {
  type HttpApiRequest,
  type IntakeOutcome,
  type IntakePorts,
  providerOf,
  receiveWebhook,
} from './receive-webhook.js';

/** The log line's `outcome` for each result, as operators search for it. */
const OUTCOME: Record<IntakeOutcome['kind'], string> = {
  accepted: 'accepted',
  auth_failed: 'auth_failed',
  unknown_provider: 'unknown_provider',
  empty_body: 'empty_body',
  payload_too_large: 'payload_too_large',
  secrets_unavailable: 'secrets_unavailable',
  secret_document_invalid: 'secret_document_invalid',
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
    case 'empty_body':
      return IntakeMetric.rejectedEmptyBody;
    case 'unknown_provider':
      return IntakeMetric.rejectedUnknownProvider;
    case 'secrets_unavailable':
      return IntakeMetric.secretsUnavailable;
    case 'secret_document_invalid':
      return IntakeMetric.secretDocumentInvalid;
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
  } else if (outcome.kind === 'unknown_provider' || outcome.kind === 'empty_body') {
    logger.info('webhook rejected', fields);
  } else if (outcome.kind === 'secret_document_invalid') {
    // The problem names a path in the document and what is expected there, never a value.
    logger.error('webhook not accepted', { ...fields, problem: outcome.problem });
  } else {
    logger.error('webhook not accepted', { ...fields, ...errorSummary(outcome.error) });
  }
  addProviderDimension(metrics, outcome.provider ?? UNKNOWN_PROVIDER);
  metrics.addMetric(IntakeMetric.received, MetricUnit.Count, 1);
  metrics.addMetric(outcomeMetric(outcome), MetricUnit.Count, 1);
  metrics.addMetric(IntakeMetric.ackLatency, MetricUnit.Milliseconds, ackMs);
}

/** How long before the function's deadline the ingest answers: a 503 the provider retries beats a Lambda timeout. */
export const ANSWER_MARGIN_MS = 500;

/** The ingest gave up waiting (for SQS, usually) to answer before its deadline. */
export class IngestTimeoutError extends Error {
  constructor() {
    super('no outcome before the function deadline');
    this.name = 'IngestTimeoutError';
  }
}

/**
 * Runs the intake core, or settles for `enqueue_failed` (503, the provider retries) if it has no
 * outcome `ANSWER_MARGIN_MS` before the deadline. Each invocation has its own timer and abort
 * signal: the abandoned work is cancelled, and only the outcome that answers is recorded, so
 * nothing of a timed-out invocation leaks into the metrics of the next one.
 */
async function outcomeBeforeDeadline(
  request: HttpApiRequest,
  ports: IntakePorts,
  context: Partial<Pick<Context, 'getRemainingTimeInMillis'>> | undefined,
): Promise<IntakeOutcome> {
  const remainingMs = context?.getRemainingTimeInMillis?.();
  if (remainingMs === undefined) return receiveWebhook(request, ports);
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<IntakeOutcome>((resolve) => {
    timer = setTimeout(
      () => {
        const error = new IngestTimeoutError();
        abort.abort(error);
        resolve({
          kind: 'enqueue_failed',
          requestId: request.requestContext.requestId,
          provider: providerOf(request, ports),
          error,
        });
      },
      Math.max(0, remainingMs - ANSWER_MARGIN_MS),
    );
  });
  try {
    // Promise.race also handles a later rejection of the abandoned work.
    return await Promise.race([receiveWebhook(request, ports, abort.signal), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The ingest Lambda handler: middy with the logger, the metrics, and a fixed 500 for bugs. */
export function createIngestHandler(ports: IntakePorts, telemetry: Telemetry) {
  const { logger, metrics } = telemetry;
  const ingest = async (event: HttpApiRequest, context?: Context): Promise<HttpResponse> => {
    const started = performance.now();
    const outcome = await outcomeBeforeDeadline(event, ports, context);
    record(telemetry, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    return intakeResponse(outcome);
  };
  return middy(ingest)
    .use(observe(telemetry))
    .use(logMetrics(metrics))
    .use({
      onError: async (request) => {
        logger.error('unexpected ingest error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
