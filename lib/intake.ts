// Intake: the HTTP API that providers call (created here, or the user's own) and the ingest
// function that authenticates each webhook and enqueues it, with one secret per provider.
import { Duration, type RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENABLED_PROVIDERS_ENV, readProviderOptions } from '../functions/config.js';
import { INGEST_LOG_METRICS } from '../functions/observability/log-metrics.js';
import { optionsEnvironment } from '../functions/providers/provider.js';
import {
  type ProviderName,
  type ProviderOptions,
  providerModule,
} from '../functions/providers/registry.js';
import { secretIdEnvName } from '../functions/secrets/secret-source.js';
import { ApiRoutes, type ExistingHttpApi } from './api-routes.js';
import { type FunctionDefaults, webhookFunction } from './webhook-function.js';

/**
 * The ingest's memory (arm64), sized by `npm run bench`: a webhook takes about 2 ms of CPU at this
 * size, next to the SQS round trip. 128 MB would save under 2 cents per million webhooks and
 * double every CPU-bound step, the first request's TLS handshakes included (docs/benchmarks.md).
 */
export const INGEST_MEMORY_MB = 256;

/**
 * The HTTP API's access log line: the request id (the correlation id the ingest logs and returns),
 * status, method, path (which names the provider), caller address, latency in ms and the
 * integration's error, if any. About 70 bytes where the default (CLF) takes 110: the time is the
 * log event's own, and CLF's caller and user fields are always `-` on an HTTP API.
 */
export const ACCESS_LOG_FORMAT =
  '$context.requestId $context.status $context.httpMethod $context.path $context.identity.sourceIp $context.responseLatency $context.integrationErrorMessage';

/** One enabled provider: its secret when the user brings one, and its option values. */
export interface IntakeProvider {
  readonly name: ProviderName;
  readonly secret?: secretsmanager.ISecret | undefined;
  readonly options?: ProviderOptions[ProviderName] | undefined;
}

/** One Standard Webhooks source: its name, and its secret when the user brings one. */
export interface IntakeSource {
  readonly name: string;
  readonly secret?: secretsmanager.ISecret | undefined;
}

export interface IntakeProps {
  readonly queue: sqs.IQueue;
  readonly providers: readonly IntakeProvider[];
  readonly sources: readonly IntakeSource[];
  /** The sources' configuration, as every function reads it (STANDARD_WEBHOOKS_SOURCES). */
  readonly sourcesEnvironment: Readonly<Record<string, string>>;
  /** The user's API; when absent the intake creates one, with its stage and access logs. */
  readonly api?: ExistingHttpApi | undefined;
  /** Stage-wide steady rate (requests/s) and burst of a created API; excess gets 429. */
  readonly throttle: apigw.ThrottleSettings;
  readonly maxBodyBytes: number;
  readonly secretsCacheSeconds: number;
  readonly memorySize: number;
  readonly reservedConcurrency?: number | undefined;
  /** Of the secrets the intake creates. */
  readonly secretRemovalPolicy: RemovalPolicy;
  readonly functionDefaults: FunctionDefaults;
}

export class Intake extends Construct {
  readonly routes: ApiRoutes;
  /** The stage the intake created, with its throttling and access logs; none on the user's API. */
  readonly stage?: apigw.HttpStage;
  readonly ingest: lambda.Function;
  /** Each enabled provider's and source's secret. */
  readonly secrets: ReadonlyMap<string, secretsmanager.ISecret>;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    this.secrets = new Map(
      [...props.providers, ...props.sources].map(({ name, secret }) => [
        name,
        secret ?? this.createSecret(name, props),
      ]),
    );

    const names = props.providers.map((provider) => provider.name);
    const optionVariables = Object.fromEntries(
      props.providers.flatMap(({ name, options }) =>
        Object.entries(optionsEnvironment(providerModule(name).options, options)),
      ),
    );
    // The ingest's own reader, run at synth: a bad option value fails here, not at a cold start.
    readProviderOptions(optionVariables, names);

    this.ingest = webhookFunction(this, 'Ingest', {
      entry: 'ingest',
      description: 'idv-webhooks ingest: authenticates webhooks and enqueues them',
      memorySize: props.memorySize,
      timeout: Duration.seconds(10),
      defaults: props.functionDefaults,
      reservedConcurrentExecutions: props.reservedConcurrency,
      logMetrics: INGEST_LOG_METRICS,
      environment: {
        QUEUE_URL: props.queue.queueUrl,
        [ENABLED_PROVIDERS_ENV]: names.join(','),
        MAX_BODY_BYTES: String(props.maxBodyBytes),
        SECRETS_CACHE_SECONDS: String(props.secretsCacheSeconds),
        ...optionVariables,
        ...props.sourcesEnvironment,
        ...Object.fromEntries(
          [...this.secrets].map(([provider, secret]) => [
            secretIdEnvName(provider),
            secret.secretArn,
          ]),
        ),
      },
    });
    props.queue.grantSendMessages(this.ingest);
    for (const secret of this.secrets.values()) secret.grantRead(this.ingest);

    if (props.api) {
      this.routes = new ApiRoutes({ existing: props.api });
    } else {
      const api = new apigw.HttpApi(this, 'Api', {
        description: 'idv-webhooks: identity-verification webhooks',
        createDefaultStage: false,
      });
      const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
        retention: props.functionDefaults.logRetention,
      });
      this.stage = new apigw.HttpStage(this, 'DefaultStage', {
        httpApi: api,
        stageName: '$default',
        autoDeploy: true,
        throttle: props.throttle,
        accessLogSettings: {
          destination: new apigw.LogGroupLogDestination(accessLogs),
          format: AccessLogFormat.custom(ACCESS_LOG_FORMAT),
        },
      });
      this.routes = new ApiRoutes({ created: api });
    }
    const webhookRoutes = this.routes.add(this, 'WebhookRoute', {
      path: '/webhooks/{provider}',
      method: apigw.HttpMethod.POST,
      integration: new HttpLambdaIntegration('IngestIntegration', this.ingest, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    for (const route of webhookRoutes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Providers authenticate with HMAC signatures, which the ingest verifies on the raw body.',
      });
    }
  }

  /**
   * A secret holding an empty document, which the ingest refuses (503, so providers keep
   * retrying) until the operator stores the real one: see README, "Deploy".
   */
  private createSecret(provider: string, props: IntakeProps): secretsmanager.Secret {
    const secret = new secretsmanager.Secret(this, `${provider}Secret`, {
      description: `idv-webhooks ${provider} webhook secrets (JSON document, see docs/providers.md)`,
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy: props.secretRemovalPolicy,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Provider secrets are issued by the provider; rotation is adding the new one to the list.',
    });
    return secret;
  }

  /** The URL a provider is configured to call. */
  webhookUrl(provider: string): string {
    return this.routes.url(`/webhooks/${provider}`);
  }
}
