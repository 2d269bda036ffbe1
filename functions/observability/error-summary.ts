// What the logs say of an error: enough to tell failures apart, nothing that could carry a payload.

/** The safe description of an error: its class and code, never its message or causes' payloads. */
export function errorSummary(error: unknown): { errorName: string; errorCode?: string } {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string'
    ? { errorName: error.name, errorCode: code }
    : { errorName: error.name };
}
