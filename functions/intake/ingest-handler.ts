// Wires the ingest: middy, its log, the intake core and its HTTP responses. Its metrics come from
// its one line per webhook (metric filters, functions/observability/log-metrics.ts).
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { errorSummary } from '../observability/error-summary.js';
import type { LineLog } from '../observability/line-log.js';
import { UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import type { Tracing } from '../observability/tracing.js';
import { DeadlineSignals } from './deadline-signals.js';
import { type HttpResponse, INTERNAL_ERROR, intakeResponse } from './http-responses.js';
import {
  type HttpApiRequest,
  type IntakeOutcome,
  type IntakePorts,
  providerOf,
  receiveWebhook,
} from './receive-webhook.js';

export interface IngestTelemetry {
  /** Its lines are written straight, with no logger in between (line-log.ts says why). */
  readonly log: LineLog;
  /** Absent when tracing is switched off. */
  readonly tracing?: Tracing | undefined;
}

/**
 * The one line per webhook: an info line, or an error line when a delivery was not accepted (the
 * provider retries). `service` (every line has it) and `provider` are the dimensions of the
 * metrics CloudWatch Logs derives from it, with `outcome`, `reason` and `ackMs`; `requestId` is
 * the correlation id.
 */
function record(log: LineLog, outcome: IntakeOutcome, ackMs: number): void {
  const fields = {
    provider: outcome.provider ?? UNKNOWN_PROVIDER,
    requestId: outcome.requestId,
    outcome: outcome.kind,
    ackMs,
  };
  if (outcome.kind === 'accepted') {
    log.info('', fields);
  } else if (outcome.kind === 'auth_failed') {
    log.info('', { ...fields, reason: outcome.reason });
  } else if (outcome.kind === 'payload_too_large') {
    log.info('', { ...fields, bodyBytes: outcome.bodyBytes });
  } else if (outcome.kind === 'unknown_provider' || outcome.kind === 'empty_body') {
    log.info('', fields);
  } else if (outcome.kind === 'secret_document_invalid') {
    // The problem names a path in the document and what is expected there, never a value.
    log.error('webhook not accepted', { ...fields, problem: outcome.problem });
  } else {
    log.error('webhook not accepted', { ...fields, ...errorSummary(outcome.error) });
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
 * outcome `ANSWER_MARGIN_MS` before the deadline. Each invocation has its own timer and an abort
 * signal nobody else holds: the abandoned work is cancelled, and only the outcome that answers is
 * recorded, so nothing of a timed-out invocation leaks into the metrics of the next one.
 */
async function outcomeBeforeDeadline(
  request: HttpApiRequest,
  ports: IntakePorts,
  context: Partial<Pick<Context, 'getRemainingTimeInMillis'>> | undefined,
  signals: DeadlineSignals,
): Promise<IntakeOutcome> {
  const remainingMs = context?.getRemainingTimeInMillis?.();
  if (remainingMs === undefined) return receiveWebhook(request, ports);
  const abort = signals.take();
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
    signals.give(abort);
  }
}

/** The ingest Lambda handler: middy with the trace segment when tracing, and a fixed 500 for bugs. */
export function createIngestHandler(ports: IntakePorts, { log, tracing }: IngestTelemetry) {
  const signals = new DeadlineSignals();
  const ingest = async (event: HttpApiRequest, context?: Context): Promise<HttpResponse> => {
    const started = performance.now();
    const outcome = await outcomeBeforeDeadline(event, ports, context, signals);
    record(log, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    return intakeResponse(outcome);
  };
  // middy's own early timeout (a second timer and race per invocation, 5 ms before the deadline)
  // is off: outcomeBeforeDeadline answers 500 ms before it, with its outcome recorded.
  return middy(ingest, { timeoutEarlyInMillis: 0 })
    .use(tracing ? [tracing.middleware] : [])
    .use({
      onError: async (request) => {
        log.error('unexpected ingest error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
