// The telemetry of a function that publishes EMF metrics, one document per batch and provider
// (the consumer, the publisher). Apart from telemetry.ts so that the ingest, whose metrics come
// from its log lines, does not bundle Powertools Metrics.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from './metric-names.js';
import { createTelemetry, type Telemetry } from './telemetry.js';

export interface MeteredTelemetry extends Telemetry {
  readonly metrics: Metrics;
}

/** The logger, and Metrics in the namespace of POWERTOOLS_METRICS_NAMESPACE (or IdvWebhooks). */
export function createMeteredTelemetry(): MeteredTelemetry {
  const telemetry = createTelemetry();
  return {
    ...telemetry,
    metrics: new Metrics({
      serviceName: telemetry.serviceName,
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    }),
  };
}
