// The `service` of every log line and metric: one name for the whole pipeline, overridable per stack.

export const SERVICE_NAME = 'idv-webhooks';

/** POWERTOOLS_SERVICE_NAME (the stack sets it to SERVICE_NAME), or SERVICE_NAME. */
export const serviceNameOf = (env: NodeJS.ProcessEnv = process.env): string =>
  env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME;
