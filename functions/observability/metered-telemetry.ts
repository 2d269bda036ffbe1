// The telemetry of a function that publishes EMF metrics, one document per batch and provider
// (the consumer, the publisher). Apart from telemetry.ts so that the ingest, whose metrics come
// from its log lines, does not bundle Powertools Metrics.
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, PROVIDER_DIMENSION } from './metric-names.js';
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

/**
 * Puts the metrics that follow under `provider`, and also under the service alone: the alarms
 * read that sum over every provider, since an alarm's metric math can read at most 10 metrics and
 * the providers (and sources) of one deployment may outnumber that. The dashboard shows each
 * provider's series. (The ingest's metric filters publish the same two sets: log-metrics.ts.)
 */
export function addProviderDimension(metrics: Metrics, provider: string): void {
  metrics.addDimension(PROVIDER_DIMENSION, provider);
  // A second dimension set of nothing but the default one: [service].
  metrics.addDimensions({});
}
