// The publisher's core: turn a batch of the sessions table's stream records into Session Changed
// events on the bus, in stream order, exactly the changes a backend sees. The stream is the
// outbox: a committed write is published even if the consumer crashed right after committing.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromSessionItem } from '../storage/session-item.js';
import { describeChange, type SessionChangeDetail } from './session-change.js';

/** Where changes are published: EventBridge on AWS, a local bus on loopback. */
export interface ChangeBus {
  /** Puts the changes (at most MAX_ENTRIES_PER_PUT); resolves with the indexes that failed. */
  put(changes: readonly SessionChangeDetail[]): Promise<{ readonly failed: readonly number[] }>;
}

/** PutEvents takes at most 10 entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;

/** The fields of a Lambda DynamoDB stream record the publisher reads. */
export interface ChangeStreamRecord {
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  readonly dynamodb?:
    | {
        readonly SequenceNumber?: string | undefined;
        readonly OldImage?: Record<string, unknown> | undefined;
        readonly NewImage?: Record<string, unknown> | undefined;
      }
    | undefined;
}

export interface PublishPorts {
  readonly bus: ChangeBus;
  /** Rounds of putting the entries that failed, before the batch is handed back to Lambda. */
  readonly maxPutAttempts: number;
  readonly backoff: (attempt: number) => Promise<void>;
}

export interface PublishResult {
  readonly published: readonly SessionChangeDetail[];
  /** Records that are not a change a backend sees (not a session item, nothing visible changed). */
  readonly skipped: number;
  /**
   * The sequence number to resume from (ReportBatchItemFailures): the first record not published.
   * Lambda retries it and every later record of the shard, which keeps each session in order.
   */
  readonly resumeFrom?: string;
  /** Why the batch stopped early: an undecodable record, or entries the bus kept refusing. */
  readonly stoppedBy?: 'undecodable_record' | 'put_failed';
}

type Pending = { readonly sequenceNumber: string; readonly change: SessionChangeDetail };

type Image = Record<string, AttributeValue>;
const isSessionImage = (image: Record<string, unknown> | undefined): image is Image =>
  (image?.kind as { S?: unknown } | undefined)?.S === 'session';

/** The change a record stands for, undefined when it is none, or 'undecodable'. */
function changeOf(record: ChangeStreamRecord): SessionChangeDetail | undefined | 'undecodable' {
  const { NewImage, OldImage } = record.dynamodb ?? {};
  if (record.eventName === 'REMOVE' || !isSessionImage(NewImage)) return undefined;
  try {
    const before = isSessionImage(OldImage) ? fromSessionItem(OldImage) : undefined;
    return describeChange(before, fromSessionItem(NewImage));
  } catch {
    return 'undecodable';
  }
}

/** The indexes of `changes` the bus did not take; a call that failed outright took none. */
async function refusedBy(bus: ChangeBus, changes: readonly SessionChangeDetail[]) {
  try {
    return new Set((await bus.put(changes)).failed);
  } catch {
    return new Set(changes.keys());
  }
}

/**
 * Puts `batch` until every entry is accepted or the attempts run out; returns the refused ones.
 * An outage is retried here rather than thrown, so that Lambda's bisect-on-error is kept for
 * records that fail by themselves.
 */
async function putAll(batch: readonly Pending[], ports: PublishPorts): Promise<readonly Pending[]> {
  let remaining = batch;
  for (let attempt = 1; remaining.length > 0; attempt++) {
    const refused = await refusedBy(
      ports.bus,
      remaining.map((p) => p.change),
    );
    remaining = remaining.filter((_, index) => refused.has(index));
    if (remaining.length === 0 || attempt >= ports.maxPutAttempts) break;
    await ports.backoff(attempt);
  }
  return remaining;
}

export async function publishChanges(
  records: readonly ChangeStreamRecord[],
  ports: PublishPorts,
): Promise<PublishResult> {
  const pending: Pending[] = [];
  let skipped = 0;
  let stop: Pick<PublishResult, 'resumeFrom' | 'stoppedBy'> = {};
  for (const record of records) {
    const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
    const change = changeOf(record);
    if (change === 'undecodable') {
      // Nothing after it is published now, so that a session's changes never overtake each other.
      stop = { resumeFrom: sequenceNumber, stoppedBy: 'undecodable_record' };
      break;
    }
    if (change === undefined) skipped++;
    else pending.push({ sequenceNumber, change });
  }

  const published: SessionChangeDetail[] = [];
  for (let start = 0; start < pending.length; start += MAX_ENTRIES_PER_PUT) {
    const batch = pending.slice(start, start + MAX_ENTRIES_PER_PUT);
    const refused = await putAll(batch, ports);
    const firstRefused = refused[0];
    if (firstRefused !== undefined) {
      published.push(...batch.filter((p) => !refused.includes(p)).map((p) => p.change));
      return {
        published,
        skipped,
        resumeFrom: firstRefused.sequenceNumber,
        stoppedBy: 'put_failed',
      };
    }
    published.push(...batch.map((p) => p.change));
  }
  return { published, skipped, ...stop };
}
