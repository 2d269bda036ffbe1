// The package's CDK entry point, `idv-webhooks/cdk`: the construct and the types of its props.
export type { ProviderName, ProviderOptions } from '../functions/providers/registry.js';
export { DEFAULT_PROVIDER_NAMES, PROVIDER_NAMES } from '../functions/providers/registry.js';
export type {
  SourceStatusMeaning,
  StandardWebhooksSourceConfig,
} from '../functions/providers/standard-webhooks/sources.js';
export type { ExistingHttpApi } from './api-routes.js';
export {
  type AlarmProps,
  type FunctionMemory,
  IdvWebhooks,
  type IdvWebhooksProps,
  type ProviderSettings,
  type ProvidersProps,
  type ReactionsSettings,
  type ReportsSettings,
  type StandardWebhooksSourceProps,
} from './idv-webhooks.js';
export { type AlarmThresholds, DEFAULT_ALARM_THRESHOLDS } from './monitoring.js';
export type { TracingMode } from './tracing.js';
