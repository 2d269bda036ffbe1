// The structured logger and the metrics of a function, created together once per container.
// Log lines carry the fields we choose, never a payload: bodies, headers and secrets are never
// passed to the logger, which is how PII stays out of the logs by construction.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { METRICS_NAMESPACE, PROVIDER_DIMENSION } from './metric-names.js';
import type { Tracing } from './tracing.js';

export const SERVICE_NAME = 'idv-webhooks';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Absent when tracing is switched off. */
  readonly tracing?: Tracing | undefined;
}

/** Level, debug sampling (POWERTOOLS_LOGGER_SAMPLE_RATE) and namespace come from POWERTOOLS_* variables. */
export function createTelemetry(): Telemetry {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME;
  return {
    logger: new Logger({ serviceName }),
    metrics: new Metrics({
      serviceName,
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    }),
  };
}

/**
 * Puts the metrics that follow under `provider`, and also under the service alone: the alarms
 * read that sum over every provider, since an alarm's metric math can read at most 10 metrics and
 * the providers (and sources) of one deployment may outnumber that. The dashboard shows each
 * provider's series.
 */
export function addProviderDimension(metrics: Metrics, provider: string): void {
  metrics.addDimension(PROVIDER_DIMENSION, provider);
  // A second dimension set of nothing but the default one: [service].
  metrics.addDimensions({});
}

/** The safe description of an error: its class and code, never its message or causes' payloads. */
export function errorSummary(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? { errorName: error.name, errorCode: code }
    : { errorName: error.name };
}

/**
 * The middlewares every handler starts with: the trace segment first (so it spans everything),
 * then the Lambda context on every log line.
 */
export function observe({ logger, tracing }: Telemetry): MiddlewareObj[] {
  return [...(tracing ? [tracing.middleware] : []), injectLambdaContext(logger)];
}
