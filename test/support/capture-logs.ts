// Captures what the code under test writes to stdout/stderr (the Powertools logger's output).
import { afterEach, beforeEach } from 'vitest';
import { logSink } from './log-sink.js';

export interface CapturedLogs {
  /** Every line written since the test started. */
  lines(): string[];
  /** The lines that parse as JSON log records. */
  records(): Record<string, unknown>[];
}

/** Installs the capture around every test of the calling file. */
export function captureLogs(): CapturedLogs {
  let chunks: string[] = [];
  const originals = { out: process.stdout.write, err: process.stderr.write };
  beforeEach(() => {
    chunks = [];
    // Captured output stays off the terminal but still reaches the log audit (test/audit).
    const capture = (chunk: string | Uint8Array): boolean => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      logSink.write(chunk);
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '');
  return {
    lines,
    records: () =>
      lines().flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}
