// The SessionStore on DynamoDB: one GetItem to read a session, one TransactWriteItems to commit
// the session (conditioned on its version) with its new events' dedupe records (conditioned on
// not existing). Either all of it is written or none of it.
import { createHash } from 'node:crypto';
import {
  type CancellationReason,
  type DynamoDBClient,
  GetItemCommand,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../sessions/session-record.js';
import { fromSessionItem, toEventItem, toSessionItem } from './session-item.js';
import { PARTITION_KEY, sessionKey } from './tables.js';

/**
 * A token that makes the SDK's own retry of a commit idempotent: if the first attempt committed
 * but its response was lost, DynamoDB answers the identical retry with success instead of a failed
 * condition. It hashes the whole request: a token reused with different content (our own retry
 * after a conflict, with a new `updatedAt`; or the same session id in another table) would be
 * refused with IdempotentParameterMismatch for ten minutes.
 */
function requestToken(transactItems: readonly TransactWriteItem[]): string {
  return createHash('sha256').update(JSON.stringify(transactItems)).digest('hex').slice(0, 36);
}

export class DynamoDbSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(
    provider: string,
    sessionId: string,
    { consistent }: { consistent: boolean },
  ): Promise<SessionRecord | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: { S: sessionKey(provider, sessionId) } },
        ConsistentRead: consistent,
      }),
    );
    return Item ? fromSessionItem(Item) : undefined;
  }

  async commit(commit: SessionCommit): Promise<CommitResult> {
    const { record, expectedVersion, newEvents } = commit;
    const now = this.now();
    const transactItems: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: toSessionItem(record),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
              }),
        },
      },
      ...newEvents.map((event) => ({
        Put: {
          TableName: this.tableName,
          Item: toEventItem(record.provider, event, now),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      })),
    ];
    try {
      await this.client.send(
        new TransactWriteItemsCommand({
          ClientRequestToken: requestToken(transactItems),
          TransactItems: transactItems,
        }),
      );
      return { kind: 'committed' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return this.classify(record, error.CancellationReasons ?? []);
    }
  }

  /**
   * Reads why a transaction was cancelled. An event record that exists for *another* session is
   * a conflict the caller must set aside; everything else (the version moved, a concurrent
   * transaction, throttling) is resolved by reading the session again and retrying.
   */
  private classify(record: SessionRecord, reasons: readonly CancellationReason[]): CommitResult {
    const [sessionReason, ...eventReasons] = reasons;
    if (sessionReason?.Code === 'ConditionalCheckFailed') return { kind: 'version_conflict' };
    const foreign = eventReasons.flatMap((reason) => {
      if (reason.Code !== 'ConditionalCheckFailed' || !reason.Item) return [];
      const existing = unmarshall(reason.Item);
      return existing.sessionId === record.sessionId ? [] : [existing.eventId as string];
    });
    return foreign.length > 0
      ? { kind: 'event_conflicts', eventIds: foreign }
      : { kind: 'version_conflict' };
  }
}
