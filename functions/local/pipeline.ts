// Local mode: the whole pipeline on loopback with the same handlers the stack deploys, against
// emulators from npm. No Docker, no AWS account.
import type { Server } from 'node:http';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type Emulator, LOCAL_AWS, startSqsEmulator } from './emulators.js';
import type { HttpApiHandler } from './http-api.js';
import { startHttpApi } from './http-api.js';
import { createWebhookQueues, type WebhookQueues } from './queues.js';
import type { LocalSecretDocuments } from './signed-request.js';

export const LOCAL_QUEUE_NAME = 'idv-webhooks';

export interface LocalPipelineOptions {
  readonly host: string;
  readonly port: number;
  readonly secrets: LocalSecretDocuments;
}

export interface LocalPipeline {
  readonly url: string;
  readonly queues: WebhookQueues;
  readonly sqsEndpoint: string;
  stop(): Promise<void>;
}

/**
 * Points the handlers' SDK clients and configuration at the emulators through the same
 * environment variables the stack sets, then loads the handlers (they read it once, at import).
 */
function configureHandlerEnvironment(
  sqs: Emulator,
  queues: WebhookQueues,
  secrets: LocalSecretDocuments,
) {
  Object.assign(process.env, {
    AWS_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    QUEUE_URL: queues.queueUrl,
    CASAPAY_SECRETS: JSON.stringify(secrets.casapay),
    VERIFF_SECRETS: JSON.stringify(secrets.veriff),
  });
}

export async function startLocalPipeline(options: LocalPipelineOptions): Promise<LocalPipeline> {
  // The SDK warns once per process that its 2027 releases will need Node 22; not news locally.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const sqs = await startSqsEmulator();
    stops.push(() => sqs.stop());
    const sqsClient = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.endpoint });
    const queues = await createWebhookQueues(sqsClient, LOCAL_QUEUE_NAME, 30);
    configureHandlerEnvironment(sqs, queues, options.secrets);

    const ingest = await import('../ingest.js');
    const server: Server = await startHttpApi(
      [
        {
          routeKey: 'POST /webhooks/{provider}',
          functionName: 'ingest',
          handler: ingest.handler as HttpApiHandler,
        },
      ],
      options.host,
      options.port,
    );
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return { url: `http://${options.host}:${port}`, queues, sqsEndpoint: sqs.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
