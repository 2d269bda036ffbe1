// The queue port of the ingest, and its SQS implementation.
import { SendMessageCommand, type SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { type QueuedWebhook, type TextCharacters, toSqsMessage } from './queued-webhook.js';

/**
 * The ingest's SQS client settings. Short timeouts turn a hung call into a 503 (the provider
 * retries) long before API Gateway's 30 s limit; the SDK only warns on a request timeout unless
 * told to throw. The regional endpoint is used rather than the queue URL's host, which is the
 * same on AWS and unresolvable on the local emulator.
 */
export const INGEST_SQS_CLIENT_CONFIG = {
  useQueueUrlAsEndpoint: false,
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} satisfies SQSClientConfig;

/**
 * Durably enqueues an authenticated webhook; resolves only once the queue has stored it. `signal`
 * cancels a call still in flight when the caller has been answered already.
 */
export interface WebhookQueue {
  publish(
    webhook: QueuedWebhook,
    options?: { readonly signal?: AbortSignal },
  ): Promise<{ readonly messageId: string }>;
}

export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly characters: TextCharacters = 'xml',
  ) {}

  async publish(
    webhook: QueuedWebhook,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<{ messageId: string }> {
    const output = await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        ...toSqsMessage(webhook, this.characters),
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    return { messageId: output.MessageId ?? '' };
  }
}
