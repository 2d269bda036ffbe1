// Lambda entry of the ingest: reads the configuration once and wires the adapters.
import { SQSClient } from '@aws-sdk/client-sqs';
import { readIngestConfig } from './config.js';
import { createIngestHandler } from './intake/ingest-handler.js';
import { createLineLog } from './observability/line-log.js';
import { serviceNameOf } from './observability/service-name.js';
import { loadTracing } from './observability/tracing.js';
import { providerAuthenticators } from './providers/authenticators.js';
import { INGEST_SQS_CLIENT_CONFIG, SqsWebhookQueue } from './queue/webhook-queue.js';
import {
  EnvSecretSource,
  ProviderSecrets,
  type SecretSource,
  SecretsManagerSource,
} from './secrets/secret-source.js';

const config = readIngestConfig(process.env);
const tracing = await loadTracing();

// Created once per container: the connection pool is reused across invocations.
const sqs = new SQSClient(INGEST_SQS_CLIENT_CONFIG);
tracing?.instrument(sqs);

function secretSource(): SecretSource {
  if (config.secrets.kind === 'environment') return new EnvSecretSource(process.env);
  const source = new SecretsManagerSource(config.secrets.secretIds, config.secretsCacheSeconds);
  tracing?.instrument(source.secrets.client);
  return source;
}

export const handler = createIngestHandler(
  {
    adapters: providerAuthenticators(config.providerOptions, config.providers, config.sources),
    secrets: new ProviderSecrets(secretSource()),
    queue: new SqsWebhookQueue(sqs, config.queueUrl, config.queueTextCharacters),
    maxBodyBytes: config.maxBodyBytes,
    now: () => new Date(),
  },
  { log: createLineLog(serviceNameOf()), tracing },
);
