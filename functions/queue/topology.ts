// The shape of the webhook queue, shared by the CDK stack and local mode so both behave alike.

/**
 * Deliveries before a message is set aside in the dead-letter queue. Five attempts ride out a
 * throttling burst or a short DynamoDB outage while still parking a poison message within minutes.
 */
export const MAX_RECEIVE_COUNT = 5;

/**
 * How long the webhook queue keeps a message the consumer has not taken: 4 days (SQS's default),
 * far beyond the 15 minutes after which `QueueBacklogOld` pages. It must stay well below the
 * dead-letter queue's retention, see there.
 */
export const QUEUE_RETENTION_DAYS = 4;

/**
 * SQS's maximum retention, 14 days. SQS counts a message's retention from its first enqueue, not
 * from its move to the dead-letter queue, so a message that fails at the very end of its 4 days on
 * the queue still waits at least 10 days for an on-call engineer to redrive it
 * (docs/operations.md, "Retention").
 */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/**
 * SQS's largest message (1 MiB), so that a body at the ingest's size limit still fits once the
 * message attributes are added, or after base64 encoding for a body SQS cannot carry as text.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** DynamoDB's largest item (400 KB, names and values in UTF-8). */
const DYNAMODB_ITEM_BYTES = 400 * 1024;

/**
 * The largest body limit a deployment may set. A body that size, base64-encoded (4 characters
 * per 3 bytes: the worst case), must still fit
 * - one SQS message, with 1 KiB left for the message attributes (at most about 330 bytes: a
 *   256-byte request id, the longest provider name, a 16-digit receive time), and
 * - one quarantine item (functions/storage/quarantine.ts), should the consumer be unable to read
 *   it: the body is kept whole there, as it was queued, with 4 KiB left for the key, reason and
 *   attributes (under 1 KB today).
 * The quarantine is the tighter: 304,128 bytes (297 KiB). Above it, a webhook could be accepted
 * and then never be queued (its provider would retry it for days), or never be set aside.
 */
export const LARGEST_BODY_LIMIT_BYTES = Math.min(
  Math.floor(((MAX_MESSAGE_BYTES - 1024) * 3) / 4),
  Math.floor(((DYNAMODB_ITEM_BYTES - 4 * 1024) * 3) / 4),
);
