// Maps session records and dedupe records to DynamoDB items and back (pure).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { HistoryEntry, SessionEvent } from '../sessions/session-event.js';
import type { SessionRecord } from '../sessions/session-record.js';
import { EVENT_RECORD_TTL_SECONDS, eventKey, sessionKey, TTL_ATTRIBUTE } from './tables.js';

type Item = Record<string, AttributeValue>;

/** History entries are stored without their session id, which is the item's own. */
type StoredEntry = Omit<HistoryEntry, 'sessionId'>;

export function toSessionItem(record: SessionRecord): Item {
  const events: StoredEntry[] = record.events.map(({ sessionId: _, ...entry }) => entry);
  return marshall(
    { pk: sessionKey(record.provider, record.sessionId), kind: 'session', ...record, events },
    { removeUndefinedValues: true },
  );
}

export function fromSessionItem(item: Item): SessionRecord {
  const { provider, sessionId, version, createdAt, updatedAt, status, facts, events } =
    unmarshall(item);
  return {
    provider,
    sessionId,
    version,
    createdAt,
    updatedAt,
    status: status ?? null,
    facts,
    events: (events as StoredEntry[]).map((entry) => ({ ...entry, sessionId })),
  };
}

/** The dedupe record of an event: which session it belongs to, and when it may be forgotten. */
export function toEventItem(provider: string, event: SessionEvent, now: Date): Item {
  return marshall({
    pk: eventKey(provider, event.eventId),
    kind: 'event',
    provider,
    eventId: event.eventId,
    sessionId: event.sessionId,
    type: event.type,
    receivedAt: event.receivedAt,
    requestId: event.requestId,
    [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + EVENT_RECORD_TTL_SECONDS,
  });
}
