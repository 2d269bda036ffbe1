// Metrics that CloudWatch Logs derives from a function's own log lines (metric filters), for a
// function whose every invocation writes one line anyway: the ingest. Counting its webhooks this
// way costs no log bytes, where an EMF document per invocation would double its line (docs/
// operations.md, "Metrics"). The stack creates one filter per entry (lib/webhook-function.ts);
// the metric visibility test applies the same entries to the lines the ingest writes.
import type { AuthFailureReason } from '../providers/provider.js';
import { IntakeMetric, PROVIDER_DIMENSION, SERVICE_DIMENSION } from './metric-names.js';

/** A metric counted (value 1) or measured (a numeric field) from the lines that match. */
export interface LogMetric {
  readonly metricName: string;
  /** Each field must hold one of its values; a line without such a field does not match. */
  readonly match: Readonly<Record<string, readonly string[]>>;
  /** A numeric field the line must hold, and whose value is published (otherwise 1). */
  readonly valueField?: string;
  readonly unit: 'Count' | 'Milliseconds';
}

/**
 * The fields of a line whose values are the metric's dimensions, in the two sets the EMF
 * documents have (addProviderDimension): per provider, and per service alone, which the alarms
 * read. A metric filter publishes one set, so each metric gets one filter per set.
 */
export const LOG_METRIC_DIMENSION_SETS = [
  [SERVICE_DIMENSION, PROVIDER_DIMENSION],
  [SERVICE_DIMENSION],
] as const;

/** Every ingest line of a webhook carries `ackMs`, and `outcome` with the values below. */
const REJECTION_REASONS: Readonly<Record<string, readonly AuthFailureReason[]>> = {
  [IntakeMetric.rejectedSignature]: [
    'missing_signature',
    'malformed_signature',
    'signature_mismatch',
  ],
  [IntakeMetric.rejectedStale]: ['stale_timestamp'],
  [IntakeMetric.rejectedUnknownKey]: ['missing_api_key', 'unknown_api_key'],
};

const count = (metricName: string, match: LogMetric['match']): LogMetric => ({
  metricName,
  match,
  unit: 'Count',
});

/** The ingest's metrics, each from its one line per webhook. */
export const INGEST_LOG_METRICS: readonly LogMetric[] = [
  { metricName: IntakeMetric.received, match: {}, valueField: 'ackMs', unit: 'Count' },
  {
    metricName: IntakeMetric.ackLatency,
    match: {},
    valueField: 'ackMs',
    unit: 'Milliseconds',
  },
  count(IntakeMetric.accepted, { outcome: ['accepted'] }),
  ...Object.entries(REJECTION_REASONS).map(([name, reasons]) =>
    count(name, { outcome: ['auth_failed'], reason: reasons }),
  ),
  count(IntakeMetric.rejectedTooLarge, { outcome: ['payload_too_large'] }),
  count(IntakeMetric.rejectedEmptyBody, { outcome: ['empty_body'] }),
  count(IntakeMetric.rejectedUnknownProvider, { outcome: ['unknown_provider'] }),
  count(IntakeMetric.enqueueFailed, { outcome: ['enqueue_failed'] }),
  count(IntakeMetric.secretsUnavailable, { outcome: ['secrets_unavailable'] }),
  count(IntakeMetric.secretDocumentInvalid, { outcome: ['secret_document_invalid'] }),
];

/** The metric's value for `line` when the line matches (the filter's `metricValue`). */
const publishedValue = (metric: LogMetric): string =>
  metric.valueField === undefined || metric.unit === 'Count' ? '1' : `$.${metric.valueField}`;

/**
 * The metric filter's pattern, in CloudWatch Logs' JSON filter syntax: every field of `match` equal
 * to one of its values, and the value field present (a number at least 0).
 */
export function filterPattern(metric: LogMetric): string {
  const terms = Object.entries(metric.match).map(([field, values]) => {
    const alternatives = values.map((value) => `$.${field} = "${value}"`);
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' || ')})`;
  });
  if (metric.valueField !== undefined) terms.push(`$.${metric.valueField} >= 0`);
  return `{ ${terms.join(' && ')} }`;
}

/** How the stack renders a LogMetric: pattern, value and dimensions of each of its metric filters. */
export function metricFiltersOf(metric: LogMetric): {
  readonly filterPattern: string;
  readonly metricValue: string;
  readonly dimensions: Record<string, string>;
}[] {
  return LOG_METRIC_DIMENSION_SETS.map((set) => ({
    filterPattern: filterPattern(metric),
    metricValue: publishedValue(metric),
    dimensions: Object.fromEntries(set.map((name) => [name, `$.${name}`])),
  }));
}

/**
 * What CloudWatch Logs publishes for one line: the metric's value with the dimension values of
 * each filter (per provider first, then per service), or nothing when the line does not match
 * (the same rules as the pattern above; a filter whose dimension field is absent publishes
 * nothing).
 */
export function metricOfLine(
  metric: LogMetric,
  line: Readonly<Record<string, unknown>>,
): { value: number; dimensions: Record<string, string> }[] {
  for (const [field, values] of Object.entries(metric.match)) {
    if (!values.includes(String(line[field]))) return [];
  }
  const measured = metric.valueField === undefined ? 1 : line[metric.valueField];
  if (typeof measured !== 'number' || measured < 0) return [];
  const value = metric.unit === 'Count' ? 1 : measured;
  return LOG_METRIC_DIMENSION_SETS.flatMap((set) => {
    const dimensions: Record<string, string> = {};
    for (const name of set) {
      if (typeof line[name] !== 'string') return [];
      dimensions[name] = line[name] as string;
    }
    return [{ value, dimensions }];
  });
}
