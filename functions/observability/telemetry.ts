// The structured logger of a function, created once per container (the functions that publish
// EMF metrics add them: metered-telemetry.ts).
// Log lines carry the fields we choose, never a payload: bodies, headers and secrets are never
// passed to the logger, which is how PII stays out of the logs by construction.
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { MiddlewareObj } from '@middy/core';
import { serviceNameOf } from './service-name.js';
import type { Tracing } from './tracing.js';

export interface Telemetry {
  /** The `service` of log lines and metrics (POWERTOOLS_SERVICE_NAME, or idv-webhooks). */
  readonly serviceName: string;
  readonly logger: Logger;
  /** Absent when tracing is switched off. */
  readonly tracing?: Tracing | undefined;
}

/**
 * A log line is the level, the message when there is one, the service (a dimension of the metrics
 * the ingest's lines are counted into), and the fields the code passes: no timestamp, function
 * name, ARN, memory, request or trace ids, which CloudWatch Logs and Lambda already record
 * (docs/operations.md, "Logs"). Per-webhook lines pass no message: their `outcome` says it.
 */
export class CompactLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, fields: LogAttributes): LogItem {
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        service: attributes.serviceName,
      },
    }).addAttributes(fields);
  }
}

/** Level and debug sampling (POWERTOOLS_LOGGER_SAMPLE_RATE) come from POWERTOOLS_* variables. */
export function createTelemetry(): Telemetry {
  const serviceName = serviceNameOf();
  return {
    serviceName,
    logger: new Logger({ serviceName, logFormatter: new CompactLogFormatter() }),
  };
}

/**
 * The middlewares every handler starts with: the trace segment first (so it spans everything),
 * then the logger's per-invocation state (the debug sampling decision is taken per invocation).
 */
export function observe({ logger, tracing }: Telemetry): MiddlewareObj[] {
  return [...(tracing ? [tracing.middleware] : []), injectLambdaContext(logger)];
}
