// Reads a Standard Webhooks delivery of a configured source into a session event: the session,
// the status and the time come from the source's JSON paths; nothing else of the body is read.
import { canonicalJson } from '../../sessions/canonical-json.js';
import {
  boundedText,
  type Delivery,
  derivedId,
  isoTimeMs,
  type ParsedEvent,
  present,
  readJson,
  sessionEvent,
  tooLong,
  toSeconds,
} from '../event-parsing.js';
import { type StandardWebhooksSource, valueAt } from './sources.js';

/** Below this a number is unix seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_LIMIT = 1e11;

/** A time as epoch ms: an ISO 8601 string, or a number of unix seconds or milliseconds. */
export function sourceTimeMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    return Math.floor(value < SECONDS_LIMIT ? value * 1000 : value);
  }
  return isoTimeMs(value);
}

/** An id as a string: senders use strings, some numbers. */
const idText = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : boundedText(value);

/** The event parser of `source`. */
export function standardWebhooksParser(source: StandardWebhooksSource) {
  return (body: Uint8Array, delivery: Delivery): ParsedEvent => {
    const read = readJson(body);
    if (!read.ok) return read;
    const { json } = read;
    const sessionValue = valueAt(json, source.sessionIdPath);
    const sessionId = typeof sessionValue === 'string' ? sessionValue : idText(sessionValue);
    if (!sessionId) return { ok: false, reason: 'missing_session_id' };
    if (tooLong(sessionId)) return { ok: false, reason: 'id_too_long' };
    const status = idText(valueAt(json, source.statusPath));
    const atMs =
      source.timePath === undefined ? undefined : sourceTimeMs(valueAt(json, source.timePath));
    const occurredAt = toSeconds(atMs);
    const senderId =
      source.eventIdPath === undefined ? undefined : idText(valueAt(json, source.eventIdPath));
    const event = sessionEvent(delivery, {
      // The body of a retry is the body of the first delivery, so its hash is a stable id.
      eventId: senderId ?? derivedId('sw_', [source.name, canonicalJson(json)]),
      sessionId,
      type: status ?? 'unknown',
      occurredAt,
      detail: present({ status, atMs }),
    });
    return { ok: true, event };
  };
}
