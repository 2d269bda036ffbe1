// The ingest handler wired for tests: the real authenticators, the test secrets, and by default an
// in-memory queue that records what was published. Pass `queue` to use SQS instead.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { HttpResponse } from '../../functions/intake/http-responses.js';
import { createIngestHandler } from '../../functions/intake/ingest-handler.js';
import type { IntakePorts } from '../../functions/intake/receive-webhook.js';
import { createLineLog } from '../../functions/observability/line-log.js';
import { SERVICE_NAME } from '../../functions/observability/service-name.js';
import { providerAuthenticators } from '../../functions/providers/authenticators.js';
import type { QueuedWebhook, TextCharacters } from '../../functions/queue/queued-webhook.js';
import { SqsWebhookQueue } from '../../functions/queue/webhook-queue.js';
import { ProviderSecrets } from '../../functions/secrets/secret-source.js';
import { forFunction } from './aws-calls.js';
import { lambdaContext, SECRET_DOCUMENTS } from './webhooks.js';

/** The secret documents of test/support/webhooks, as Secrets Manager would serve them. */
export const testSecrets = (): ProviderSecrets =>
  new ProviderSecrets({
    documentFor: async (p) => SECRET_DOCUMENTS[p as keyof typeof SECRET_DOCUMENTS],
  });

/** The ingest's SQS queue port on `queueUrl`, its calls recorded as the ingest's. */
export const ingestQueue = (
  sqs: SQSClient,
  queueUrl: string,
  characters?: TextCharacters,
): SqsWebhookQueue =>
  new SqsWebhookQueue(forFunction(sqs, 'ingest', { QUEUE_URL: queueUrl }), queueUrl, characters);

export function testIngest(overrides: Partial<IntakePorts> = {}, remainingMs = 30_000) {
  const published: QueuedWebhook[] = [];
  const handler = createIngestHandler(
    {
      adapters: providerAuthenticators(),
      secrets: testSecrets(),
      queue: {
        publish: async (webhook) => {
          published.push(webhook);
          return { messageId: `m-${published.length}` };
        },
      },
      maxBodyBytes: 256 * 1024,
      now: () => new Date(),
      ...overrides,
    },
    { log: createLineLog(SERVICE_NAME) },
  );
  const context = { ...lambdaContext('ingest'), getRemainingTimeInMillis: () => remainingMs };
  const invoke = (event: APIGatewayProxyEventV2) =>
    handler(event, context) as Promise<HttpResponse>;
  return { invoke, published };
}
