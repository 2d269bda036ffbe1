// The SessionStore on DynamoDB. A session is read with one GetItem and committed with one
// conditional PutItem: the session item carries the history of its distinct events, so the
// version-conditioned write is the deduplication and the state change at once (docs/storage.md).
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../sessions/session-record.js';
import { fromSessionItem, toSessionItem } from './session-item.js';
import { PARTITION_KEY, sessionKey } from './tables.js';

export class DynamoDbSessionStore implements SessionStore {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
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

  async commit({ record, expectedVersion }: SessionCommit): Promise<CommitResult> {
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
}
