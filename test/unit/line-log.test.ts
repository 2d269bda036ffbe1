// The ingest's lines have the shape of every other function's (Powertools Logger with the compact
// formatter), byte for byte, though the ingest writes them without a logger.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLineLog, type LineFields } from '../../functions/observability/line-log.js';
import { createTelemetry } from '../../functions/observability/telemetry.js';

type Stream = 'stdout' | 'stderr';

/** What `write` sends to each stream, line by line. */
function written(write: () => void): Record<Stream, string[]> {
  const out: Record<Stream, string[]> = { stdout: [], stderr: [] };
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk) => {
      out[stream].push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }),
  );
  try {
    write();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return out;
}

const CASES: readonly [string, LineFields][] = [
  ['', { provider: 'casapay', requestId: 'req-1', outcome: 'accepted', ackMs: 1.25 }],
  [
    '',
    {
      provider: 'veriff',
      requestId: 'req-2',
      outcome: 'auth_failed',
      reason: 'signature_mismatch',
      ackMs: 0,
    },
  ],
  [
    'webhook not accepted',
    {
      provider: 'veriff',
      requestId: 'r',
      outcome: 'enqueue_failed',
      errorName: 'TimeoutError',
      errorCode: undefined,
      ackMs: 9.5,
    },
  ],
  ['a "quoted" message\nover two lines', { unicode: 'zoë ✓', flag: true }],
  ['', {}],
];

describe('the ingest line log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes what Powertools Logger with the compact formatter writes, to the same streams', () => {
    const { logger } = createTelemetry();
    const log = createLineLog('idv-webhooks');
    for (const [message, fields] of CASES) {
      const info = written(() => log.info(message, fields));
      expect(info).toEqual(written(() => logger.info(message, fields)));
      expect(info).toMatchObject({ stdout: [expect.any(String)], stderr: [] });
      const error = written(() => log.error(message, fields));
      expect(error).toEqual(written(() => logger.error(message, fields)));
      expect(error).toMatchObject({ stdout: [], stderr: [expect.any(String)] });
    }
  });

  it('writes its lines whatever log level the environment asks for: they are the metrics', () => {
    const log = createLineLog('idv-webhooks');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'ERROR');
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'ERROR');
    const { stdout } = written(() => log.info('', { outcome: 'accepted' }));
    expect(stdout.map((line) => JSON.parse(line))).toEqual([
      { level: 'INFO', service: 'idv-webhooks', outcome: 'accepted' },
    ]);
    vi.unstubAllEnvs();
  });
});
