// The SessionStore on DynamoDB. A session is read with one GetItem and committed with one
// conditional PutItem: the session item carries the history of its distinct events, so the
// version-conditioned write is the deduplication and the state change at once (docs/storage.md).
// Before it, each new event id is claimed for its session with a conditional PutItem of its own.
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SessionEvent } from '../sessions/session-event.js';
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../sessions/session-record.js';
import { fromSessionItem, toEventItem, toSessionItem } from './session-item.js';
import { PARTITION_KEY, sessionKey } from './tables.js';

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

  async commit({ record, expectedVersion, newEvents }: SessionCommit): Promise<CommitResult> {
    const now = this.now();
    const claims = await Promise.all(
      newEvents.map((event) => this.claim(record.provider, event, now)),
    );
    const foreign = claims.filter((eventId): eventId is string => eventId !== undefined);
    if (foreign.length > 0) return { kind: 'event_conflicts', eventIds: foreign };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toSessionItem(record),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
              }),
        }),
      );
      return { kind: 'committed' };
    } catch (error) {
      // Another writer moved the version (or the SDK retried a write whose first attempt
      // succeeded): re-reading the session tells which.
      if (error instanceof ConditionalCheckFailedException) return { kind: 'version_conflict' };
      throw error;
    }
  }

  /**
   * Claims an event id for its session. Claiming again for the same session succeeds (a retry
   * after a crash between claim and commit); the id of a claim held by another session is returned.
   */
  private async claim(
    provider: string,
    event: SessionEvent,
    now: Date,
  ): Promise<string | undefined> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toEventItem(provider, event, now),
          ConditionExpression: 'attribute_not_exists(pk) OR sessionId = :session',
          ExpressionAttributeValues: { ':session': { S: event.sessionId } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item ? (unmarshall(error.Item).eventId as string) : event.eventId;
    }
  }
}
