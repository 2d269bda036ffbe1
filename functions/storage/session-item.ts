// Maps session records and event claims to DynamoDB items and back (pure).
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  EventDetail,
  HistoryEntry,
  NotAppliedReason,
  SessionEvent,
} from '../sessions/session-event.js';
import type { SessionRecord } from '../sessions/session-record.js';
import { EVENT_RECORD_TTL_SECONDS, eventKey, sessionKey, TTL_ATTRIBUTE } from './tables.js';

type Item = Record<string, AttributeValue>;

/**
 * One history entry as stored: a positional tuple in a JSON text, without the session id (the
 * item's own). Every commit rewrites the whole session item and pays a write unit per started
 * KB, so the history is kept compact: a tuple takes about 40% fewer bytes than a map per entry.
 */
type StoredEntry = [
  eventId: string,
  type: string,
  occurredAt: number | null,
  receivedAt: number,
  requestId: string,
  applied: 0 | 1,
  reason: NotAppliedReason | null,
  detail: EventDetail,
];

const toStored = (e: HistoryEntry): StoredEntry => [
  e.eventId,
  e.type,
  e.occurredAt ?? null,
  e.receivedAt,
  e.requestId,
  e.applied ? 1 : 0,
  e.reason ?? null,
  e.detail,
];

function fromStored(
  [eventId, type, occurredAt, receivedAt, requestId, applied, reason, detail]: StoredEntry,
  sessionId: string,
): HistoryEntry {
  return {
    eventId,
    sessionId,
    type,
    ...(occurredAt === null ? {} : { occurredAt }),
    receivedAt,
    requestId,
    detail,
    applied: applied === 1,
    ...(reason === null ? {} : { reason }),
  };
}

/**
 * The summary is stored as top-level attributes (`outcome`, `final`, `actions`,
 * `providerCreatedAt`) beside `status`, so stream filters, queries and other readers see what a
 * backend acts on without our code.
 */
export function toSessionItem(record: SessionRecord): Item {
  const { events, summary, ...state } = record;
  return marshall(
    {
      pk: sessionKey(record.provider, record.sessionId),
      kind: 'session',
      ...state,
      ...summary,
      history: JSON.stringify(events.map(toStored)),
    },
    { removeUndefinedValues: true },
  );
}

export function fromSessionItem(item: Item): SessionRecord {
  const stored = unmarshall(item);
  const { provider, sessionId, version, createdAt, updatedAt, status, facts, history } = stored;
  const { outcome, final, actions, providerCreatedAt } = stored;
  return {
    provider,
    sessionId,
    version,
    createdAt,
    updatedAt,
    status: status ?? null,
    facts,
    // Items written before summaries existed read as "no outcome yet" until their next commit.
    summary: {
      outcome: outcome ?? null,
      final: final === true,
      actions: actions ?? [],
      providerCreatedAt: providerCreatedAt ?? null,
    },
    events: (JSON.parse(history) as StoredEntry[]).map((entry) => fromStored(entry, sessionId)),
  };
}

/** The claim of an event id for one session, and when it may be forgotten. */
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
