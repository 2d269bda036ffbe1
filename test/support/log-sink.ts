// Vitest setup file: copies everything the code under test writes to stdout and stderr into one
// file per worker under IDV_LOG_SINK_DIR, so that test/audit can scan the log output of the whole
// run for personal data and secrets.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

type Write = typeof process.stdout.write;
interface LogSink {
  /** Appends a chunk to this worker's sink file. */
  write(chunk: string | Uint8Array): void;
}
const SINK = Symbol.for('idv-webhooks.log-sink');
const registry = globalThis as { [SINK]?: LogSink };

function install(): LogSink {
  const dir = process.env.IDV_LOG_SINK_DIR;
  if (!dir) return { write: () => undefined };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `worker-${process.pid}-${threadId}.log`);
  const sink: LogSink = { write: (chunk) => appendFileSync(file, chunk) };
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.write(chunk);
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as Write;
  }
  return sink;
}

registry[SINK] ??= install();

/** The sink of this worker (installed once, whichever test file loads first). */
export const logSink: LogSink = registry[SINK];
