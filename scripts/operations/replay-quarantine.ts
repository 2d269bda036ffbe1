// Re-submits quarantined messages to the webhook queue after a fix, exactly as they were queued.
// Safe to repeat: an entry is deleted only if it was not quarantined again meanwhile, and events
// that are replayed twice are duplicates the consumer acknowledges without effect.
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ATTRIBUTE } from '../../functions/queue/queued-webhook.js';
import { PARTITION_KEY } from '../../functions/storage/tables.js';
import type { Progress } from './redrive.js';
import type { Targets } from './targets.js';

export interface ReplaySummary {
  readonly found: number;
  readonly replayed: number;
  /** Quarantined again while being replayed: the entry stays. */
  readonly kept: number;
  readonly byReason: Readonly<Record<string, number>>;
  readonly dryRun: boolean;
}

interface QuarantineEntry {
  pk: string;
  provider: string;
  reason: string;
  messageBody: string;
  attributes: Record<string, string>;
  /** Incremented atomically by every quarantining: the version of the entry. */
  deliveries: number;
}

const dataType = (name: string) => (name === ATTRIBUTE.receivedAt ? 'Number' : 'String');

export async function replayQuarantine(
  targets: Targets,
  options: { dryRun: boolean; progress: Progress },
): Promise<ReplaySummary> {
  const entries: QuarantineEntry[] = [];
  for await (const page of paginateScan(
    { client: targets.dynamodb },
    { TableName: targets.quarantineTable, ConsistentRead: true },
  )) {
    entries.push(...(page.Items ?? []).map((item) => unmarshall(item) as QuarantineEntry));
  }
  const byReason: Record<string, number> = {};
  for (const entry of entries)
    byReason[`${entry.provider}/${entry.reason}`] =
      (byReason[`${entry.provider}/${entry.reason}`] ?? 0) + 1;
  options.progress(`${entries.length} quarantined message(s): ${JSON.stringify(byReason)}`);
  if (options.dryRun)
    return { found: entries.length, replayed: 0, kept: 0, byReason, dryRun: true };

  let replayed = 0;
  let kept = 0;
  for (const entry of entries) {
    await targets.sqs.send(
      new SendMessageCommand({
        QueueUrl: targets.queueUrl,
        MessageBody: entry.messageBody,
        MessageAttributes: Object.fromEntries(
          Object.entries(entry.attributes).map(([name, value]) => [
            name,
            { DataType: dataType(name), StringValue: value },
          ]),
        ),
      }),
    );
    try {
      await targets.dynamodb.send(
        new DeleteItemCommand({
          TableName: targets.quarantineTable,
          Key: { [PARTITION_KEY]: { S: entry.pk } },
          ConditionExpression: 'deliveries = :seen',
          ExpressionAttributeValues: { ':seen': { N: String(entry.deliveries) } },
        }),
      );
      replayed++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      kept++;
    }
    options.progress(
      `replayed ${replayed + kept} of ${entries.length} (${entry.provider}, ${entry.reason})`,
    );
  }
  return { found: entries.length, replayed, kept, byReason, dryRun: false };
}
