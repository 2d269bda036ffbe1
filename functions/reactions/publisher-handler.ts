// Wires the publisher: middy, the logger and per-provider metrics, the publishing core, and the
// stream's partial-batch response.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { addProviderDimension, type MeteredTelemetry } from '../observability/metered-telemetry.js';
import { PublisherMetric, UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import { observe } from '../observability/telemetry.js';
import {
  type ChangeStreamRecord,
  type PublishPorts,
  type PublishResult,
  publishChanges,
} from './publish-changes.js';

export interface PublisherPorts extends PublishPorts {
  readonly now: () => Date;
}

/**
 * One EMF document per provider present in the batch, which is also the batch's log line: with
 * the metrics, it names the changes published as `<sessionId>@<version>` (what the consumer's
 * line and the session view show), a text that Logs Insights searches with
 * `filter changes like "vs_123@"`. The line per change is at DEBUG (`debugSampleRate`).
 */
function publishMetrics({ metrics }: MeteredTelemetry, result: PublishResult, now: Date): void {
  const providers = new Set(result.published.map((change) => change.provider));
  for (const provider of providers) {
    const changes = result.published.filter((change) => change.provider === provider);
    addProviderDimension(metrics, provider);
    metrics.addMetadata(
      'changes',
      changes.map((change) => `${change.sessionId}@${change.version}`).join(' '),
    );
    metrics.addMetric(PublisherMetric.published, MetricUnit.Count, changes.length);
    for (const change of changes) {
      const lagMs = now.getTime() - Date.parse(change.committedAt);
      metrics.addMetric(PublisherMetric.publishLag, MetricUnit.Milliseconds, lagMs);
    }
    metrics.publishStoredMetrics();
  }
  if (result.resumeFrom !== undefined) {
    // Which session the first unpublished record belongs to is not known when it cannot be read.
    addProviderDimension(metrics, UNKNOWN_PROVIDER);
    metrics.addMetric(PublisherMetric.notPublished, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
  }
}

export function createPublisherHandler(ports: PublisherPorts, telemetry: MeteredTelemetry) {
  const { logger } = telemetry;
  const publish = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const result = await publishChanges(event.Records as ChangeStreamRecord[], ports);
    for (const change of result.published) {
      logger.debug('session change published', {
        provider: change.provider,
        sessionId: change.sessionId,
        version: change.version,
        changeId: change.changeId,
        status: change.status,
        outcome: change.outcome,
      });
    }

    if (result.resumeFrom !== undefined) {
      logger.warn('session changes not published', {
        outcome: result.stoppedBy,
        resumeFrom: result.resumeFrom,
        published: result.published.length,
      });
    }
    publishMetrics(telemetry, result, ports.now());
    return {
      batchItemFailures:
        result.resumeFrom === undefined ? [] : [{ itemIdentifier: result.resumeFrom }],
    };
  };
  return middy(publish).use(observe(telemetry));
}
