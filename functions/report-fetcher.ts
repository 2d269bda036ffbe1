// Lambda entry of the report fetcher: reads the configuration once and wires the adapters (the
// sessions table, the retrieval queue, the CasaPay secret, CasaPay's API, the optional archive).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { readReportFetcherConfig } from './config.js';
import { createMeteredTelemetry } from './observability/metered-telemetry.js';
import { loadTracing } from './observability/tracing.js';
import { casapay } from './providers/casapay/adapter.js';
import type { CasaPaySecrets } from './providers/casapay/authenticator.js';
import { S3_CLIENT_CONFIG, S3ReportArchive } from './reports/report-archive.js';
import { casapayReportClient } from './reports/report-client.js';
import { createReportFetcherHandler } from './reports/report-fetcher-handler.js';
import { REPORT_SQS_CLIENT_CONFIG, SqsRetrievalQueue } from './reports/report-queue.js';
import {
  EnvSecretSource,
  ProviderSecrets,
  type SecretSource,
  SecretsManagerSource,
} from './secrets/secret-source.js';
import { jitteredBackoff } from './sessions/record-events.js';
import { DYNAMODB_CLIENT_CONFIG } from './storage/dynamodb-client.js';
import { DynamoDbSessionStore } from './storage/dynamodb-session-store.js';

const config = readReportFetcherConfig(process.env);
const tracing = await loadTracing();
const dynamodb = new DynamoDBClient(DYNAMODB_CLIENT_CONFIG);
const sqs = new SQSClient(REPORT_SQS_CLIENT_CONFIG);
tracing?.instrument(dynamodb);
tracing?.instrument(sqs);
const now = () => new Date();

function secretSource(): SecretSource {
  if (config.secrets.kind === 'environment') return new EnvSecretSource(process.env);
  const source = new SecretsManagerSource(config.secrets.secretIds, config.secretsCacheSeconds);
  tracing?.instrument(source.secrets.client);
  return source;
}

function archive(bucket: string | undefined) {
  if (bucket === undefined) return undefined;
  const s3 = new S3Client(S3_CLIENT_CONFIG);
  tracing?.instrument(s3);
  return new S3ReportArchive(s3, bucket);
}

// Folds sessions with the consumer's rules: reports are awaited wherever this function runs.
const adapter = casapay({}, { awaitReports: true });
const secrets = new ProviderSecrets(secretSource());

export const handler = createReportFetcherHandler(
  {
    sessions: new DynamoDbSessionStore(dynamodb, config.sessionsTable),
    adapter,
    recording: { maxAttempts: 5, now, backoff: jitteredBackoff(20) },
    apiKey: async () => (await secrets.secretsFor<CasaPaySecrets>(adapter)).apiKey,
    api: (apiKey) =>
      casapayReportClient({
        apiKey,
        baseUrl: config.apiBaseUrl,
        apiVersion: config.apiVersion,
        timeoutMs: config.client.timeoutMs,
        maxCalls: config.client.maxCalls,
        backoffBaseMs: Math.min(500, config.client.maxWaitMs),
        backoffMaxMs: config.client.maxWaitMs,
        maxRetryAfterMs: config.client.maxWaitMs,
      }),
    archive: archive(config.archiveBucket),
    schedule: config.schedule,
    now,
    queue: new SqsRetrievalQueue(sqs, config.queueUrl),
  },
  { ...createMeteredTelemetry(), tracing },
);
