// Every metric the functions emit is one somebody can see. The ingest, the consumer, the
// publisher and the report fetcher are run on every path (accepted, each rejection, each 503, a
// timeout, each consumer outcome, contention, a change published and one handed back, each
// retrieval outcome),
// their EMF documents are captured, and each metric series is checked against what the
// synthesized stack reads: an alarm that reads a metric name must see every series of it that is
// emitted (same namespace, metric and dimensions), every alarm must read something that is
// emitted, and a metric no alarm reads must at least be on the dashboard.
import type { APIGatewayProxyEventV2, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import {
  INGEST_LOG_METRICS,
  metricFiltersOf,
  metricOfLine,
} from '../../functions/observability/log-metrics.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import { createConsumerHandler } from '../../functions/processing/consumer-handler.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import type { ChangeBus, ChangeStreamRecord } from '../../functions/reactions/publish-changes.js';
import { createPublisherHandler } from '../../functions/reactions/publisher-handler.js';
import { createReportFetcherHandler } from '../../functions/reports/report-fetcher-handler.js';
import { ProviderSecrets } from '../../functions/secrets/secret-source.js';
import type { SessionStore } from '../../functions/sessions/session-record.js';
import { captureLogs } from '../support/capture-logs.js';
import { emfProblems, isEmf } from '../support/emf.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { testIngest } from '../support/ingest.js';
import {
  completedSession,
  dueEnvelope,
  fetcherPorts,
  jobRecord,
  reportAnswer,
  scriptedApi,
} from '../support/reports.js';
import { sqsRecord } from '../support/sqs-records.js';
import { template } from '../support/stack.js';
import { sessionCommitRecord } from '../support/stream-records.js';
import { casapayEvent, httpApiEvent, lambdaContext, veriffEvent } from '../support/webhooks.js';

const logs = captureLogs();
const NOW = new Date();

/** One metric series: namespace, metric name and its dimensions (name=value, sorted). */
const series = (namespace: string, metric: string, dimensions: Record<string, string>) =>
  `${namespace} ${metric} ${Object.entries(dimensions)
    .map(([name, value]) => `${name}=${value}`)
    .sort()
    .join(',')}`;
const metricOf = (key: string) => key.split(' ')[1] ?? '';

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string }[];
}

/** Every series an EMF document publishes: each metric under each of its dimension sets. */
function emittedSeries(document: Record<string, unknown>): string[] {
  const { CloudWatchMetrics } = document._aws as { CloudWatchMetrics: EmfDirective[] };
  return CloudWatchMetrics.flatMap((directive) =>
    directive.Dimensions.flatMap((set) =>
      directive.Metrics.map((metric) =>
        series(
          directive.Namespace,
          metric.Name,
          Object.fromEntries(set.map((name) => [name, String(document[name])])),
        ),
      ),
    ),
  );
}

type MetricStat = {
  Namespace: string;
  MetricName: string;
  Dimensions?: { Name: string; Value: unknown }[];
};

/** The series each alarm of the synthesized stack reads, whether one metric or metric math. */
function alarmSeries(): Map<string, string[]> {
  const byAlarm = new Map<string, string[]>();
  const key = (m: MetricStat) =>
    series(
      m.Namespace,
      m.MetricName,
      Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name, JSON.stringify(d.Value)])),
    );
  for (const [id, alarm] of Object.entries(template().findResources('AWS::CloudWatch::Alarm'))) {
    const p = alarm.Properties as MetricStat & {
      Metrics?: { MetricStat?: { Metric: MetricStat } }[];
    };
    const read = p.MetricName
      ? [key(p)]
      : (p.Metrics ?? []).flatMap((m) => (m.MetricStat ? [key(m.MetricStat.Metric)] : []));
    byAlarm.set(id, read);
  }
  return byAlarm;
}

