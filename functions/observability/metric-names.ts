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
