// Lambda entry of the consumer: reads the configuration once and wires the DynamoDB adapters.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readConsumerConfig } from './config.js';
import { createMeteredTelemetry } from './observability/metered-telemetry.js';
import { loadTracing } from './observability/tracing.js';
import { createConsumerHandler } from './processing/consumer-handler.js';
import { casapay } from './providers/casapay/adapter.js';
import { PROVIDER_NAMES, providerAdapters } from './providers/registry.js';
import { jitteredBackoff } from './sessions/record-events.js';
import { DYNAMODB_CLIENT_CONFIG } from './storage/dynamodb-client.js';
import { DynamoDbSessionStore } from './storage/dynamodb-session-store.js';
import { DynamoDbQuarantine } from './storage/quarantine.js';

const config = readConsumerConfig(process.env);
const tracing = await loadTracing();
const dynamodb = new DynamoDBClient(DYNAMODB_CLIENT_CONFIG);
tracing?.instrument(dynamodb);
const now = () => new Date();
// Every registered provider, enabled or not: a webhook queued before a provider was disabled is
// still applied. Where reports are retrieved, CasaPay sessions are folded with the report
// fetcher's rules.
const adapters = new Map(providerAdapters({}, PROVIDER_NAMES, config.sources));
if (config.casapayReportRetrieval) adapters.set('casapay', casapay({}, { awaitReports: true }));

export const handler = createConsumerHandler(
  {
    adapters,
    sessions: new DynamoDbSessionStore(dynamodb, config.sessionsTable),
    quarantine: new DynamoDbQuarantine(dynamodb, config.quarantineTable, now),
    now,
    recording: { maxAttempts: config.maxAttempts, now, backoff: jitteredBackoff(20) },
  },
  { ...createMeteredTelemetry(), tracing },
);
