// Monitoring: the alarms that page the on-call (one SNS topic) and one dashboard laid out as the
// data flows: API -> ingest -> queue -> consumer -> DynamoDB -> DLQ and quarantine -> reactions.
import { Duration, Validations } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ConsumerMetric,
  IntakeMetric,
  METRICS_NAMESPACE,
  PROVIDER_DIMENSION,
  PublisherMetric,
  ReportMetric,
  SERVICE_DIMENSION,
  UNKNOWN_PROVIDER,
} from '../functions/observability/metric-names.js';
import { SERVICE_NAME } from '../functions/observability/service-name.js';

/** Alarm thresholds; docs/operations.md explains each alarm and its runbook step. */
export interface AlarmThresholds {
  /** Oldest message on the webhook queue, in seconds. Default 900 (15 minutes). */
  readonly queueAgeSeconds: number;
  /** Webhooks answered 503 by the ingest (SQS or Secrets Manager failing, a secret document invalid) per 5 minutes. Default 1. */
  readonly ingestUnavailable: number;
  /** Authentication failures (signature, stale, unknown key) per 5 minutes. Default 20. */
  readonly authFailures: number;
  /** HTTP API 5xx responses per 5 minutes. Default 5. */
  readonly apiServerErrors: number;
  /** Consumer records handed back to SQS per 5 minutes. Default 10. */
  readonly consumerFailedRecords: number;
  /** Age of the newest stream record the publisher has read, in seconds, for 5 minutes. Default 300. */
  readonly publisherIteratorAgeSeconds: number;
  /** 401/403 answers of CasaPay's report API per 5 minutes. Default 1. */
  readonly reportAuthFailures: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  queueAgeSeconds: 900,
  ingestUnavailable: 1,
  authFailures: 20,
  apiServerErrors: 5,
  consumerFailedRecords: 10,
  publisherIteratorAgeSeconds: 300,
  reportAuthFailures: 1,
};

export interface MonitoringProps {
  readonly api: apigw.IHttpApi;
  readonly ingest: lambda.IFunction;
  readonly consumer: lambda.IFunction;
  readonly sessionView: lambda.IFunction;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly sessions: dynamodb.ITable;
  readonly providers: readonly string[];
  readonly thresholds: AlarmThresholds;
  /** Where the alarms go; when absent a topic is created. */
  readonly topic?: sns.ITopic | undefined;
  /** Subscribed to the alarm topic by email when given. */
  readonly alarmEmail?: string | undefined;
  /** The publisher of session changes and its on-failure queue, when reactions are on. */
  readonly reactions?: { readonly publisher: lambda.IFunction; readonly failureQueue: sqs.IQueue };
  /** The report fetcher and its queues, when reports are retrieved. */
  readonly reports?: {
    readonly fetcher: lambda.IFunction;
    readonly queue: sqs.IQueue;
    readonly deadLetterQueue: sqs.IQueue;
  };
}

const FIVE_MINUTES = Duration.minutes(5);

/** `ReportFetcher` -> `report fetcher`, as the alarm descriptions name the functions. */
const functionLabel = (name: string) => name.replace(/(?<=.)([A-Z])/g, ' $1').toLowerCase();

