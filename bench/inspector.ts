// `npm run bench:inspector`: what the local inspector weighs and costs, on `npm start` as a
// developer runs it (a child process): the bytes of its pages and assets, how long the sessions
// list, its live part and a timeline take to serve with 1,000 sessions in the table, how soon an
// open page hears of a webhook (the server-sent event naming its session), and the CPU the
// consumer-log tap adds to local mode per line. Loopback only; figures in docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { DEV_SECRET_DOCUMENTS } from '../functions/local/dev-secrets.js';
import { casapaySample } from '../functions/local/samples.js';
import { signatureHeaders } from '../functions/local/signed-request.js';
import { consumedDelivery } from '../inspector/consumer-log.js';
import { startLocalMode } from '../test/support/local-mode.js';
import { microsecondsPerSyncCall, percentile, round } from './stats.js';

const SESSIONS = 1_000;
const CONCURRENCY = 16;
const PAGE_REQUESTS = 30;
const LIVE_WEBHOOKS = 50;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const step = (text: string) => process.stderr.write(`bench:inspector: ${text}\n`);

const local = await startLocalMode();
try {
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const response = await fetch(`${local.url}${path}`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return { ms: performance.now() - started, bytes: Buffer.byteLength(body), body };
  };
  const post = async (session: string, eventId: string) => {
    const body = casapaySample('verification_session.created', {
      session,
      created: Math.floor(Date.now() / 1000),
      eventId,
    });
    const response = await fetch(`${local.url}/webhooks/casapay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders('casapay', body, DEV_SECRET_DOCUMENTS),
      },
      body,
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`webhook: HTTP ${response.status}`);
  };
  const timed = async (path: string, headers?: Record<string, string>) => {
    const runs = [];
    for (let i = 0; i < PAGE_REQUESTS; i++) runs.push(await get(path, headers));
    const ms = runs.map((r) => r.ms);
    return {
      p50Ms: round(percentile(ms, 0.5)),
      p95Ms: round(percentile(ms, 0.95)),
      bytes: runs[0]?.bytes ?? 0,
    };
  };

  step('page weights');
  const weights = {
    emptyListBytes: (await get('/')).bytes,
    cssBytes: (await get('/inspector/assets/inspector.css')).bytes,
    jsBytes: (await get('/inspector/assets/inspector.js')).bytes,
  };

  step(`${SESSIONS} sessions, ${CONCURRENCY} webhooks in flight`);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < SESSIONS) {
        const n = next++;
        await post(`vs_bench_${String(n).padStart(5, '0')}`, `evt_bench_${n}`);
      }
    }),
  );
  const deadline = Date.now() + 60_000;
  while (
    !(await get('/', { 'x-inspector-fragment': 'live' })).body.includes(`data-count="${SESSIONS}"`)
  ) {
    if (Date.now() > deadline) throw new Error('the sessions never all reached the table');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  step('serving the pages');
  const pages = {
    list: await timed('/'),
    listLivePart: await timed('/', { 'x-inspector-fragment': 'live' }),
    listFiltered: await timed('/?q=vs_bench_0099'),
    timeline: await timed('/inspector/sessions/casapay/vs_bench_00042'),
    quarantine: await timed('/inspector/quarantine'),
  };

  step(`live updates: ${LIVE_WEBHOOKS} webhooks, one at a time`);
  const abort = new AbortController();
  const stream = await fetch(`${local.url}/inspector/events`, { signal: abort.signal });
  const heard = new Map<string, number>();
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of stream.body as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        const at = performance.now();
        for (const event of events) {
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (!data) continue;
          const update = JSON.parse(data) as { sessions: [string, string][] };
          for (const [, id] of update.sessions) if (!heard.has(id)) heard.set(id, at);
        }
      }
    } catch {
      // Aborted at the end.
    }
  })();
  const lagMs: number[] = [];
  for (let i = 0; i < LIVE_WEBHOOKS; i++) {
    const session = `vs_live_${i}`;
    const started = performance.now();
    await post(session, `evt_live_${i}`);
    const until = Date.now() + 10_000;
    while (!heard.has(session) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    const at = heard.get(session);
    if (at === undefined) throw new Error(`no live update for ${session}`);
    lagMs.push(at - started);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  abort.abort();
  await reading;

  step('the consumer-log tap, per line');
  const lines = local.output().split('\n');
  const consumerLines = lines.filter((line) => consumedDelivery(line) !== undefined);
  const otherLines = lines.filter((line) => consumedDelivery(line) === undefined && line !== '');
  const tap = {
    consumerLineMicros: round(
      microsecondsPerSyncCall(20_000, (i) =>
        consumedDelivery(consumerLines[i % consumerLines.length] ?? ''),
      ),
    ),
    otherLineMicros: round(
      microsecondsPerSyncCall(20_000, (i) =>
        consumedDelivery(otherLines[i % otherLines.length] ?? ''),
      ),
    ),
    consumerLineBytes: Math.round(
      consumerLines.reduce((sum, line) => sum + Buffer.byteLength(line), 0) /
        Math.max(1, consumerLines.length),
    ),
  };

  const figures = {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      node: process.version,
      date: new Date().toISOString(),
    },
    sessions: SESSIONS,
    weights,
    pages,
    live: {
      webhooks: LIVE_WEBHOOKS,
      p50Ms: round(percentile(lagMs, 0.5)),
      p95Ms: round(percentile(lagMs, 0.95)),
    },
    tap,
  };
  mkdirSync('.reports/bench', { recursive: true });
  writeFileSync('.reports/bench/inspector.json', `${JSON.stringify(figures, null, 2)}\n`);
  console.log(
    `\ninspector, ${figures.machine.cores} x ${figures.machine.cpu}, Node ${figures.machine.node}`,
  );
  console.log(
    `page weights: empty list ${weights.emptyListBytes} B, CSS ${weights.cssBytes} B, JS ${weights.jsBytes} B`,
  );
  for (const [name, page] of Object.entries(pages))
    console.log(
      `${name.padEnd(13)} ${SESSIONS} sessions: p50 ${page.p50Ms} ms, p95 ${page.p95Ms} ms, ${page.bytes} B`,
    );
  console.log(
    `live update (webhook POST to the event naming its session): p50 ${figures.live.p50Ms} ms, p95 ${figures.live.p95Ms} ms`,
  );
  console.log(
    `consumer-log tap: ${tap.consumerLineMicros} us per consumer line (${tap.consumerLineBytes} B), ${tap.otherLineMicros} us per other line`,
  );
} finally {
  await local.stop();
}
