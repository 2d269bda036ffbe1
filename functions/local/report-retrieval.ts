// Report retrieval in local mode, as the stack runs it: the local bus stands in for the
// EventBridge rule (the same pattern, matched here) and sends each matching Session Changed event
// to a local retrieval queue, which a stand-in for the SQS event source feeds to the same report
// fetcher handler the stack deploys (docs/reports.md, "Local mode").
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { matchesPattern, REPORT_DUE_PATTERN } from '../reports/retrieval-job.js';
import type { LocalChangeBus } from './local-bus.js';
import { type SqsHandler, startQueuePoller } from './queue-poller.js';
import type { WebhookQueues } from './queues.js';

export interface LocalReportRetrieval {
  stop(): Promise<void>;
}

/** Jobs per invocation, as lib/reports.ts configures the event source. */
const BATCH_SIZE = 5;

export function startLocalReportRetrieval(options: {
  readonly bus: LocalChangeBus;
  readonly sqs: SQSClient;
  readonly queues: WebhookQueues;
  readonly handler: SqsHandler;
  readonly onError: (error: unknown) => void;
}): LocalReportRetrieval {
  const unsubscribe = options.bus.subscribe((envelope) => {
    if (!matchesPattern(REPORT_DUE_PATTERN, envelope)) return;
    // The rule's target: the event itself is the job.
    options.sqs
      .send(
        new SendMessageCommand({
          QueueUrl: options.queues.queueUrl,
          MessageBody: JSON.stringify(envelope),
        }),
      )
      .catch(options.onError);
  });
  const poller = startQueuePoller({
    sqs: options.sqs,
    queueUrl: options.queues.queueUrl,
    queueArn: options.queues.queueArn,
    handler: options.handler,
    batchSize: BATCH_SIZE,
    functionName: 'report-fetcher',
    timeoutMs: 60_000,
    onError: options.onError,
  });
  return {
    stop: async () => {
      unsubscribe();
      await poller.stop();
    },
  };
}