/** The metric names the dashboard graphs (its body is a Fn::Join of text and references). */
function dashboardMetricNames(): Set<string> {
  const [dashboard] = Object.values(template().findResources('AWS::CloudWatch::Dashboard'));
  const join = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const parts = join['Fn::Join'][1];
  const body = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'ref')).join(''));
  const names = new Set<string>();
  for (const widget of body.widgets as { properties: { metrics?: unknown[][] } }[]) {
    for (const metric of widget.properties.metrics ?? []) {
      // [namespace, name, dimension, value, ..., options]; expressions are an options object only.
      if (typeof metric[1] === 'string') names.add(metric[1]);
    }
  }
  return names;
}

/**
 * Every series the ingest's metric filters publish for its captured lines, once the filters are
 * checked to be in the template, on the ingest's log group, as INGEST_LOG_METRICS describes them.
 */
function logMetricSeries(lines: readonly Record<string, unknown>[]): string[] {
  const filters = Object.values(template().findResources('AWS::Logs::MetricFilter'));
  for (const metric of INGEST_LOG_METRICS) {
    const expected = metricFiltersOf(metric);
    const found = filters.filter((f) => {
      const [transformation] = f.Properties.MetricTransformations as Record<string, unknown>[];
      return transformation?.MetricName === metric.metricName;
    });
    expect(found, metric.metricName).toHaveLength(expected.length);
    expect(found.map((f) => f.Properties)).toEqual(
      expect.arrayContaining(
        expected.map(({ filterPattern, metricValue, dimensions }) =>
          expect.objectContaining({
            FilterPattern: filterPattern,
            LogGroupName: { Ref: expect.stringMatching(/IngestLogs/) },
            MetricTransformations: [
              expect.objectContaining({
                MetricNamespace: 'IdvWebhooks',
                MetricValue: metricValue,
                Dimensions: Object.entries(dimensions).map(([Key, Value]) => ({ Key, Value })),
              }),
            ],
          }),
        ),
      ),
    );
  }
  return lines.flatMap((line) =>
    INGEST_LOG_METRICS.flatMap((metric) =>
      metricOfLine(metric, line).map((published) =>
        series('IdvWebhooks', metric.metricName, published.dimensions),
      ),
    ),
  );
}

/** Strips JSON quoting from a dimension value read from the template (values are plain strings there). */
const plain = (key: string) => key.replace(/"([^"]*)"/g, '$1');

async function runEveryIngestPath() {
  const run = async (
    overrides: Parameters<typeof testIngest>[0],
    events: APIGatewayProxyEventV2[],
    remainingMs?: number,
  ) => {
    const { invoke } = testIngest({ now: () => NOW, ...overrides }, remainingMs);
    for (const event of events) await invoke(event);
  };
  await run({}, [
    casapayEvent('{"id":"evt_1"}', NOW),
    veriffEvent('{"id":"s-1"}'),
    casapayEvent('{}', new Date(NOW.getTime() - 3_600_000)),
    veriffEvent('{}', { headers: { 'X-AUTH-CLIENT': 'nobody' } }),
    veriffEvent('{}', { headers: { 'X-HMAC-SIGNATURE': '00'.repeat(32) } }),
    httpApiEvent('casapay', '{}'),
    httpApiEvent('acme', '{}'),
    casapayEvent('', NOW),
    casapayEvent('x'.repeat(300_000), NOW),
  ]);
  const failingSecrets = new ProviderSecrets({
    documentFor: async () => {
      throw new Error('AccessDeniedException');
    },
  });
  await run({ secrets: failingSecrets }, [veriffEvent('{}')]);
  const invalidDocument = new ProviderSecrets({ documentFor: async () => ({}) });
  await run({ secrets: invalidDocument }, [casapayEvent('{}', NOW)]);
  await run({ queue: { publish: async () => Promise.reject(new Error('throttled')) } }, [
    veriffEvent('{}'),
  ]);
  // The early answer before the deadline: SQS never answers.
  await run(
    { queue: { publish: () => new Promise(() => undefined) } },
    [casapayEvent('{}', NOW)],
    700,
  );
}

