// The idv-webhooks stack, composed as the data flows: intake -> queue -> processor -> store, with
// the session view reading the store through the same HTTP API.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SECRETS_CACHE_SECONDS } from '../functions/config.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../functions/providers/casapay/signature.js';
import { PROVIDER_NAMES } from '../functions/providers/registry.js';
import { Intake } from './intake.js';
import { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS, Monitoring } from './monitoring.js';
import { Processor } from './processor.js';
import { SessionStore } from './session-store.js';
import { SessionView } from './session-view.js';
import type { FunctionDefaults } from './webhook-function.js';
import { WebhookQueue } from './webhook-queue.js';

export interface IdvWebhooksStackProps extends StackProps {
  /** Default: 100 requests/s steady, bursts of 200. */
  readonly throttle?: apigw.ThrottleSettings;
  /** Default: 256 KiB. */
  readonly maxBodyBytes?: number;
  /** CasaPay replay window. Default: 300 s. */
  readonly casapayToleranceSeconds?: number;
  /** How long a function keeps a secret before reading it again. Default: 300 s. */
  readonly secretsCacheSeconds?: number;
  /** Default: one month. */
  readonly logRetention?: logs.RetentionDays;
  /** X-Ray tracing of the functions and their AWS calls. Default: on. */
  readonly tracing?: boolean;
  /** Share of invocations logged at DEBUG level, 0 to 1. Default: 0. */
  readonly debugSampleRate?: number;
  /** Alarm thresholds; see docs/operations.md. Defaults: DEFAULT_ALARM_THRESHOLDS. */
  readonly alarmThresholds?: Partial<AlarmThresholds>;
  /** An email address subscribed to the alarm topic. */
  readonly alarmEmail?: string;
}

/** The consumer's timeout, which sizes the queue's visibility timeout. */
export const CONSUMER_TIMEOUT = Duration.seconds(30);

export class IdvWebhooksStack extends Stack {
  readonly intake: Intake;
  readonly queue: WebhookQueue;
  readonly store: SessionStore;
  readonly processor: Processor;
  readonly sessionView: SessionView;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: IdvWebhooksStackProps = {}) {
    super(scope, id, props);
    const functionDefaults: FunctionDefaults = {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      tracing: props.tracing ?? true,
      debugSampleRate: props.debugSampleRate ?? 0,
    };

    this.queue = new WebhookQueue(this, 'WebhookQueue', { consumerTimeout: CONSUMER_TIMEOUT });
    this.intake = new Intake(this, 'Intake', {
      queue: this.queue.queue,
      providers: PROVIDER_NAMES,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      maxBodyBytes: props.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      casapayToleranceSeconds: props.casapayToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      secretsCacheSeconds: props.secretsCacheSeconds ?? DEFAULT_SECRETS_CACHE_SECONDS,
      functionDefaults,
    });
    this.store = new SessionStore(this, 'Store');
    this.processor = new Processor(this, 'Processor', {
      queue: this.queue.queue,
      sessions: this.store.sessions,
      quarantine: this.store.quarantine,
      timeout: CONSUMER_TIMEOUT,
      functionDefaults,
    });
    this.sessionView = new SessionView(this, 'SessionView', {
      api: this.intake.api,
      sessions: this.store.sessions,
      functionDefaults,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.intake.api,
      ingest: this.intake.ingest,
      consumer: this.processor.consumer,
      sessionView: this.sessionView.function,
      queue: this.queue.queue,
      deadLetterQueue: this.queue.deadLetterQueue,
      sessions: this.store.sessions,
      providers: PROVIDER_NAMES,
      thresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...props.alarmThresholds },
      alarmEmail: props.alarmEmail,
    });

    for (const provider of PROVIDER_NAMES) {
      new CfnOutput(this, `${provider}WebhookUrl`, { value: this.intake.webhookUrl(provider) });
      const secret = this.intake.secrets.get(provider);
      if (secret) new CfnOutput(this, `${provider}SecretArn`, { value: secret.secretArn });
    }
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queue.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'SessionViewUrl', {
      value: `${this.intake.api.apiEndpoint}/sessions/{provider}/{sessionId}`,
      description: 'IAM-authorized (SigV4, service execute-api)',
    });
    new CfnOutput(this, 'SessionsTableName', { value: this.store.sessions.tableName });
    new CfnOutput(this, 'QuarantineTableName', { value: this.store.quarantine.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
  }
}
