// The shape of the webhook queue, shared by the CDK stack and local mode so both behave alike.

/**
 * Deliveries before a message is set aside in the dead-letter queue. Five attempts ride out a
 * throttling burst or a short DynamoDB outage while still parking a poison message within minutes.
 */
export const MAX_RECEIVE_COUNT = 5;

/** SQS's maximum retention: two weeks for an on-call engineer to redrive what failed. */
export const DEAD_LETTER_RETENTION_DAYS = 14;

/**
 * SQS's largest message (1 MiB), so that a body at the ingest's size limit still fits once the
 * message attributes are added, or after base64 encoding for a body SQS cannot carry as text.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