export class Monitoring extends Construct {
  readonly topic: sns.ITopic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitoringProps,
  ) {
    super(scope, id);
    this.topic = props.topic ?? this.createTopic();
    if (props.alarmEmail)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const t = props.thresholds;
    const { queue, deadLetterQueue } = props;
    this.alarm(
      'DeadLetterQueueNotEmpty',
      'Messages failed 5 deliveries and wait in the DLQ: fix, then npm run redrive',
      {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 1,
      },
    );
    this.alarm(
      'QueueBacklogOld',
      'The oldest queued webhook waits longer than expected: the consumer is not keeping up',
      {
        metric: queue.metricApproximateAgeOfOldestMessage({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: t.queueAgeSeconds,
        evaluationPeriods: 3,
      },
    );
    this.alarm(
      'QuarantineNotEmpty',
      'Authenticated webhooks could not be tied to a session: fix, then npm run replay-quarantine',
      {
        metric: this.overProviders(ConsumerMetric.quarantined),
        threshold: 1,
      },
    );
    this.alarm(
      'IngestUnavailable',
      'The ingest answered 503 (SQS or Secrets Manager failing): providers are retrying',
      {
        metric: this.overProviders([
          IntakeMetric.enqueueFailed,
          IntakeMetric.secretsUnavailable,
          IntakeMetric.secretDocumentInvalid,
        ]),
        threshold: t.ingestUnavailable,
      },
    );
    this.alarm(
      'SecretDocumentInvalid',
      'A provider secret document is invalid (the log line names the path): every webhook gets 503 until it is fixed',
      { metric: this.overProviders(IntakeMetric.secretDocumentInvalid), threshold: 1 },
    );
    this.alarm(
      'AuthFailureSpike',
      'Many webhooks fail authentication: a rotated secret not yet stored, or an attack',
      {
        metric: this.overProviders([
          IntakeMetric.rejectedSignature,
          IntakeMetric.rejectedStale,
          IntakeMetric.rejectedUnknownKey,
        ]),
        threshold: t.authFailures,
      },
    );
    this.alarm('ApiServerErrors', 'The HTTP API answered 5xx', {
      metric: props.api.metricServerError({ statistic: 'Sum', period: FIVE_MINUTES }),
      threshold: t.apiServerErrors,
    });
    this.alarm(
      'ConsumerFailedRecords',
      'Consumer records are being redelivered (DynamoDB errors, contention)',
      {
        metric: this.overProviders(ConsumerMetric.failed),
        threshold: t.consumerFailedRecords,
      },
    );
    for (const [name, fn] of [
      ['Ingest', props.ingest],
      ['Consumer', props.consumer],
      ...(props.reactions ? [['Publisher', props.reactions.publisher] as const] : []),
      ...(props.reports ? [['ReportFetcher', props.reports.fetcher] as const] : []),
    ] as const) {
      this.alarm(
        `${name}Errors`,
        `The ${functionLabel(name)} function failed (an unhandled error or a timeout)`,
        {
          metric: fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }),
          threshold: 1,
        },
      );
      this.alarm(
        `${name}Throttles`,
        `The ${functionLabel(name)} function was throttled (account concurrency)`,
        {
          metric: fn.metricThrottles({ statistic: 'Sum', period: FIVE_MINUTES }),
          threshold: 1,
        },
      );
    }

    if (props.reactions) this.reactionAlarms(props.reactions, t);
    if (props.reports) this.reportAlarms(props.reports, t);
    this.dashboard = this.buildDashboard();
  }

  private reportAlarms(
    { deadLetterQueue }: NonNullable<MonitoringProps['reports']>,
    t: AlarmThresholds,
  ) {
    this.alarm(
      'ReportDeadLetterQueueNotEmpty',
      'Report retrieval jobs failed every delivery: see docs/reports.md, Runbook',
      {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 1,
      },
    );
    this.alarm(
      'ReportAuthFailures',
      "CasaPay's report API refused the API key (401/403): fix the apiKey in the CasaPay secret",
      { metric: this.casapay(ReportMetric.authFailures), threshold: t.reportAuthFailures },
    );
    this.alarm(
      'ReportsNotRetrieved',
      'A report retrieval gave up, or its finding could not be recorded: the session waits in review',
      {
        metric: new cloudwatch.MathExpression({
          expression: 'gaveUp + notRecorded',
          usingMetrics: {
            gaveUp: this.casapay(ReportMetric.gaveUp),
            notRecorded: this.casapay(ReportMetric.notRecorded),
          },
          period: FIVE_MINUTES,
        }),
        threshold: 1,
      },
    );
  }

  private reactionAlarms(
    { publisher, failureQueue }: NonNullable<MonitoringProps['reactions']>,
    t: AlarmThresholds,
  ) {
    this.alarm(
      'ReactionsOnFailureNotEmpty',
      'Session changes could not be published after every retry: see docs/operations.md, Reactions',
      {
        metric: failureQueue.metricApproximateNumberOfMessagesVisible({
          statistic: 'Maximum',
          period: Duration.minutes(1),
        }),
        threshold: 1,
      },
    );
    this.alarm(
      'PublisherBehind',
      'The publisher is behind the sessions stream: reactions are late (EventBridge or the publisher failing)',
      {
        metric: publisher.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
        threshold: t.publisherIteratorAgeSeconds * 1000,
      },
    );
  }

  private createTopic(): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'idv-webhooks alarms',
      enforceSSL: true,
    });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications hold no webhook data; CloudWatch cannot publish to the AWS managed SNS key.',
    });
    return topic;
  }

  private alarm(
    name: string,
    description: string,
    options: { metric: cloudwatch.IMetric; threshold: number; evaluationPeriods?: number },
  ) {
    const alarm = new cloudwatch.Alarm(this, name, {
      alarmDescription: description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }

  /** One of the functions' own metrics (EMF) for one provider. */
  private metric(name: string, provider: string, statistic = 'Sum'): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME, [PROVIDER_DIMENSION]: provider },
      statistic,
      period: FIVE_MINUTES,
    });
  }

  /**
   * The sum of metrics over every provider, unattributable messages included: the series the
   * functions also publish under the service alone (`addProviderDimension`), so that an alarm
   * reads one metric per name however many providers there are (metric math in an alarm may read
   * at most 10 metrics).
   */
  private overProviders(
    names: string | readonly string[],
  ): cloudwatch.Metric | cloudwatch.MathExpression {
    const metric = (name: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { [SERVICE_DIMENSION]: SERVICE_NAME },
        statistic: 'Sum',
        period: FIVE_MINUTES,
      });
    if (typeof names === 'string') return metric(names);
    const usingMetrics = Object.fromEntries(names.map((name, i) => [`m${i}`, metric(name)]));
    return new cloudwatch.MathExpression({
      expression: `SUM([${Object.keys(usingMetrics).join(',')}])`,
      usingMetrics,
      period: FIVE_MINUTES,
    });
  }

  /** One of the report fetcher's metrics: CasaPay's only. */
  private casapay(name: string, statistic = 'Sum'): cloudwatch.Metric {
    return this.metric(name, 'casapay', statistic);
  }

  private perProvider(names: readonly string[], statistic = 'Sum'): cloudwatch.IMetric[] {
    return names.flatMap((name) =>
      this.props.providers.map((provider) =>
        this.metric(name, provider, statistic).with({ label: `${name} ${provider}` }),
      ),
    );
  }

  private buildDashboard(): cloudwatch.Dashboard {
    const { api, ingest, consumer, queue, deadLetterQueue, sessions } = this.props;
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    const lambdaHealth = (fn: lambda.IFunction) => [
      fn.metricErrors({ statistic: 'Sum' }),
      fn.metricThrottles({ statistic: 'Sum' }),
    ];
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
    });
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## 1. HTTP API', width: 24, height: 1 }),
      graph('Requests and statuses', [
        api.metricCount({ statistic: 'Sum' }),
        api.metricClientError({ statistic: 'Sum' }),
        api.metricServerError({ statistic: 'Sum' }),
      ]),
      graph('API latency (p50, p99)', [
        api.metricLatency({ statistic: 'p50' }),
        api.metricLatency({ statistic: 'p99' }),
      ]),
      graph('Session view', [
        this.props.sessionView.metricInvocations({ statistic: 'Sum' }),
        ...lambdaHealth(this.props.sessionView),
      ]),
    );
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## 2. Ingest', width: 24, height: 1 }),
      graph('Accepted and rejected', [
        ...this.perProvider([
          IntakeMetric.received,
          IntakeMetric.accepted,
          IntakeMetric.rejectedSignature,
          IntakeMetric.rejectedStale,
          IntakeMetric.rejectedUnknownKey,
          IntakeMetric.rejectedTooLarge,
          IntakeMetric.rejectedEmptyBody,
        ]),
        this.metric(IntakeMetric.rejectedUnknownProvider, UNKNOWN_PROVIDER).with({
          label: 'RejectedUnknownProvider',
        }),
      ]),
      graph(
        'Not accepted (503)',
        this.perProvider([
          IntakeMetric.enqueueFailed,
          IntakeMetric.secretsUnavailable,
          IntakeMetric.secretDocumentInvalid,
        ]),
        lambdaHealth(ingest),
      ),
      graph(
        'Ack latency (p50, p99)',
        [
          ...this.perProvider([IntakeMetric.ackLatency], 'p50'),
          ...this.perProvider([IntakeMetric.ackLatency], 'p99'),
        ],
        [ingest.metricDuration({ statistic: 'p99' })],
      ),
    );
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## 3. Queue', width: 24, height: 1 }),
      graph('Depth', [
        queue.metricApproximateNumberOfMessagesVisible(),
        queue.metricApproximateNumberOfMessagesNotVisible(),
      ]),
      graph('Age of oldest message (s)', [queue.metricApproximateAgeOfOldestMessage()]),
      graph('Sent and deleted', [
        queue.metricNumberOfMessagesSent({ statistic: 'Sum' }),
        queue.metricNumberOfMessagesDeleted({ statistic: 'Sum' }),
      ]),
    );
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## 4. Consumer', width: 24, height: 1 }),
      graph(
        'Outcomes',
        this.perProvider([
          ConsumerMetric.processed,
          ConsumerMetric.applied,
          ConsumerMetric.notApplied,
          ConsumerMetric.duplicates,
          ConsumerMetric.failed,
        ]),
      ),
      graph(
        'Contention (commit retries)',
        this.perProvider([ConsumerMetric.commitRetries]),
        lambdaHealth(consumer),
      ),
      graph('End-to-end lag, receipt to state committed (p50, p99)', [
        ...this.perProvider([ConsumerMetric.endToEndLag], 'p50'),
        ...this.perProvider([ConsumerMetric.endToEndLag], 'p99'),
      ]),
    );
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: '## 5. DynamoDB', width: 24, height: 1 }),
      graph('Throttled requests', [
        sessions.metricThrottledRequestsForOperations({
          operations: [dynamodb.Operation.GET_ITEM, dynamodb.Operation.PUT_ITEM],
        }),
      ]),
      graph(
        'Latency (GetItem, PutItem)',
        ['GetItem', 'PutItem'].map((operation) =>
          sessions.metricSuccessfulRequestLatency({
            dimensionsMap: { TableName: sessions.tableName, Operation: operation },
          }),
        ),
      ),
      graph('Consumed capacity', [
        sessions.metricConsumedReadCapacityUnits({ statistic: 'Sum' }),
        sessions.metricConsumedWriteCapacityUnits({ statistic: 'Sum' }),
      ]),
    );
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: '## 6. Set aside: DLQ and quarantine',
        width: 24,
        height: 1,
      }),
      graph('Dead-letter queue', [deadLetterQueue.metricApproximateNumberOfMessagesVisible()]),
      graph('Quarantined', [
        this.overProviders(ConsumerMetric.quarantined).with({ label: 'quarantined' }),
      ]),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: this.alarms,
        width: 8,
        height: 6,
      }),
    );
    const { reactions } = this.props;
    if (reactions) {
      dashboard.addWidgets(
        new cloudwatch.TextWidget({ markdown: '## 7. Reactions', width: 24, height: 1 }),
        graph(
          'Changes published',
          this.perProvider([PublisherMetric.published]),
          lambdaHealth(reactions.publisher),
        ),
        graph(
          'Commit to bus (p50, p99) and stream iterator age',
          [
            ...this.perProvider([PublisherMetric.publishLag], 'p50'),
            ...this.perProvider([PublisherMetric.publishLag], 'p99'),
          ],
          [reactions.publisher.metric('IteratorAge', { statistic: 'Maximum' })],
        ),
        graph('Not published', [
          this.overProviders(PublisherMetric.notPublished).with({
            label: 'handed back to Lambda',
          }),
          reactions.failureQueue.metricApproximateNumberOfMessagesVisible({
            label: 'on-failure queue',
          }),
        ]),
      );
    }
    const { reports } = this.props;
    if (reports) {
      dashboard.addWidgets(
        new cloudwatch.TextWidget({ markdown: '## 8. Reports', width: 24, height: 1 }),
        graph(
          'Retrievals by result',
          [
            ReportMetric.retrieved,
            ReportMetric.pending,
            ReportMetric.attemptFailed,
            ReportMetric.gaveUp,
            ReportMetric.retrievalOff,
            ReportMetric.skipped,
            ReportMetric.notRecorded,
            ReportMetric.failed,
          ].map((name) => this.casapay(name).with({ label: name })),
          lambdaHealth(reports.fetcher),
        ),
        graph(
          'Report API: calls, auth failures, latency (p50, p99)',
          [ReportMetric.apiCalls, ReportMetric.authFailures].map((name) =>
            this.casapay(name).with({ label: name }),
          ),
          [
            this.casapay(ReportMetric.apiLatency, 'p50').with({ label: 'latency p50' }),
            this.casapay(ReportMetric.apiLatency, 'p99').with({ label: 'latency p99' }),
          ],
        ),
        graph('Retrieval queue and its DLQ', [
          reports.queue.metricApproximateNumberOfMessagesVisible(),
          reports.queue.metricApproximateNumberOfMessagesNotVisible(),
          reports.queue.metricApproximateAgeOfOldestMessage(),
          reports.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'DLQ' }),
        ]),
      );
    }
    return dashboard;
  }
}
