// Keeps what the code under test logs off the terminal while a benchmark runs, and counts its
// bytes: the logger and metrics still do all their work (that is part of the cost measured), and
// the byte count is what CloudWatch Logs would ingest.

export interface StdoutMeter {
  /** Bytes written to stdout since the meter was installed. */
  bytes(): number;
  /** Puts the real stdout back. */
  restore(): void;
}

export function meterStdout(): StdoutMeter {
  const original = process.stdout.write;
  let bytes = 0;
  const discard = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    // Honour a write callback, as a real stream would.
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = discard as typeof process.stdout.write;
  return {
    bytes: () => bytes,
    restore: () => {
      process.stdout.write = original;
    },
  };
}