async function runEveryConsumerPath() {
  const consume = async (sessions: SessionStore, records: ReturnType<typeof sqsRecord>[]) => {
    const handler = createConsumerHandler(
      {
        adapters: providerAdapters(),
        sessions,
        quarantine: { keep: async () => undefined },
        now: () => new Date(),
        recording: { maxAttempts: 3, now: () => new Date(), backoff: async () => undefined },
      },
      createMeteredTelemetry(),
    );
    await handler({ Records: records } as SQSEvent, lambdaContext('consumer'));
  };
  const created = Math.floor(NOW.getTime() / 1000);
  const casapay = (type: 'verification_session.completed' | 'verification_session.failed') =>
    sqsRecord({
      provider: 'casapay',
      receivedAt: NOW.getTime() - 100,
      body: casapaySample(type, { session: 'vs_m', created, eventId: `evt_${type}` }),
    });
  const store = new InMemorySessionStore();
  // Applied, then stale (after the final), duplicate, quarantined (known and unknown provider).
  await consume(store, [
    casapay('verification_session.completed'),
    casapay('verification_session.failed'),
    casapay('verification_session.completed'),
    sqsRecord({ provider: 'casapay', body: 'not json' }),
    sqsRecord({ provider: 'acme', body: '{}' }),
    sqsRecord({ provider: 'veriff', body: veriffSample('started', { session: 's-m' }) }),
  ]);
  // Failed: the store is down.
  await consume(
    {
      load: async () => Promise.reject(new Error('ProvisionedThroughputExceeded')),
      commit: async () => Promise.reject(new Error('unreachable')),
    },
    [sqsRecord({ provider: 'veriff', body: veriffSample('submitted', { session: 's-f' }) })],
  );
  // Contention: the first commit loses to another writer.
  const contended = new InMemorySessionStore();
  let conflicts = 1;
  await consume(
    {
      load: (provider, sessionId) => contended.load(provider, sessionId),
      commit: async (commit) =>
        conflicts-- > 0 ? { kind: 'version_conflict' } : contended.commit(commit),
    },
    [sqsRecord({ provider: 'veriff', body: veriffSample('submitted', { session: 's-c' }) })],
  );
}

async function runEveryPublisherPath() {
  const publish = async (bus: ChangeBus, records: ChangeStreamRecord[]) => {
    const handler = createPublisherHandler(
      { bus, maxPutAttempts: 1, backoff: async () => undefined, now: () => new Date() },
      createMeteredTelemetry(),
    );
    await handler({ Records: records } as DynamoDBStreamEvent, lambdaContext('publisher'));
  };
  // Published, then handed back (the bus refuses).
  await publish({ put: async () => ({ failed: [] }) }, [sessionCommitRecord('vs_p', 1, '1')]);
  await publish({ put: async (changes) => ({ failed: changes.map((_, i) => i) }) }, [
    sessionCommitRecord('vs_q', 1, '2'),
  ]);
}

async function runEveryReportPath() {
  const fetch = async (
    answers: Parameters<typeof scriptedApi>[0],
    setup: (store: InMemorySessionStore) => Promise<string[]>,
    overrides: Parameters<typeof fetcherPorts>[2] = {},
  ) => {
    const store = new InMemorySessionStore();
    const bodies = await setup(store);
    const handler = createReportFetcherHandler(
      {
        ...fetcherPorts(store, scriptedApi(answers), overrides),
        queue: { delay: async () => undefined },
      },
      createMeteredTelemetry(),
    );
    await handler(
      { Records: bodies.map((body) => jobRecord(body)) } as SQSEvent,
      lambdaContext('report-fetcher'),
    );
  };
  const due = (session: string) => async (store: InMemorySessionStore) => {
    await completedSession(store, session, `vr_${session}`);
    return [JSON.stringify(dueEnvelope(session, `vr_${session}`))];
  };
  const report = (session: string, status: string) =>
    reportAnswer({ id: `vr_${session}`, status, session, identity: { verified: true } });
  // Retrieved (then skipped: settled), pending, failed, refused (auth), not found (gave up).
  await fetch([report('vs_r', 'completed')], async (store) => [
    ...(await due('vs_r')(store)),
    JSON.stringify(dueEnvelope('vs_missing', 'vr_x')),
  ]);
  await fetch([report('vs_p', 'pending')], due('vs_p'));
  await fetch([{ ok: false, error: 'server_error', status: 500, calls: 3 }], due('vs_e'));
  await fetch([{ ok: false, error: 'unauthorized', status: 401, calls: 1 }], due('vs_a'));
  await fetch([{ ok: false, error: 'report_not_found', status: 404, calls: 1 }], due('vs_n'));
  // Off (no key), a message that is no job, and a store that is down.
  await fetch([], due('vs_o'), { apiKey: async () => undefined });
  await fetch([], async () => ['not a job']);
  await fetch([], due('vs_d'), {
    sessions: {
      load: async () => Promise.reject(new Error('ProvisionedThroughputExceeded')),
      commit: async () => Promise.reject(new Error('unreachable')),
    },
  });
}

