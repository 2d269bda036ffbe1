// Metric names and dimensions, shared by the functions that emit them (EMF, through Powertools
// Metrics) and the stack's alarms and dashboard that read them.

export const METRICS_NAMESPACE = 'IdvWebhooks';
/** Powertools' default dimension; every metric also carries `provider` (a small, fixed set). */
export const SERVICE_DIMENSION = 'service';
export const PROVIDER_DIMENSION = 'provider';
/** The provider dimension of requests for a provider that is not registered (bounded cardinality). */
export const UNKNOWN_PROVIDER = 'unknown';

export const IntakeMetric = {
  received: 'WebhooksReceived',
  accepted: 'WebhooksAccepted',
  rejectedSignature: 'RejectedSignature',
  rejectedStale: 'RejectedStale',
  rejectedUnknownKey: 'RejectedUnknownKey',
  rejectedTooLarge: 'RejectedTooLarge',
  rejectedEmptyBody: 'RejectedEmptyBody',
  rejectedUnknownProvider: 'RejectedUnknownProvider',
  enqueueFailed: 'EnqueueFailed',
  secretsUnavailable: 'SecretsUnavailable',
  /** The provider's secret document does not have its shape: every webhook gets 503 until fixed. */
  secretDocumentInvalid: 'SecretDocumentInvalid',
  ackLatency: 'AckLatency',
} as const;

export const ConsumerMetric = {
  processed: 'EventsProcessed',
  duplicates: 'EventsDuplicate',
  applied: 'TransitionsApplied',
  notApplied: 'EventsNotApplied',
  quarantined: 'EventsQuarantined',
  failed: 'EventsFailed',
  endToEndLag: 'EndToEndLag',
  commitRetries: 'CommitRetries',
} as const;

export const PublisherMetric = {
  published: 'ChangesPublished',
  /** Commit to accepted by the bus, in milliseconds. */
  publishLag: 'ChangePublishLag',
  /** Stream records handed back to Lambda (the bus refused, or a record could not be read). */
  notPublished: 'ChangesNotPublished',
} as const;

/** The report fetcher's: one per job outcome (docs/reports.md, "Metrics"), all with `provider`. */
export const ReportMetric = {
  retrieved: 'ReportsRetrieved',
  /** The report was still pending or processing: checked again later. */
  pending: 'ReportsPending',
  /** An attempt failed (rate limited, 5xx, timeout...): tried again later. */
  attemptFailed: 'ReportAttemptsFailed',
  /** 401 or 403 from CasaPay's API: the API key is wrong or revoked. */
  authFailures: 'ReportAuthFailures',
  /** No more attempts (not found, or not settled within the horizon): the session goes to review. */
  gaveUp: 'ReportsGaveUp',
  /** The CasaPay secret document has no apiKey. */
  retrievalOff: 'ReportsRetrievalOff',
  /** Jobs with nothing to do: a duplicate, or a report no longer named. */
  skipped: 'ReportJobsSkipped',
  /** A finding that could not be recorded, or a message that is no job. */
  notRecorded: 'ReportsNotRecorded',
  /** Jobs handed back after an unexpected error (DynamoDB, S3, Secrets Manager). */
  failed: 'ReportJobsFailed',
  apiCalls: 'ReportApiCalls',
  /** Duration of a successful call to the report API, in milliseconds. */
  apiLatency: 'ReportApiLatency',
} as const;
