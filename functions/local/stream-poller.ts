// Local stand-in for Lambda's DynamoDB stream event source mapping: reads DynamoDB Local's stream
// of the sessions table shard by shard, invokes the publisher handler with Lambda-shaped batches,
// and honours its partial-batch response the way the stack configures the mapping: resume from
// the first failed record, a bounded number of retries, then report it and move past it (the
// stack's on-failure destination).

import { setTimeout as delay } from 'node:timers/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse>;

export interface StreamPollerOptions {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly tableName: string;
  readonly handler: StreamHandler;
  /** Records per invocation (the stack's batch size). */
  readonly batchSize: number;
  /** Retries of a failing record before it is set aside (the stack's retryAttempts). */
  readonly retryAttempts: number;
  /** How long to wait when a shard has nothing new; Lambda polls a shard four times a second. */
  readonly idleMs?: number;
  /** A record that kept failing: on AWS it goes to the on-failure queue. */
  readonly onGiveUp: (record: DynamoDBRecord) => void;
  readonly onError: (error: unknown) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

/** The record Lambda builds from a stream record (the same JSON shapes, plus the source). */
function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  return {
    ...(record as DynamoDBRecord),
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ApproximateCreationDateTime:
        (record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) / 1000,
    },
    eventSourceARN: streamArn,
  };
}

/** Waits `ms`, or less if `signal` aborts first. */
const sleep = (ms: number, signal: AbortSignal) =>
  delay(ms, undefined, { signal }).catch(() => undefined);

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const abort = new AbortController();
  const { signal } = abort;
  const idleMs = options.idleMs ?? 250;
  const readers = new Map<string, Promise<void>>();
  /** The last record of each shard that was delivered (or given up on), to resume after it. */
  const checkpoints = new Map<string, string>();

  const iterator = async (
    streamArn: string,
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ) =>
    (
      await options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: type,
          ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
        }),
      )
    ).ShardIterator;

  /**
   * The sequence number the handler asks to resume from, if any. A handler that throws fails its
   * whole batch (on AWS, bisect-on-error then narrows it down; here the first record is retried).
   */
  const firstFailure = async (batch: DynamoDBRecord[]): Promise<string | undefined> => {
    try {
      const response = await options.handler(
        { Records: batch },
        lambdaContext('publisher', 60_000),
      );
      return response?.batchItemFailures?.[0]?.itemIdentifier;
    } catch (error) {
      options.onError(error);
      return batch[0]?.dynamodb?.SequenceNumber;
    }
  };

  /** Invokes the handler until the batch is taken; returns where to read on from. */
  const deliver = async (records: DynamoDBRecord[]): Promise<'all' | { after: string }> => {
    let batch = records;
    for (let attempt = 0; ; attempt++) {
      const failed = await firstFailure(batch);
      if (failed === undefined) return 'all';
      const from = batch.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
      if (from < 0) return 'all';
      if (attempt >= options.retryAttempts) {
        options.onGiveUp(batch[from] as DynamoDBRecord);
        return { after: failed };
      }
      batch = batch.slice(from);
      await sleep(Math.min(2 ** attempt * 100, 2_000), signal);
      if (signal.aborted) return { after: failed };
    }
  };

  const readShard = async (streamArn: string, shardId: string) => {
    const checkpoint = checkpoints.get(shardId);
    let next = checkpoint
      ? await iterator(streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', checkpoint)
      : await iterator(streamArn, shardId, 'TRIM_HORIZON');
    while (next && !signal.aborted) {
      const { Records = [], NextShardIterator } = await options.streams.send(
        new GetRecordsCommand({ ShardIterator: next, Limit: options.batchSize }),
      );
      next = NextShardIterator;
      if (Records.length === 0) {
        await sleep(idleMs, signal);
        continue;
      }
      const result = await deliver(Records.map((r) => toLambdaRecord(r, streamArn)));
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      const resumeAfter = result === 'all' ? last : result.after;
      if (resumeAfter) checkpoints.set(shardId, resumeAfter);
      // After a record given up on, read on right after it, as the mapping does.
      if (resumeAfter !== last && resumeAfter) {
        next = await iterator(streamArn, shardId, 'AFTER_SEQUENCE_NUMBER', resumeAfter);
      }
    }
  };

  const watch = async () => {
    const { Table } = await options.dynamodb.send(
      new DescribeTableCommand({ TableName: options.tableName }),
    );
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`${options.tableName} has no stream`);
    while (!signal.aborted) {
      try {
        const { StreamDescription } = await options.streams.send(
          new DescribeStreamCommand({ StreamArn: streamArn }),
        );
        for (const shard of StreamDescription?.Shards ?? []) {
          const shardId = shard.ShardId;
          if (!shardId || readers.has(shardId)) continue;
          readers.set(
            shardId,
            readShard(streamArn, shardId).catch((error: unknown) => {
              if (!signal.aborted) options.onError(error);
              // The next round reads the shard again from its checkpoint.
              readers.delete(shardId);
            }),
          );
        }
      } catch (error) {
        if (!signal.aborted) options.onError(error);
      }
      await sleep(1_000, signal);
    }
  };

  const running = watch().catch((error: unknown) => options.onError(error));
  return {
    stop: async () => {
      abort.abort();
      await running;
      await Promise.all(readers.values());
    },
  };
}
