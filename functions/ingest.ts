// Lambda entry of the ingest: reads the configuration once and wires the adapters.
import { SQSClient } from '@aws-sdk/client-sqs';
import { readIngestConfig } from './config.js';
import { createIngestHandler } from './intake/ingest-handler.js';
import { createTelemetry } from './observability/telemetry.js';
import { loadTracing } from './observability/tracing.js';
import { providerAdapters } from './providers/registry.js';
import { INGEST_SQS_CLIENT_CONFIG, SqsWebhookQueue } from './queue/webhook-queue.js';
import { EnvSecretSource, ProviderSecrets, SecretsManagerSource } from './secrets/secret-source.js';

const config = readIngestConfig(process.env);
const tracing = await loadTracing();

// Created once per container: the connection pool is reused across invocations.
const sqs = new SQSClient(INGEST_SQS_CLIENT_CONFIG);
tracing?.instrument(sqs);

export const handler = createIngestHandler(
  {
    adapters: providerAdapters(config.providerOptions, config.providers),
    secrets: new ProviderSecrets(
      config.secrets.kind === 'secrets-manager'
        ? new SecretsManagerSource(config.secrets.secretIds, config.secretsCacheSeconds)
        : new EnvSecretSource(process.env),
    ),
    queue: new SqsWebhookQueue(sqs, config.queueUrl),
    maxBodyBytes: config.maxBodyBytes,
    now: () => new Date(),
  },
  { ...createTelemetry(), tracing },
);
