// Small statistics for the benchmarks: medians, percentiles and a timed loop on the monotonic clock.
import { percentile } from '../scripts/load/percentiles.js';

export { percentile };

export const median = (values: readonly number[]): number => percentile(values, 0.5);

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Microseconds per call of an async `step`, over `iterations` calls run one after another. */
export async function microsecondsPerCall(
  iterations: number,
  step: (i: number) => Promise<unknown>,
): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await step(i);
  return Number(process.hrtime.bigint() - started) / 1_000 / iterations;
}

/** The same for a synchronous `step`, without an await per call. */
export function microsecondsPerSyncCall(iterations: number, step: (i: number) => unknown): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) step(i);
  return Number(process.hrtime.bigint() - started) / 1_000 / iterations;
}

/** Rounds for display: 3 significant digits, never scientific notation. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}