describe('metrics and the alarms that read them', () => {
  it('emits only metrics that an alarm sees, or the dashboard shows, on every path', async () => {
    await runEveryIngestPath();
    // The ingest writes no EMF: its metrics are counted from its lines.
    const ingestLines = logs.records();
    expect(ingestLines.filter(isEmf)).toEqual([]);
    await runEveryConsumerPath();
    await runEveryPublisherPath();
    await runEveryReportPath();
    const documents = logs.records().filter(isEmf);
    for (const document of documents) expect(emfProblems(document)).toEqual([]);
    const emitted = new Set([...documents.flatMap(emittedSeries), ...logMetricSeries(ingestLines)]);
    const metricNames = new Set([...emitted].map(metricOf));
    // Every path ran: each of these is only emitted by one of them.
    for (const name of [
      'WebhooksAccepted',
      'RejectedSignature',
      'RejectedStale',
      'RejectedUnknownKey',
      'RejectedUnknownProvider',
      'RejectedEmptyBody',
      'RejectedTooLarge',
      'SecretsUnavailable',
      'SecretDocumentInvalid',
      'EnqueueFailed',
      'TransitionsApplied',
      'EventsNotApplied',
      'EventsDuplicate',
      'EventsQuarantined',
      'EventsFailed',
      'CommitRetries',
      'EndToEndLag',
      'ChangesPublished',
      'ChangePublishLag',
      'ChangesNotPublished',
      'ReportsRetrieved',
      'ReportsPending',
      'ReportAttemptsFailed',
      'ReportAuthFailures',
      'ReportsGaveUp',
      'ReportsRetrievalOff',
      'ReportJobsSkipped',
      'ReportsNotRecorded',
      'ReportJobsFailed',
      'ReportApiCalls',
      'ReportApiLatency',
    ])
      expect(metricNames, name).toContain(name);

    const alarms = alarmSeries();
    const visible = new Set([...alarms.values()].flat().map(plain));
    const alarmed = new Set([...visible].map(metricOf));
    // An emission of an alarmed metric that no alarm reads under any of its dimension sets (a
    // dimension missing or different) is a blind spot: the alarm sums the series it names, and
    // stays quiet. The alarms read the sum over providers (the `service` set every document
    // also publishes), so each document must carry that set for each alarmed metric.
    const blind = documents.flatMap((document) => {
      const published = emittedSeries(document);
      return [...new Set(published.map(metricOf))]
        .filter((name) => alarmed.has(name))
        .filter((name) => !published.some((key) => metricOf(key) === name && visible.has(key)))
        .map((name) => `${name} for ${String(document.provider)}`);
    });
    expect(blind).toEqual([]);
    // Every alarm on the functions' own metrics reads at least one series that is emitted.
    for (const [id, read] of alarms) {
      const own = read.map(plain).filter((key) => key.startsWith('IdvWebhooks '));
      if (own.length > 0)
        expect(
          own.some((key) => emitted.has(key)),
          id,
        ).toBe(true);
    }
    // What no alarm reads is at least on the dashboard.
    const shown = dashboardMetricNames();
    expect([...metricNames].filter((name) => !alarmed.has(name) && !shown.has(name))).toEqual([]);
  });
});
