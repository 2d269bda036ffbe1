// Wires the ingest: middy, the logger, the intake core and its HTTP responses.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { errorSummary } from '../observability/logger.js';
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

/** One info line per webhook with its outcome; failures that lose a delivery are errors. */
function logOutcome(logger: Logger, outcome: IntakeOutcome, ackMs: number): void {
  const fields = {
    requestId: outcome.requestId,
    provider: outcome.provider,
    outcome: outcome.kind,
    ackMs,
  };
  switch (outcome.kind) {
    case 'accepted':
      logger.info('webhook accepted', {
        ...fields,
        messageId: outcome.messageId,
        bodyBytes: outcome.bodyBytes,
      });
      return;
    case 'auth_failed':
      logger.info('webhook rejected', { ...fields, reason: outcome.reason });
      return;
    case 'payload_too_large':
      logger.info('webhook rejected', { ...fields, bodyBytes: outcome.bodyBytes });
      return;
    case 'unknown_provider':
      logger.info('webhook rejected', fields);
      return;
    case 'secrets_unavailable':
    case 'enqueue_failed':
      logger.error('webhook not accepted', { ...fields, ...errorSummary(outcome.error) });
      return;
  }
}

export function createIngestHandler(ports: IntakePorts, logger: Logger) {
  const ingest = async (event: HttpApiRequest): Promise<HttpResponse> => {
    const started = performance.now();
    const outcome = await receiveWebhook(event, ports);
    logOutcome(logger, outcome, Math.round((performance.now() - started) * 1000) / 1000);
    return intakeResponse(outcome, ports.maxBodyBytes);
  };
  // If the function is about to time out (SQS hanging), answer 503 so the provider retries: a
  // message that did reach the queue in the meantime is only a duplicate, which dedupe absorbs.
  const timeoutEarlyResponse = () => {
    logger.error('ingest timing out', { outcome: 'enqueue_failed' });
    return SERVICE_UNAVAILABLE;
  };
  return middy(ingest, { timeoutEarlyInMillis: 500, timeoutEarlyResponse })
    .use(injectLambdaContext(logger))
    .use({
      onError: async (request) => {
        logger.error('unexpected ingest error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
