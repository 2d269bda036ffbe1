// The inspector's reads of local mode's own tables: every session (a scan: local mode holds a
// developer's sessions, not production's), one session, and the quarantine without the raw bodies
// (which may hold personal data), each read consistently so that a page shows what was committed.
import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TableNames } from '../functions/local/tables.js';
import { ATTRIBUTE } from '../functions/queue/queued-webhook.js';
import type { SessionRecord } from '../functions/sessions/session-record.js';
import { DynamoDbSessionStore } from '../functions/storage/dynamodb-session-store.js';
import { fromSessionItem } from '../functions/storage/session-item.js';

/** A quarantined message as the inspector shows it: never its body. */
export interface QuarantineEntry {
  /** The entry's key (a hash of the provider and the body). */
  readonly key: string;
  readonly provider: string;
  readonly reason: string;
  /** Where the problem is (a JSON path, an event id), never a value from the body. */
  readonly detail: string | null;
  /** How often this very message was quarantined. */
  readonly deliveries: number;
  readonly firstQuarantinedAt: string;
  readonly lastQuarantinedAt: string;
  /** The ingest's request id of the last delivery: search the logs with it. */
  readonly requestId: string | null;
}

/**
 * The attributes read of a quarantine entry, and no others: `messageBody` is never fetched, so no
 * page can show it. Every name goes through a placeholder (some are reserved words).
 */
const QUARANTINE_PROJECTION = {
  ProjectionExpression: '#k, #p, #r, #d, #n, #first, #last, #a.#id',
  ExpressionAttributeNames: {
    '#k': 'pk',
    '#p': 'provider',
    '#r': 'reason',
    '#d': 'detail',
    '#n': 'deliveries',
    '#first': 'firstQuarantinedAt',
    '#last': 'lastQuarantinedAt',
    '#a': 'attributes',
    '#id': ATTRIBUTE.requestId,
  },
} as const;

const textOr = <T>(value: unknown, otherwise: T): string | T =>
  typeof value === 'string' ? value : otherwise;

export class LocalTables {
  private readonly store: DynamoDbSessionStore;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: TableNames,
  ) {
    this.store = new DynamoDbSessionStore(client, tables.sessionsTable);
  }

  /** Every session in the sessions table (not the event claims beside them). */
  async sessions(): Promise<SessionRecord[]> {
    const sessions: SessionRecord[] = [];
    for await (const page of paginateScan(
      { client: this.client },
      {
        TableName: this.tables.sessionsTable,
        ConsistentRead: true,
        FilterExpression: '#kind = :session',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':session': { S: 'session' } },
      },
    )) {
      for (const item of page.Items ?? []) sessions.push(fromSessionItem(item));
    }
    return sessions;
  }

  session(provider: string, sessionId: string): Promise<SessionRecord | undefined> {
    return this.store.load(provider, sessionId, { consistent: true });
  }

  async quarantine(): Promise<QuarantineEntry[]> {
    const entries: QuarantineEntry[] = [];
    for await (const page of paginateScan(
      { client: this.client },
      { TableName: this.tables.quarantineTable, ConsistentRead: true, ...QUARANTINE_PROJECTION },
    )) {
      for (const item of page.Items ?? []) {
        const entry = unmarshall(item);
        const attributes = (entry.attributes ?? {}) as Record<string, unknown>;
        entries.push({
          key: textOr(entry.pk, ''),
          provider: textOr(entry.provider, 'unknown'),
          reason: textOr(entry.reason, 'unknown'),
          detail: textOr(entry.detail, null),
          deliveries: typeof entry.deliveries === 'number' ? entry.deliveries : 1,
          firstQuarantinedAt: textOr(entry.firstQuarantinedAt, ''),
          lastQuarantinedAt: textOr(entry.lastQuarantinedAt, ''),
          requestId: textOr(attributes[ATTRIBUTE.requestId], null),
        });
      }
    }
    return entries;
  }
}
