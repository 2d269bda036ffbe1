// Wires the ingest: middy, the logger, the intake core and its HTTP responses. Its metrics come
// from its one line per webhook (metric filters, functions/observability/log-metrics.ts).
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import { errorSummary, observe, type Telemetry } from '../observability/telemetry.js';
import { type HttpResponse, INTERNAL_ERROR, intakeResponse } from './http-responses.js';
import {
  type HttpApiRequest,
  type IntakeOutcome,
  type IntakePorts,
  providerOf,
  receiveWebhook,
} from './receive-webhook.js';

/**
 * The one line per webhook: an info line, or an error line when a delivery was not accepted (the
 * provider retries). `service` (every line has it) and `provider` are the dimensions of the
 * metrics CloudWatch Logs derives from it, with `outcome`, `reason` and `ackMs`; `requestId` is
 * the correlation id.
 */
function record({ logger }: Telemetry, outcome: IntakeOutcome, ackMs: number): void {
  const fields = {
    provider: outcome.provider ?? UNKNOWN_PROVIDER,
    requestId: outcome.requestId,
    outcome: outcome.kind,
    ackMs,
  };
  if (outcome.kind === 'accepted') {
    logger.info('', fields);
  } else if (outcome.kind === 'auth_failed') {
    logger.info('', { ...fields, reason: outcome.reason });
  } else if (outcome.kind === 'payload_too_large') {
    logger.info('', { ...fields, bodyBytes: outcome.bodyBytes });
  } else if (outcome.kind === 'unknown_provider' || outcome.kind === 'empty_body') {
    logger.info('', fields);
  } else if (outcome.kind === 'secret_document_invalid') {
    // The problem names a path in the document and what is expected there, never a value.
    logger.error('webhook not accepted', { ...fields, problem: outcome.problem });
  } else {
    logger.error('webhook not accepted', { ...fields, ...errorSummary(outcome.error) });
  }
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

/** The ingest Lambda handler: middy with the logger, and a fixed 500 for bugs. */
export function createIngestHandler(ports: IntakePorts, telemetry: Telemetry) {
  const { logger } = telemetry;
  const ingest = async (event: HttpApiRequest, context?: Context): Promise<HttpResponse> => {
    const started = performance.now();
    const outcome = await outcomeBeforeDeadline(event, ports, context);
    record(telemetry, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    return intakeResponse(outcome);
  };
  return middy(ingest)
    .use(observe(telemetry))
    .use({
      onError: async (request) => {
        logger.error('unexpected ingest error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
