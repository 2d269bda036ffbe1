// Maps session records to DynamoDB items and back (pure): the one codec of the session item, used
// by the store and by the publisher, which reads the same item as its stream images.
import { deflateRawSync, inflateRawSync, constants as zlib } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type {
  EventDetail,
  HistoryEntry,
  NotAppliedReason,
  SessionAction,
  SessionSummary,
} from '../sessions/session-event.js';
import type { SessionRecord } from '../sessions/session-record.js';
import { SESSION_KEY_PREFIX, sessionKey } from './tables.js';

type Item = Record<string, AttributeValue>;

/**
 * The packed attribute's format. Every commit rewrites the whole item and DynamoDB bills a write
 * unit per started KB, so the facts and the history travel together as one deflated JSON text
 * (`[FORMAT, facts, entries]`): the history repeats the ids, codes and keys the facts hold, and
 * deflate stores each once. A typical session stays under 1 KB (docs/storage.md has the sizes).
 */
const PACKED_FORMAT = 2;

/**
 * One history entry as packed: `[eventId, type, receivedAt, requestId, detail, reason, occurredAt]`
 * without the session id (the item's own). `reason` is 0 for an applied event; trailing values
 * that are absent (applied, no provider time) are left out.
 */
type PackedEntry =
  | [eventId: string, type: string, receivedAt: number, requestId: string, detail: EventDetail]
  | [string, string, number, string, EventDetail, reason: NotAppliedReason | 0]
  | [string, string, number, string, EventDetail, NotAppliedReason | 0, occurredAt: number];

function pack(e: HistoryEntry): PackedEntry {
  const head: [string, string, number, string, EventDetail] = [
    e.eventId,
    e.type,
    e.receivedAt,
    e.requestId,
    e.detail,
  ];
  const reason = e.applied ? 0 : (e.reason ?? 'unknown_event_type');
  if (e.occurredAt !== undefined) return [...head, reason, e.occurredAt];
  return reason === 0 ? head : [...head, reason];
}

/** A history entry from its stored fields, in either encoding: no reason means applied. */
function historyEntry(
  fields: Omit<HistoryEntry, 'applied' | 'reason' | 'occurredAt'> & {
    readonly occurredAt: number | undefined;
    readonly reason: NotAppliedReason | undefined;
  },
): HistoryEntry {
  const { occurredAt, reason, ...event } = fields;
  return {
    ...event,
    ...(occurredAt === undefined ? {} : { occurredAt }),
    applied: reason === undefined,
    ...(reason === undefined ? {} : { reason }),
  };
}

function unpack(entry: PackedEntry, sessionId: string): HistoryEntry {
  const [eventId, type, receivedAt, requestId, detail, reason = 0, occurredAt] = entry;
  return historyEntry({
    eventId,
    sessionId,
    type,
    occurredAt,
    receivedAt,
    requestId,
    detail,
    reason: reason === 0 ? undefined : reason,
  });
}

/**
 * The session item: the key, `kind`, `version`, the times (epoch ms), `status` and the summary
 * (`outcome`, `final`, `actions`, `providerCreatedAt`) as top-level attributes that stream filters,
 * queries and the console read without our code, each left out at its default (no status yet, no
 * outcome, not final, no actions, no provider time); and `packed`, the facts and the history.
 * Provider and session id are read back from the key.
 */
export function toSessionItem(record: SessionRecord): Item {
  const { summary } = record;
  const packed = JSON.stringify([PACKED_FORMAT, record.facts, record.events.map(pack)]);
  return marshall({
    pk: sessionKey(record.provider, record.sessionId),
    kind: 'session',
    version: record.version,
    createdAt: Date.parse(record.createdAt),
    updatedAt: Date.parse(record.updatedAt),
    ...(record.status === null ? {} : { status: record.status }),
    ...(summary.outcome === null ? {} : { outcome: summary.outcome }),
    ...(summary.final ? { final: true } : {}),
    ...(summary.actions.length === 0 ? {} : { actions: summary.actions }),
    ...(summary.providerCreatedAt === null ? {} : { providerCreatedAt: summary.providerCreatedAt }),
    packed: deflateRawSync(packed, { level: zlib.Z_BEST_COMPRESSION }),
  });
}

/** The summary of a stored item: absent attributes are their defaults (and items of before summaries). */
function summaryOf(stored: Record<string, unknown>): SessionSummary {
  return {
    outcome: (stored.outcome as SessionSummary['outcome'] | undefined) ?? null,
    final: stored.final === true,
    actions: (stored.actions as SessionAction[] | undefined) ?? [],
    providerCreatedAt: (stored.providerCreatedAt as number | undefined) ?? null,
  };
}

/** `session#<provider>#<sessionId>`: provider names hold no `#`, session ids may. */
function keyParts(pk: string): { provider: string; sessionId: string } {
  const rest = pk.slice(SESSION_KEY_PREFIX.length);
  const separator = rest.indexOf('#');
  return { provider: rest.slice(0, separator), sessionId: rest.slice(separator + 1) };
}

/** Reads a session item of either format: packed (current), or the JSON history text before it. */
export function fromSessionItem(item: Item): SessionRecord {
  const stored = unmarshall(item);
  if (stored.packed === undefined) return fromFirstFormat(stored);
  const { provider, sessionId } = keyParts(stored.pk);
  const [format, facts, entries] = JSON.parse(
    inflateRawSync(stored.packed as Uint8Array).toString('utf8'),
  ) as [number, unknown, PackedEntry[]];
  if (format !== PACKED_FORMAT) throw new Error(`unknown session item format ${format}`);
  return {
    provider,
    sessionId,
    version: stored.version,
    createdAt: new Date(stored.createdAt).toISOString(),
    updatedAt: new Date(stored.updatedAt).toISOString(),
    status: stored.status ?? null,
    facts,
    summary: summaryOf(stored),
    events: entries.map((entry) => unpack(entry, sessionId)),
  };
}

/**
 * The first format (written until the packed one replaced it; a session is rewritten in the new
 * one at its next commit): provider and session id as attributes, ISO times, the facts as a map,
 * and `history`, a JSON text of `[eventId, type, occurredAt, receivedAt, requestId, applied,
 * reason, detail]` tuples.
 */
type FirstFormatEntry = [
  eventId: string,
  type: string,
  occurredAt: number | null,
  receivedAt: number,
  requestId: string,
  applied: 0 | 1,
  reason: NotAppliedReason | null,
  detail: EventDetail,
];

function fromFirstFormat(stored: Record<string, unknown>): SessionRecord {
  const sessionId = stored.sessionId as string;
  const history = JSON.parse(stored.history as string) as FirstFormatEntry[];
  return {
    provider: stored.provider as string,
    sessionId,
    version: stored.version as number,
    createdAt: stored.createdAt as string,
    updatedAt: stored.updatedAt as string,
    status: (stored.status as string | null | undefined) ?? null,
    facts: stored.facts,
    summary: summaryOf(stored),
    events: history.map(
      ([eventId, type, occurredAt, receivedAt, requestId, applied, reason, detail]) =>
        historyEntry({
          eventId,
          sessionId,
          type,
          occurredAt: occurredAt ?? undefined,
          receivedAt,
          requestId,
          detail,
          reason: applied === 1 ? undefined : (reason ?? 'unknown_event_type'),
        }),
    ),
  };
}
