// Local stand-in for Lambda's SQS event source mapping: long-polls the queue, invokes the consumer
// handler with SQS-shaped batches, and deletes only the records it did not report as failed (the
// others reappear after the visibility timeout and reach the DLQ after maxReceiveCount).

import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export interface QueuePoller {
  stop(): Promise<void>;
}

/** The record Lambda builds from a received message. */
export function toLambdaRecord(message: Message, queueArn: string): SQSRecord {
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: (message.Attributes ?? {}) as unknown as SQSRecord['attributes'],
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          stringValue: value.StringValue,
          dataType: value.DataType ?? 'String',
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'local',
  };
}

export function startQueuePoller(options: {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  batchSize?: number;
  /** The function the handler is, for its Lambda context (default the consumer). */
  functionName?: string;
  /** Its timeout, which the context's remaining time counts down from. */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}): QueuePoller {
  const abort = new AbortController();
  const poll = async () => {
    while (!abort.signal.aborted) {
      try {
        const { Messages = [] } = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize ?? 10,
            WaitTimeSeconds: 20,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        if (Messages.length === 0) continue;
        const records = Messages.map((m) => toLambdaRecord(m, options.queueArn));
        const response = await options.handler(
          { Records: records },
          lambdaContext(options.functionName ?? 'consumer', options.timeoutMs),
        );
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        const done = records.filter((r) => !failed.has(r.messageId));
        if (done.length > 0) {
          await options.sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: options.queueUrl,
              Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
            }),
          );
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  const running = poll();
  return {
    stop: async () => {
      abort.abort();
      await running;
    },
  };
}
