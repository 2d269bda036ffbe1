// The defaults every Lambda of the pipeline shares, set once: newest Node.js runtime, arm64, an
// ESM bundle, an explicit log group with retention, and a role that can write only to that log
// group (grants add the rest where access is given).
import { fileURLToPath } from 'node:url';
import { type Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { type LogMetric, metricFiltersOf } from '../functions/observability/log-metrics.js';
import { METRICS_NAMESPACE } from '../functions/observability/metric-names.js';
import { SERVICE_NAME } from '../functions/observability/service-name.js';
import { bundleDirectory, type FunctionEntry, functionBundling } from './function-bundling.js';
import type { TracingMode } from './tracing.js';

/** What every function of the pipeline shares; set by the construct's props. */
export interface FunctionDefaults {
  readonly logRetention: logs.RetentionDays;
  readonly tracing: TracingMode;
  /** Share of invocations logged at DEBUG level (0 to 1). */
  readonly debugSampleRate: number;
}

/**
 * Lambda's own log lines (platform.start and platform.report, per invocation) are kept only from
 * WARN up: at INFO they are a fifth of the log bytes of a webhook (docs/benchmarks.md, cost).
 * Duration, memory and init time remain in Lambda's CloudWatch metrics.
 */
export const PLATFORM_LOG_LEVEL: lambda.SystemLogLevel = lambda.SystemLogLevel.WARN;

/**
 * `true` in the construct that scripts/build-package.ts compiles for the npm package (an esbuild
 * `define`): its functions are the bundles built at pack time, in `assets/` next to it, so the
 * user's synth bundles nothing. Undeclared when this repository runs from its sources, where each
 * function is bundled from `functions/` at synth, as before (docs/construct.md, "The package").
 */
declare const IDV_WEBHOOKS_PREBUILT: boolean | undefined;

export interface WebhookFunctionProps {
  readonly entry: FunctionEntry;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly defaults: FunctionDefaults;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrentExecutions?: number | undefined;
  /** Metrics CloudWatch Logs derives from the function's log lines (a metric filter each). */
  readonly logMetrics?: readonly LogMetric[];
}

/** One function of the pipeline, with the shared defaults, its own log group and its own role. */
export function webhookFunction(
  scope: Construct,
  id: string,
  props: WebhookFunctionProps,
): lambda.Function {
  const { defaults } = props;
  // The tracer (and the X-Ray SDK under it) is bundled and loaded only to record AWS calls.
  const tracer = defaults.tracing === 'aws-calls';
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: defaults.logRetention });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.description} (execution role)`,
  });
  logGroup.grantWrite(role);
  const options = {
    description: props.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    systemLogLevelV2: PLATFORM_LOG_LEVEL,
    tracing: defaults.tracing === 'off' ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
    ...(props.reservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    environment: {
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_LOGGER_SAMPLE_RATE: String(defaults.debugSampleRate),
      POWERTOOLS_TRACE_ENABLED: String(tracer),
      ...props.environment,
    },
  } satisfies Omit<lambda.FunctionProps, 'code' | 'handler'>;
  // Tested where it is used, so that esbuild folds it and drops the branch not taken.
  const fn =
    typeof IDV_WEBHOOKS_PREBUILT !== 'undefined' && IDV_WEBHOOKS_PREBUILT
      ? new lambda.Function(scope, id, {
          ...options,
          handler: 'index.handler',
          code: lambda.Code.fromAsset(
            fileURLToPath(
              new URL(`../assets/${bundleDirectory(props.entry, tracer)}/`, import.meta.url),
            ),
          ),
        })
      : new NodejsFunction(scope, id, {
          ...options,
          entry: fileURLToPath(new URL(`../functions/${props.entry}.ts`, import.meta.url)),
          projectRoot: fileURLToPath(new URL('..', import.meta.url)),
          depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
          bundling: functionBundling(tracer),
        });
  for (const metric of props.logMetrics ?? []) {
    // Per provider, then per service alone (the set the alarms read).
    metricFiltersOf(metric).forEach((filter, set) => {
      new logs.MetricFilter(scope, `${id}${metric.metricName}${set === 0 ? '' : 'Service'}Filter`, {
        logGroup,
        metricNamespace: METRICS_NAMESPACE,
        metricName: metric.metricName,
        filterPattern: logs.FilterPattern.literal(filter.filterPattern),
        metricValue: filter.metricValue,
        dimensions: filter.dimensions,
        unit: metric.unit === 'Count' ? cloudwatch.Unit.COUNT : cloudwatch.Unit.MILLISECONDS,
      });
    });
  }
  if (defaults.tracing !== 'off') {
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions.',
    });
  }
  return fn;
}
