// The structured logger shared by every function. Log lines carry the fields we choose, never a
// payload: bodies, headers and secrets are never passed to it, which is how PII stays out of logs.
import { Logger } from '@aws-lambda-powertools/logger';

export const SERVICE_NAME = 'idv-webhooks';

/** One logger per function; level and debug sampling come from POWERTOOLS_* variables. */
export function createLogger(): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });
}

/** The safe description of an error: its class and code, never its message or causes' payloads. */
export function errorSummary(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? { errorName: error.name, errorCode: code }
    : { errorName: error.name };
}
