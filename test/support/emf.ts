// Checks a log line against the CloudWatch embedded metric format specification
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit?: string }[];
}

const UNITS = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Count',
  'Count/Second',
  'None',
  'Percent',
]);

/** The problems of an EMF document; empty when it is valid. */
export function emfProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const aws = document._aws as
    | { Timestamp?: unknown; CloudWatchMetrics?: EmfDirective[] }
    | undefined;
  if (!aws) return ['no _aws member'];
  if (typeof aws.Timestamp !== 'number') problems.push('_aws.Timestamp is not a number');
  if (!Array.isArray(aws.CloudWatchMetrics) || aws.CloudWatchMetrics.length === 0)
    return [...problems, 'no CloudWatchMetrics'];
  for (const directive of aws.CloudWatchMetrics) {
    if (!/^[\w./#:-]{1,255}$/.test(directive.Namespace))
      problems.push(`bad namespace ${directive.Namespace}`);
    for (const set of directive.Dimensions) {
      if (set.length > 30) problems.push('more than 30 dimensions');
      for (const key of set)
        if (typeof document[key] !== 'string')
          problems.push(`dimension ${key} has no string value`);
    }
    if (directive.Metrics.length > 100) problems.push('more than 100 metrics');
    for (const metric of directive.Metrics) {
      const value = document[metric.Name];
      const values = Array.isArray(value) ? value : [value];
      if (
        values.length === 0 ||
        values.length > 100 ||
        !values.every((v) => typeof v === 'number' && Number.isFinite(v))
      ) {
        problems.push(`metric ${metric.Name} has no numeric value`);
      }
      if (metric.Unit !== undefined && !UNITS.has(metric.Unit))
        problems.push(`metric ${metric.Name} has unit ${metric.Unit}`);
    }
  }
  return problems;
}

export const isEmf = (record: Record<string, unknown>): boolean => '_aws' in record;
