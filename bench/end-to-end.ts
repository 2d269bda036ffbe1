// Measurement 5: local mode end to end, as `npm start` runs it (a child process: the HTTP API
// stand-in, the ingest, fauxqs, the queue poller, the consumer, DynamoDB Local). Ack latency is
// taken at the client under a fixed concurrency; the receive-to-commit lag comes from the
// consumer's own log lines (`lagMs`), at a steady rate the single local poller can keep up with.
import { DEV_SECRET_DOCUMENTS } from '../functions/local/dev-secrets.js';
import { signatureHeaders } from '../functions/local/signed-request.js';
import { startLocalMode } from '../test/support/local-mode.js';
import { percentile } from './stats.js';
import { SessionTraffic } from './workload.js';

export interface EndToEndOptions {
  /** Requests in flight at once in the ack-latency phase. */
  readonly concurrency: number;
  readonly requests: number;
  /** Webhooks per second in the lag phase, and for how long. */
  readonly steadyRate: number;
  readonly steadySeconds: number;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

export interface EndToEndFigures {
  readonly concurrency: number;
  readonly requests: number;
  readonly ackMs: Percentiles;
  readonly acceptedPerSecond: number;
  /** Lag of the webhooks of the concurrency phase: mostly the backlog the burst built up. */
  readonly burstLagMs: Percentiles;
  readonly steadyRate: number;
  readonly steadyAckMs: Percentiles;
  readonly steadyLagMs: Percentiles;
  readonly rejected: number;
}

interface Sent {
  readonly requestId: string;
  readonly ackMs: number;
}

async function send(url: string, traffic: SessionTraffic): Promise<Sent | undefined> {
  const { provider, body } = traffic.next();
  const started = performance.now();
  const response = await fetch(`${url}/webhooks/${provider}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...signatureHeaders(provider, body, DEV_SECRET_DOCUMENTS),
    },
    body,
  });
  const answer = (await response.json()) as { requestId?: string };
  const ackMs = performance.now() - started;
  return response.status === 200 && answer.requestId
    ? { requestId: answer.requestId, ackMs }
    : undefined;
}

/** The consumer's `lagMs` by request id, from the JSON log lines local mode printed. */
function lagsByRequest(output: string): Map<string, number> {
  const lags = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"lagMs"')) continue;
    try {
      const record = JSON.parse(line) as { requestId?: string; lagMs?: number };
      if (record.requestId && typeof record.lagMs === 'number')
        lags.set(record.requestId, record.lagMs);
    } catch {
      // Not a log record (the banner, a warning).
    }
  }
  return lags;
}

const percentilesOf = (values: readonly number[]): Percentiles => ({
  p50: percentile(values, 0.5),
  p99: percentile(values, 0.99),
});

async function waitForLags(output: () => string, sent: readonly Sent[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lags = lagsByRequest(output());
    if (sent.every((s) => lags.has(s.requestId)) || Date.now() > deadline) {
      return sent.flatMap((s) => (lags.has(s.requestId) ? [lags.get(s.requestId) as number] : []));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function measureEndToEnd(options: EndToEndOptions): Promise<EndToEndFigures> {
  const local = await startLocalMode();
  try {
    // Warm-up: the first requests load secrets and open connections.
    const warm = new SessionTraffic(8);
    for (let i = 0; i < 50; i++) await send(local.url, warm);

    const traffic = new SessionTraffic(64);
    const burst: Sent[] = [];
    let rejected = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next++ < options.requests) {
          const sent = await send(local.url, traffic);
          if (sent) burst.push(sent);
          else rejected++;
        }
      }),
    );
    const acceptedPerSecond = burst.length / ((performance.now() - started) / 1000);
    const burstLags = await waitForLags(local.output, burst, 60_000);

    const steady: Sent[] = [];
    const pending: Promise<void>[] = [];
    const interval = 1000 / options.steadyRate;
    const steadyStart = performance.now();
    for (let i = 0; i < options.steadyRate * options.steadySeconds; i++) {
      const due = steadyStart + i * interval;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      pending.push(
        send(local.url, traffic).then((sent) => {
          if (sent) steady.push(sent);
          else rejected++;
        }),
      );
    }
    await Promise.all(pending);
    const steadyLags = await waitForLags(local.output, steady, 30_000);

    return {
      concurrency: options.concurrency,
      requests: options.requests,
      ackMs: percentilesOf(burst.map((s) => s.ackMs)),
      acceptedPerSecond,
      burstLagMs: percentilesOf(burstLags),
      steadyRate: options.steadyRate,
      steadyAckMs: percentilesOf(steady.map((s) => s.ackMs)),
      steadyLagMs: percentilesOf(steadyLags),
      rejected,
    };
  } finally {
    await local.stop();
  }
}
