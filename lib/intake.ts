// Intake: the HTTP API that providers call and the ingest function that authenticates each
// webhook and enqueues it, with one Secrets Manager secret per provider.
import { Duration, RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { checkBodyLimit } from '../functions/config.js';
import { secretIdEnvName } from '../functions/secrets/secret-source.js';
import { type FunctionDefaults, WebhookFunction } from './webhook-function.js';

/**
 * The ingest's memory (arm64), sized by `npm run bench`: a webhook takes about 2 ms of CPU at this
 * size, next to the SQS round trip. 128 MB would save under 2 cents per million webhooks and
 * double every CPU-bound step, the first request's TLS handshakes included (docs/benchmarks.md).
 */
export const INGEST_MEMORY_MB = 256;

export interface IntakeProps {
  readonly queue: sqs.IQueue;
  readonly providers: readonly string[];
  /** Stage-wide steady rate (requests/s) and burst; excess gets 429 and the provider retries. */
  readonly throttle: apigw.ThrottleSettings;
  readonly maxBodyBytes: number;
  readonly casapayToleranceSeconds: number;
  readonly secretsCacheSeconds: number;
  readonly functionDefaults: FunctionDefaults;
}

export class Intake extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly ingest: WebhookFunction;
  readonly secrets: ReadonlyMap<string, secretsmanager.Secret>;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    checkBodyLimit(props.maxBodyBytes, props.providers);

    // Created with an empty document, which the ingest refuses (503, so providers keep retrying)
    // until the operator stores the real one: see README, "Deploy".
    this.secrets = new Map(
      props.providers.map((provider) => {
        const secret = new secretsmanager.Secret(this, `${provider}Secret`, {
          description: `idv-webhooks ${provider} webhook secrets (JSON document, see docs/providers.md)`,
          secretStringValue: SecretValue.unsafePlainText('{}'),
          removalPolicy: RemovalPolicy.RETAIN,
        });
        Validations.of(secret).acknowledge({
          id: 'AwsSolutions-SMG4',
          reason:
            'Provider secrets are issued by the provider; rotation is adding the new one to the list.',
        });
        return [provider, secret] as const;
      }),
    );

    this.ingest = new WebhookFunction(this, 'Ingest', {
      entry: 'ingest.ts',
      description: 'idv-webhooks ingest: authenticates webhooks and enqueues them',
      memorySize: INGEST_MEMORY_MB,
      timeout: Duration.seconds(10),
      defaults: props.functionDefaults,
      environment: {
        QUEUE_URL: props.queue.queueUrl,
        MAX_BODY_BYTES: String(props.maxBodyBytes),
        CASAPAY_TOLERANCE_SECONDS: String(props.casapayToleranceSeconds),
        SECRETS_CACHE_SECONDS: String(props.secretsCacheSeconds),
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

    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'idv-webhooks: identity-verification webhooks',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.functionDefaults.logRetention,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
      },
    });
    const webhookRoutes = this.api.addRoutes({
      path: '/webhooks/{provider}',
      methods: [apigw.HttpMethod.POST],
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

  /** The URL a provider is configured to call. */
  webhookUrl(provider: string): string {
    return `${this.api.apiEndpoint}/webhooks/${provider}`;
  }
}
