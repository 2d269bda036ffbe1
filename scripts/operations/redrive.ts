// Moves every message of the dead-letter queue back to the webhook queue, unchanged. Safe to
// repeat: a message moved twice is a duplicate, which the consumer acknowledges without effect.
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { queueArnOf } from '../../functions/local/queues.js';
import type { Targets } from './targets.js';

export interface RedriveSummary {
  readonly waiting: number;
  readonly moved: number;
  readonly dryRun: boolean;
}

export type Progress = (line: string) => void;

/** What the dead-letter queue holds: visible messages, and those being received right now. */
export async function deadLetterCounts({
  sqs,
  deadLetterQueueUrl,
}: Targets): Promise<{ visible: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** AWS: SQS's own move task (StartMessageMoveTask), followed until it ends. */
async function moveTask(targets: Targets, progress: Progress, pollMs: number): Promise<number> {
  const sourceArn = await queueArnOf(targets.sqs, targets.deadLetterQueueUrl);
  const destinationArn = await queueArnOf(targets.sqs, targets.queueUrl);
  const { TaskHandle } = await targets.sqs.send(
    new StartMessageMoveTaskCommand({ SourceArn: sourceArn, DestinationArn: destinationArn }),
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    const { Results = [] } = await targets.sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }),
    );
    const task = Results.find((r) => r.TaskHandle === TaskHandle) ?? Results[0];
    progress(
      `move task ${task?.Status}: ${task?.ApproximateNumberOfMessagesMoved ?? 0} of ${task?.ApproximateNumberOfMessagesToMove ?? '?'} moved`,
    );
    if (task?.Status === 'COMPLETED') return task.ApproximateNumberOfMessagesMoved ?? 0;
    if (task?.Status === 'FAILED' || task?.Status === 'CANCELLED')
      throw new Error(`move task ${task.Status}: ${task.FailureReason ?? ''}`);
  }
}

/**
 * Local mode: fauxqs has no move task, so messages are received from the DLQ, sent to the queue
 * with their body and attributes, and only then deleted from the DLQ.
 */
async function copyMessages(
  { sqs, queueUrl, deadLetterQueueUrl }: Targets,
  progress: Progress,
): Promise<number> {
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return moved;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          MessageAttributes: m.MessageAttributes as Record<string, MessageAttributeValue>,
        })),
      }),
    );
    const delivered = (sent.Successful ?? []).map((s) => Messages[Number(s.Id)]);
    if (delivered.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: deadLetterQueueUrl,
          Entries: delivered.map((m, i) => ({
            Id: String(i),
            ReceiptHandle: m?.ReceiptHandle ?? '',
          })),
        }),
      );
    }
    moved += delivered.length;
    progress(`moved ${moved}`);
    if ((sent.Failed ?? []).length > 0)
      throw new Error(`${sent.Failed?.length} messages could not be sent; they stay in the DLQ`);
  }
}

export async function redrive(
  targets: Targets,
  options: { dryRun: boolean; progress: Progress; pollMs?: number },
): Promise<RedriveSummary> {
  const { visible: waiting } = await deadLetterCounts(targets);
  options.progress(`${waiting} message(s) waiting in the dead-letter queue`);
  if (options.dryRun || waiting === 0) return { waiting, moved: 0, dryRun: options.dryRun };
  const moved =
    targets.mode === 'aws'
      ? await moveTask(targets, options.progress, options.pollMs ?? 2_000)
      : await copyMessages(targets, options.progress);
  return { waiting, moved, dryRun: false };
}
