// The defaults every Lambda of the pipeline shares, set once: newest Node.js runtime, arm64,
// ESM bundle built by the local esbuild, an explicit log group with retention, and a role that can
// write only to that log group (grants add the rest where access is given).
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../functions/observability/metric-names.js';
import { SERVICE_NAME } from '../functions/observability/telemetry.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** What every function of the stack shares; set by stack properties. */
export interface FunctionDefaults {
  readonly logRetention: logs.RetentionDays;
  /** X-Ray active tracing, and Powertools Tracer in the code. */
  readonly tracing: boolean;
  /** Share of invocations logged at DEBUG level (0 to 1). */
  readonly debugSampleRate: number;
}

/**
 * Lambda's own log lines (platform.start and platform.report, per invocation) are kept only from
 * WARN up: at INFO they are a fifth of the log bytes of a webhook (docs/benchmarks.md, cost).
 * Duration, memory and init time remain in Lambda's CloudWatch metrics.
 */
export const PLATFORM_LOG_LEVEL: lambda.SystemLogLevel = lambda.SystemLogLevel.WARN;

/** Powertools Tracer, and the X-Ray SDK under it: imported only when tracing is on. */
const TRACER_PACKAGE = '@aws-lambda-powertools/tracer';

/**
 * The SDK's default credential chain imports these only when the environment holds no credentials
 * (profiles and SSO in ~/.aws, credential processes, web identity tokens). Lambda always puts the
 * execution role's credentials in the environment, which the chain reads first, so on Lambda they
 * are never imported; bundled, they cost about 112 KB and 6 ms of every cold start
 * (docs/benchmarks.md). test/integration/bundles.test.ts starts every bundle where nothing outside
 * it can be imported, so a static import of one of them would fail the build, not a cold start.
 */
const CREDENTIAL_PROVIDERS_LAMBDA_NEVER_IMPORTS = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
];

/**
 * How a function is bundled by esbuild; `npm run bench` builds its bundles with exactly these
 * options (docs/benchmarks.md).
 */
export function functionBundling(tracing: boolean) {
  return {
    format: OutputFormat.ESM,
    target: 'node24',
    minify: true,
    // ESM output still meets CommonJS dependencies that call require() for Node built-ins.
    banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
    mainFields: ['module', 'main'],
    // The AWS SDK is bundled (and tree-shaken) rather than taken from the runtime: it starts
    // faster that way, and the code that runs is the code that was tested. Left out is only what
    // is never imported: unused credential providers, and the tracer when tracing is off
    // (functions/observability/tracing.ts), 120 KB more to read and parse at every cold start.
    externalModules: [
      ...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_IMPORTS,
      ...(tracing ? [] : [TRACER_PACKAGE]),
    ],
  } satisfies BundlingOptions;
}

export interface WebhookFunctionProps {
  /** The entry file under `functions/`, e.g. `ingest.ts`. */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly defaults: FunctionDefaults;
  readonly environment?: Record<string, string>;
}

export class WebhookFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: WebhookFunctionProps) {
    const { defaults } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: defaults.logRetention });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: fileURLToPath(new URL(`../functions/${props.entry}`, import.meta.url)),
      projectRoot,
      depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      systemLogLevelV2: PLATFORM_LOG_LEVEL,
      tracing: defaults.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_LOGGER_SAMPLE_RATE: String(defaults.debugSampleRate),
        POWERTOOLS_TRACE_ENABLED: String(defaults.tracing),
        ...props.environment,
      },
      bundling: functionBundling(defaults.tracing),
    });
    if (defaults.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
      });
    }
  }
}
