// Keeps what the code under test logs off the terminal while a benchmark runs, and counts its
// bytes: the logger and metrics still do all their work (that is part of the cost measured), and
// the byte count is what CloudWatch Logs would ingest.

export interface StdoutMeter {
  /** Bytes written to stdout since the meter was installed. */
  bytes(): number;
  /** Lines written (each a CloudWatch log event, billed 26 bytes of metadata on top). */
  lines(): number;
  /** Puts the real stdout back. */
  restore(): void;
}

export function meterStdout(): StdoutMeter {
  const original = process.stdout.write;
  let bytes = 0;
  let lines = 0;
  const discard = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    bytes += Buffer.byteLength(text);
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
    // Honour a write callback, as a real stream would.
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = discard as typeof process.stdout.write;
  return {
    bytes: () => bytes,
    lines: () => lines,
    restore: () => {
      process.stdout.write = original;
    },
  };
}
