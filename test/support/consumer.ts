// The consumer handler wired to DynamoDB Local, as the Lambda entry wires it to DynamoDB; its
// calls are recorded as the consumer's (test/support/aws-calls).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DEV_STANDARD_WEBHOOKS_SOURCES } from '../../functions/local/dev-secrets.js';
import type { TableNames } from '../../functions/local/tables.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import { createConsumerHandler } from '../../functions/processing/consumer-handler.js';
import type { ConsumerPorts } from '../../functions/processing/process-batch.js';
import { PROVIDER_NAMES, providerAdapters } from '../../functions/providers/registry.js';
import { parseStandardWebhooksSources } from '../../functions/providers/standard-webhooks/sources.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { DynamoDbQuarantine } from '../../functions/storage/quarantine.js';
import { forFunction } from './aws-calls.js';
import { lambdaContext } from './webhooks.js';

export function consumerPorts(
  dynamodb: DynamoDBClient,
  tables: TableNames,
  now = () => new Date(),
): ConsumerPorts {
  const client = forFunction(dynamodb, 'consumer', {
    SESSIONS_TABLE: tables.sessionsTable,
    QUARANTINE_TABLE: tables.quarantineTable,
  });
  return {
    // Every provider, and local mode's Standard Webhooks source, as `npm start` runs them.
    adapters: providerAdapters(
      {},
      PROVIDER_NAMES,
      parseStandardWebhooksSources(DEV_STANDARD_WEBHOOKS_SOURCES),
    ),
    sessions: new DynamoDbSessionStore(client, tables.sessionsTable),
    quarantine: new DynamoDbQuarantine(client, tables.quarantineTable, now),
    now,
    recording: { maxAttempts: 5, now, backoff: async () => undefined },
  };
}

export function consumer(ports: ConsumerPorts) {
  const handler = createConsumerHandler(ports, createMeteredTelemetry());
  return (records: SQSRecord[]) =>
    handler(
      { Records: records } as SQSEvent,
      lambdaContext('consumer'),
    ) as Promise<SQSBatchResponse>;
}
