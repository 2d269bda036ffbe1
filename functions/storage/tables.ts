// Table layout shared by the stack, local mode and the stores: key formats and attribute names.
//
// Sessions table, one partition key `pk`, two kinds of item:
//   session#<provider>#<sessionId>  the session: state, history, version
//   event#<provider>#<eventId>      the dedupe record of one event, expiring after EVENT_RECORD_TTL
// Quarantine table, `pk` = hash of provider and message body, expiring after QUARANTINE_TTL.

export const PARTITION_KEY = 'pk';
/** DynamoDB TTL attribute (epoch seconds) on both tables; session items never carry it. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The sessions table's stream carries both images of every write: the publisher computes each
 * session change from the session before and after it (functions/reactions).
 */
export const SESSION_STREAM_VIEW = 'NEW_AND_OLD_IMAGES' as const;

export const sessionKey = (provider: string, sessionId: string): string =>
  `session#${provider}#${sessionId}`;
export const eventKey = (provider: string, eventId: string): string =>
  `event#${provider}#${eventId}`;

const DAY_SECONDS = 86_400;

/**
 * 35 days: longer than any provider's retry window (Veriff retries hourly for 7 days, see its
 * webhook guide), so a dedupe record outlives every redelivery. Once it expires, the session's own
 * history still recognises the event.
 */
export const EVENT_RECORD_TTL_SECONDS = 35 * DAY_SECONDS;

/** 30 days to fix what made a message unreadable and replay it; the raw body (PII) then expires. */
export const QUARANTINE_TTL_SECONDS = 30 * DAY_SECONDS;
