// The per-event claim of the first design, rebuilt for measurement 2 only, so that the bench
// prices what removing it saved in the same run: before the session write, each new event id is
// claimed for its session by a conditional PutItem of `event#<provider>#<eventId>` (1 WRU each).
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../functions/sessions/session-record.js';

/** 35 days, the claims' TTL then. */
const CLAIM_TTL_SECONDS = 35 * 86_400;

export class ClaimingSessionStore implements SessionStore {
  /** The event ids each session held when last read: a commit claims the others. */
  private readonly known = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async load(provider: string, sessionId: string, options: { consistent: boolean }) {
    const record = await this.sessions.load(provider, sessionId, options);
    this.known.set(`${provider}#${sessionId}`, new Set(record?.events.map((e) => e.eventId)));
    return record;
  }

  async commit(commit: SessionCommit): Promise<CommitResult> {
    const { provider, sessionId } = commit.record;
    const known = this.known.get(`${provider}#${sessionId}`) ?? new Set();
    const fresh = commit.record.events.filter((e) => !known.has(e.eventId));
    await Promise.all(fresh.map((event) => this.claim(commit.record, event.eventId)));
    return this.sessions.commit(commit);
  }

  private async claim(record: SessionRecord, eventId: string): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            pk: `event#${record.provider}#${eventId}`,
            kind: 'event',
            sessionId: record.sessionId,
            expiresAt: Math.floor(Date.now() / 1000) + CLAIM_TTL_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(pk) OR sessionId = :session',
          ExpressionAttributeValues: { ':session': { S: record.sessionId } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
