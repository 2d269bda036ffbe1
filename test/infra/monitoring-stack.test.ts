import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalId, roleStatements, template } from '../support/stack.js';

const t = template();
const topicId = logicalId(t, 'AWS::SNS::Topic');
const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
  (a) => a.Properties as Record<string, unknown>,
);
const alarmByDescription = (text: string) => {
  const matches = alarms.filter((a) => String(a.AlarmDescription).includes(text));
  if (matches.length !== 1)
    throw new Error(`expected one alarm about "${text}", found ${matches.length}`);
  return matches[0] as Record<string, unknown>;
};
/** The metric names an alarm reads, whether it uses one metric or metric math. */
const metricNames = (alarm: Record<string, unknown>): string[] => {
  if (alarm.MetricName) return [alarm.MetricName as string];
  const metrics = alarm.Metrics as { MetricStat?: { Metric: { MetricName: string } } }[];
  return [
    ...new Set(metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []))),
  ].sort();
};

describe('monitoring infrastructure', () => {
  it('sends every alarm, and its recovery, to one TLS-only SNS topic', () => {
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    expect(alarms.length).toBe(21);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.OKActions).toEqual([{ Ref: topicId }]);
      expect(alarm.TreatMissingData).toBe('notBreaching');
    }
  });

  it('subscribes an email address only when one is given', () => {
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    template({ alarms: { email: 'oncall@example.com' } }).hasResourceProperties(
      'AWS::SNS::Subscription',
      {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        TopicArn: { Ref: topicId },
      },
    );
  });

  it.each([
    ['DLQ', 'ApproximateNumberOfMessagesVisible', 1],
    ['oldest queued webhook', 'ApproximateAgeOfOldestMessage', 900],
    ['could not be tied to a session', 'EventsQuarantined', 1],
    ['answered 503', ['EnqueueFailed', 'SecretDocumentInvalid', 'SecretsUnavailable'], 1],
    ['secret document is invalid', 'SecretDocumentInvalid', 1],
    ['fail authentication', ['RejectedSignature', 'RejectedStale', 'RejectedUnknownKey'], 20],
    ['HTTP API answered 5xx', '5xx', 5],
    ['being redelivered', 'EventsFailed', 10],
    ['ingest function failed', 'Errors', 1],
    ['ingest function was throttled', 'Throttles', 1],
    ['consumer function failed', 'Errors', 1],
    ['consumer function was throttled', 'Throttles', 1],
  ])('alarms when the %s metric crosses its threshold', (about, metric, threshold) => {
    const alarm = alarmByDescription(about);
    expect(metricNames(alarm)).toEqual(typeof metric === 'string' ? [metric] : [...metric].sort());
    expect(alarm.Threshold).toBe(threshold);
    expect(alarm.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
  });

  it('reads the sum over every provider the functions publish under the service alone', () => {
    // One metric per name, whatever the number of providers: unattributable messages included.
    const quarantine = alarmByDescription('could not be tied to a session');
    expect(quarantine.MetricName).toBe('EventsQuarantined');
    expect(quarantine.Dimensions).toEqual([{ Name: 'service', Value: 'idv-webhooks' }]);
    const unavailable = alarmByDescription('answered 503');
    const read = (
      unavailable.Metrics as {
        MetricStat?: { Metric: { MetricName: string; Dimensions: unknown } };
      }[]
    ).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    expect(read.map((m) => m.MetricName).sort()).toEqual([
      'EnqueueFailed',
      'SecretDocumentInvalid',
      'SecretsUnavailable',
    ]);
    for (const metric of read)
      expect(metric.Dimensions).toEqual([{ Name: 'service', Value: 'idv-webhooks' }]);
  });

  it('takes its thresholds from stack properties', () => {
    const custom = template({
      alarms: { thresholds: { authFailures: 100, queueAgeSeconds: 60 } },
    });
    const thresholds = Object.values(custom.findResources('AWS::CloudWatch::Alarm')).map((a) => [
      a.Properties.AlarmDescription,
      a.Properties.Threshold,
    ]);
    expect(thresholds).toContainEqual([expect.stringContaining('fail authentication'), 100]);
    expect(thresholds).toContainEqual([expect.stringContaining('oldest queued webhook'), 60]);
  });

  it('lays the dashboard out as the data flows', () => {
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(
      Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0]?.Properties.DashboardBody,
    );
    const sections = [
      '1. HTTP API',
      '2. Ingest',
      '3. Queue',
      '4. Consumer',
      '5. DynamoDB',
      '6. Set aside',
      '7. Reactions',
      '8. Reports',
    ];
    const positions = sections.map((s) => body.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const metric of [
      'EndToEndLag',
      'AckLatency',
      'ThrottledRequests',
      'ApproximateAgeOfOldestMessage',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('creates every log group with a one-month retention, and each function logs to its own', () => {
    const groups = t.findResources('AWS::Logs::LogGroup');
    // One per function (ingest, consumer, session view, publisher, report fetcher) and the API's
    // access log.
    expect(Object.keys(groups)).toHaveLength(6);
    for (const group of Object.values(groups)) expect(group.Properties.RetentionInDays).toBe(30);
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) {
      const ref = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(Object.keys(groups)).toContain(ref);
    }
  });

  it('keeps Lambda platform lines only from WARN up (its metrics keep duration and memory)', () => {
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.LoggingConfig).toMatchObject({
        LogFormat: 'JSON',
        SystemLogLevel: 'WARN',
      });
    }
  });

  it('traces every function with Lambda active tracing by default, the SDK calls only when asked, and not at all when off', () => {
    for (const fn of Object.values(t.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('false');
    }
    for (const setting of ['aws-calls', true] as const) {
      for (const fn of Object.values(
        template({ tracing: setting }).findResources('AWS::Lambda::Function'),
      )) {
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('true');
      }
    }
    const off = template({ tracing: false });
    for (const [, fn] of Object.entries(off.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.TracingConfig?.Mode ?? 'PassThrough').toBe('PassThrough');
      expect(fn.Properties.Environment.Variables.POWERTOOLS_TRACE_ENABLED).toBe('false');
      const role = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
      expect(JSON.stringify(roleStatements(off, role))).not.toContain('xray:');
    }
  });
});
