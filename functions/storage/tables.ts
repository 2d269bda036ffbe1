// Table layout shared by the stack, local mode and the stores: key formats and attribute names.
//
// Sessions table, one partition key `pk`: `session#<provider>#<sessionId>`, one item per session
// (state, summary, facts and history, version: functions/storage/session-item.ts).
// Quarantine table, `pk` = hash of provider and message body, expiring after QUARANTINE_TTL.

export const PARTITION_KEY = 'pk';
/**
 * DynamoDB TTL attribute (epoch seconds) on both tables. Session items never carry it; on the
 * sessions table it lets the per-event claims of the first design expire (docs/storage.md).
 */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The sessions table's stream carries both images of every write: the publisher computes each
 * session change from the session before and after it (functions/reactions).
 */
export const SESSION_STREAM_VIEW = 'NEW_AND_OLD_IMAGES' as const;

export const SESSION_KEY_PREFIX = 'session#';
export const sessionKey = (provider: string, sessionId: string): string =>
  `${SESSION_KEY_PREFIX}${provider}#${sessionId}`;

const DAY_SECONDS = 86_400;

/** 30 days to fix what made a message unreadable and replay it; the raw body (PII) then expires. */
export const QUARANTINE_TTL_SECONDS = 30 * DAY_SECONDS;
