// The construct's tracing setting, apart so that the package's declarations of the construct's
// props name nothing of the bundling (esbuild) behind it.

/**
 * How the functions are traced with X-Ray (docs/operations.md, "Tracing"): `off`; `active`,
 * Lambda's own trace of each sampled invocation, with nothing loaded in the function; or
 * `aws-calls`, also one subsegment per AWS SDK call, from Powertools Tracer and the X-Ray SDK in
 * the bundle, which about 11 ms more of every cold start pays for.
 */
export type TracingMode = 'off' | 'active' | 'aws-calls';

/** The construct's `tracing` prop as a mode: `active` by default, `true` as it always meant. */
export function tracingMode(setting: boolean | TracingMode | undefined): TracingMode {
  if (setting === undefined) return 'active';
  if (setting === true) return 'aws-calls';
  if (setting === false) return 'off';
  return setting;
}
