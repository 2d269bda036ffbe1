// `npm run load -- [--duration <s>] [--concurrency <n>] [--rate <req/s>] [--sessions <n>]
// [--pollers <n>]`: starts local mode in
// this process, drives it over HTTP with signed webhooks for a fixed time, waits for the consumer
// to catch up, verifies that sent == stored, and reports throughput, ack latency and end-to-end lag.
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import { startLocalPipeline } from '../functions/local/pipeline.js';
import { localSecretDocuments } from '../functions/local/signed-request.js';
import { driveLoad } from './load/driver.js';
import { summarize } from './load/percentiles.js';
import { verifyStored } from './load/verify.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    sessions: { type: 'string', default: '100' },
    rate: { type: 'string' },
    pollers: { type: 'string', default: '2' },
  },
});

/** The consumer's `lagMs` (receipt to state committed), read from its log lines instead of printing them. */
function captureConsumerLag(): { lags: number[]; restore: () => void } {
  const lags: number[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (!text.startsWith('{')) return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    for (const line of text.split('\n')) {
      const match =
        /"outcome":"applied".*"lagMs":(\d+(?:\.\d+)?)/.exec(line) ??
        /"lagMs":(\d+(?:\.\d+)?).*"outcome":"applied"/.exec(line);
      if (match?.[1]) lags.push(Number(match[1]));
    }
    return true;
  }) as typeof process.stdout.write;
  return { lags, restore: () => (process.stdout.write = original as typeof process.stdout.write) };
}

async function main(): Promise<number> {
  const secrets = localSecretDocuments();
  const pollers = Number(values.pollers);
  const pipeline = await startLocalPipeline({ host: '127.0.0.1', port: 0, secrets, pollers });
  const durationMs = Number(values.duration) * 1000;
  const concurrency = Number(values.concurrency);
  const pace = values.rate ? `, at most ${values.rate} req/s` : '';
  console.log(
    `load: ${concurrency} concurrent senders for ${values.duration} s${pace} against ${pipeline.url} ` +
      `(local mode in this process, ${pollers} consumer pollers)`,
  );
  const capture = captureConsumerLag();
  try {
    const load = {
      url: pipeline.url,
      secrets,
      concurrency,
      sessions: Number(values.sessions),
      ...(values.rate ? { rate: Number(values.rate) } : {}),
    };
    // Warm up (JIT, connection pools, DynamoDB Local's JVM) before measuring; still verified below.
    const warmup = await driveLoad({ ...load, durationMs: 3_000 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    capture.lags.length = 0;
    const { sent: measured, elapsedMs } = await driveLoad({ ...load, durationMs });
    const sent = [...warmup.sent, ...measured];
    const accepted = measured.filter((s) => s.status === 200);
    // Let the consumer catch up: the queue drains within seconds of the last request.
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: pipeline.dynamodbEndpoint });
    let verification = await verifyStored(dynamodb, pipeline.tables.sessionsTable, sent);
    for (let wait = 0; verification.missing.length > 0 && wait < 60; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      verification = await verifyStored(dynamodb, pipeline.tables.sessionsTable, sent);
    }
    capture.restore();
    const ack = summarize(accepted.map((s) => s.ackMs));
    const lag = summarize(capture.lags);
    const statuses: Record<number, number> = {};
    for (const s of measured) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const ok =
      verification.missing.length === 0 &&
      verification.unexpected.length === 0 &&
      verification.duplicated.length === 0;
    console.log(
      [
        `requests            ${measured.length} in ${(elapsedMs / 1000).toFixed(1)} s (after ${warmup.sent.length} warm-up), statuses ${JSON.stringify(statuses)}`,
        `throughput          ${(accepted.length / (elapsedMs / 1000)).toFixed(0)} accepted webhooks/s`,
        `ack latency (ms)    p50 ${ack.p50.toFixed(1)}  p99 ${ack.p99.toFixed(1)}  max ${ack.max.toFixed(1)}`,
        `end-to-end lag (ms) p50 ${lag.p50.toFixed(0)}  p99 ${lag.p99.toFixed(0)}  max ${lag.max.toFixed(0)} (receipt to state committed, ${lag.count} events)`,
        `sent == stored      ${ok ? 'yes' : 'NO'}: ${verification.acceptedEvents} distinct accepted events, ${verification.storedEvents} stored, ` +
          `${verification.missing.length} missing, ${verification.unexpected.length} unexpected, ${verification.duplicated.length} duplicated`,
      ].join('\n'),
    );
    return ok ? 0 : 1;
  } finally {
    capture.restore();
    await pipeline.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
