// The retrieval queue as the fetcher uses it: a job that did not settle is handed back with a
// visibility timeout of the delay before its next attempt, so the same message comes back then
// (no second message, which could double the job), and its deliveries stay bounded by the queue's
// redrive policy.
import {
  ChangeMessageVisibilityCommand,
  type SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';

export interface RetrievalQueue {
  /** Makes the received message `receiptHandle` visible again in `seconds`. */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}

/** SQS hides a received message for at most 12 hours. */
export const MAX_VISIBILITY_SECONDS = 12 * 3600;

/** As the ingest's client: short timeouts, and the regional endpoint rather than the URL's host. */
export const REPORT_SQS_CLIENT_CONFIG = {
  useQueueUrlAsEndpoint: false,
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} satisfies SQSClientConfig;

export class SqsRetrievalQueue implements RetrievalQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.min(Math.max(Math.ceil(seconds), 0), MAX_VISIBILITY_SECONDS),
      }),
    );
  }
}
