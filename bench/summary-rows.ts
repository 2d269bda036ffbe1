// Turns each measurement's figures into rows of the summary table, with their goals.
import type { BundleFigures } from './bundles.js';
import type { PerEvent, ScenarioCost } from './consumer-cost.js';
import type { ThroughputFigures } from './consumer-throughput.js';
import type { CostLine, LogBytes, MemoryOption } from './cost-model.js';
import type { EndToEndFigures, Percentiles } from './end-to-end.js';
import { bundleName, type Footprint } from './footprint.js';
import type { IngestCpuFigures } from './ingest-cpu.js';
import type { PublisherFigures } from './publisher.js';
import type { SessionSize } from './session-size.js';
import { fmt, type SummaryRow } from './summary-table.js';

/** The ingest handler against decode + HMAC + a bare SendMessage with the same client and stub. */
const GOAL_INGEST_CPU_RATIO = 1.2;
const GOAL_INIT_RATIO = 1.3;
const GOAL_OWN_CODE_BYTES = 100 * 1024;
const GOAL_USD_PER_MILLION = 3;
const GOAL_PUBLISHER_USD_PER_MILLION_CHANGES = 1.1;
/** Write units per fresh event, averaged over the lifecycle workloads. */
const GOAL_WRU_PER_FRESH_EVENT = 1.5;
/** A typical session (a lifecycle workload at its end) fits one write unit. */
const GOAL_TYPICAL_SESSION_BYTES = 1024;
/** Log bytes per webhook, intake to committed state, platform lines and access log included. */
const GOAL_LOG_BYTES_PER_WEBHOOK = 600;

const ratio = (value: number) => `${fmt(value, 2)}x`;
const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;

export function ingestCpuRows(figures: readonly IngestCpuFigures[]): SummaryRow[] {
  return figures.flatMap((f) => {
    const name = f.provider === 'casapay' ? 'CasaPay' : 'Veriff';
    const handlerRatio = f.handlerToSdkFloor;
    return [
      {
        measurement: `Ingest CPU per webhook, ${name} ${kb(f.bodyBytes)}`,
        result: `${fmt(f.handlerMicros)} µs, ${fmt(1e6 / f.handlerMicros, 0)} req/s`,
        reference: `decode + HMAC + bare SendMessage (same client, stub) ${fmt(f.sdkFloorMicros)} µs`,
        ratio: ratio(handlerRatio),
        goal: `<= ${GOAL_INGEST_CPU_RATIO}x`,
        met: handlerRatio <= GOAL_INGEST_CPU_RATIO,
      },
      {
        measurement: `  where the ${name} time goes`,
        result: `SDK send ${fmt(f.handlerMicros - f.handlerWithoutSdkMicros, 0)} µs (stub ${fmt(f.stubMicros, 0)}), middy+deadline+line ${fmt(f.handlerWithoutSdkMicros - f.coreMicros, 0)}, core ${fmt(f.coreMicros)}`,
        reference: `decode + HMAC alone ${fmt(f.floorMicros, 2)} µs`,
        ratio: ratio(f.handlerMicros / f.floorMicros),
      },
      {
        measurement: `  ${name}: message attributes, SDK's MD5 check of the body`,
        result: `attributes ${signed(f.sdkFloorAttributesMicros - f.sdkFloorMicros)} µs, MD5 check ${signed(f.sdkFloorMicros - f.sdkFloorNoMd5Micros)} µs`,
        reference: `bare SendMessage with 4 attributes ${fmt(f.sdkFloorAttributesMicros)} µs, without the MD5 check ${fmt(f.sdkFloorNoMd5Micros)} µs`,
        ratio: `${ratio(f.sdkFloorAttributesMicros / f.sdkFloorMicros)}, ${ratio(f.sdkFloorNoMd5Micros / f.sdkFloorMicros)}`,
      },
    ];
  });
}

const signed = (value: number) => `${value >= 0 ? '+' : ''}${fmt(value, 0)}`;

const units = (p: PerEvent) =>
  `${fmt(p.requests, 2)} req, ${fmt(p.readUnits, 2)} RRU, ${fmt(p.writeUnits, 2)} WRU`;

export function consumerCostRows(scenarios: readonly ScenarioCost[]): SummaryRow[] {
  const rows = scenarios.flatMap((s): SummaryRow[] => {
    const ourUnits = s.ours.readUnits + s.ours.writeUnits;
    const baselineUnits = s.baseline.readUnits + s.baseline.writeUnits;
    const duplicate = s.scenario.startsWith('duplicate');
    const lifecycle = s.scenario.startsWith('lifecycles');
    return [
      {
        measurement: `Consumer per event: ${s.scenario}`,
        result: units(s.ours),
        reference: `Powertools idempotency: ${units(s.baseline)}`,
        ratio: `req ${ratio(s.ours.requests / s.baseline.requests)}, units ${ratio(ourUnits / baselineUnits)}`,
        goal: duplicate ? '<= 1 read, no write' : 'fewer req and units',
        met: duplicate
          ? s.ours.requests <= 1 && s.ours.writeUnits === 0
          : s.ours.requests < s.baseline.requests && ourUnits < baselineUnits,
      },
      ...(lifecycle
        ? [
            {
              measurement: `Consumer WRU per fresh event: ${s.scenario}`,
              result: `${fmt(s.ours.writeUnits, 2)} WRU`,
              reference: `with the per-event claim: ${units(s.withClaims)}`,
              goal: `<= ${GOAL_WRU_PER_FRESH_EVENT} WRU`,
              met: s.ours.writeUnits <= GOAL_WRU_PER_FRESH_EVENT,
            },
          ]
        : []),
      ...(!lifecycle
        ? [
            {
              measurement: `  with the per-event claim (first design): ${s.scenario}`,
              result: units(s.withClaims),
              reference: `the claim adds ${signed(s.withClaims.requests - s.ours.requests)} req, ${signed(s.withClaims.writeUnits - s.ours.writeUnits)} WRU per event`,
            },
          ]
        : []),
    ];
  });
  return rows;
}

/** WRU of one commit as the session grows, and the size of a typical session at its end. */
export function sessionSizeRows(sizes: readonly SessionSize[]): SummaryRow[] {
  return sizes.map((size) => {
    const typical = size.session.startsWith('lifecycle');
    return {
      measurement: `Session item, ${size.provider} ${size.session}`,
      result: `${fmt(size.itemBytes, 0)} B, ${size.writeUnits} WRU per commit`,
      reference: `DynamoDB Local reported ${fmt(size.reportedWriteUnits, 1)} WRU`,
      ...(typical
        ? {
            goal: `< ${GOAL_TYPICAL_SESSION_BYTES} B`,
            met: size.itemBytes < GOAL_TYPICAL_SESSION_BYTES,
          }
        : {}),
    };
  });
}

/** Log bytes per webhook by source, against the goal. */
export function logRows(bytes: LogBytes): SummaryRow[] {
  return [
    {
      measurement: 'Log bytes per webhook, receipt to committed state',
      result: `${fmt(bytes.total, 0)} B`,
      reference: `ingest ${fmt(bytes.ingest, 0)}, consumer ${fmt(bytes.consumer, 0)} (EMF per batch included), access log ${fmt(bytes.accessLog, 0)}, platform ${fmt(bytes.platform, 0)}; 26 B per line included`,
      goal: `<= ${GOAL_LOG_BYTES_PER_WEBHOOK} B`,
      met: bytes.total <= GOAL_LOG_BYTES_PER_WEBHOOK,
    },
  ];
}

export function throughputRows(runs: readonly ThroughputFigures[]): SummaryRow[] {
  return runs.map((t) => ({
    measurement: `Consumer throughput, ${t.concurrency} batch${t.concurrency > 1 ? 'es' : ''} in flight`,
    result: `${fmt(t.eventsPerSecond, 0)} events/s`,
    reference: `DynamoDB Local, batches of 10, ${fmt(t.cpuMsPerBatch)} ms CPU per batch${t.failedRecords > 0 ? `, ${t.failedRecords} records failed` : ''}`,
  }));
}

export function footprintRows(footprint: Footprint): SummaryRow[] {
  const init = (name: string) =>
    footprint.init.find((i) => i.name === name)?.medianMs ?? Number.NaN;
  const bundle = (name: string) => footprint.bundles.find((b) => b.name === name) as BundleFigures;
  const floor = init(bundleName('floor', 'bundled'));
  const floorRuntime = init(bundleName('floor', 'runtime'));
  const rows: SummaryRow[] = [];
  for (const fn of ['ingest', 'consumer', 'session-view']) {
    const bundled = init(bundleName(fn, 'bundled'));
    const traced = init(bundleName(fn, 'bundled', true));
    const runtime = init(bundleName(fn, 'runtime'));
    const isIngest = fn === 'ingest';
    rows.push({
      measurement: `${fn} init, SDK bundled (tracing off or active, the default)`,
      result: `${fmt(bundled)} ms`,
      reference: `floor ${fmt(floor)} ms`,
      ratio: ratio(bundled / floor),
      ...(isIngest
        ? { goal: `<= ${GOAL_INIT_RATIO}x`, met: bundled / floor <= GOAL_INIT_RATIO }
        : {}),
    });
    if (Number.isFinite(traced)) {
      rows.push({
        measurement: `${fn} init, tracing 'aws-calls' (Powertools Tracer, X-Ray SDK)`,
        result: `${fmt(traced)} ms, +${fmt(traced - bundled)} ms`,
        reference: `floor ${fmt(floor)} ms`,
        ratio: ratio(traced / floor),
      });
    }
    rows.push({
      measurement: `${fn} init, SDK from the runtime`,
      result: `${fmt(runtime)} ms`,
      reference: `floor, SDK from the runtime ${fmt(floorRuntime)} ms`,
      ratio: `${ratio(runtime / floorRuntime)}; ${ratio(runtime / bundled)} of bundled`,
    });
    const b = bundle(bundleName(fn, 'bundled'));
    const traceBundle = footprint.bundles.find((x) => x.name === bundleName(fn, 'bundled', true));
    rows.push({
      measurement: `${fn} bundle, SDK bundled`,
      result: `${kb(b.bytes)}${traceBundle ? ` (${kb(traceBundle.bytes)} with 'aws-calls')` : ''}`,
      reference: `own code ${kb(b.groups['own code'])}, SDK ${kb(b.groups['AWS SDK'])}, Powertools ${kb(b.groups.Powertools)}`,
      ...(isIngest
        ? { goal: 'own code < 100 KB', met: b.groups['own code'] < GOAL_OWN_CODE_BYTES }
        : {}),
    });
  }
  const duplicated = footprint.bundles.filter(
    (b) => !b.name.startsWith('+') && Object.keys(b.duplicates).length > 0,
  );
  const functions = footprint.bundles.filter((b) => !b.name.startsWith('+'));
  rows.push({
    measurement: 'Packages held twice in a bundle',
    result: `${duplicated.length} of ${functions.length} bundles`,
    reference: duplicated.length
      ? duplicated.map((b) => `${b.name}: ${Object.keys(b.duplicates).join(', ')}`).join('; ')
      : 'every bundle, tracing on and off, SDK bundled and not',
    goal: 'none',
    met: duplicated.length === 0,
  });
  return rows;
}

const latency = (p: Percentiles, unit = 'ms') =>
  `p50 ${fmt(p.p50)} ${unit}, p99 ${fmt(p.p99)} ${unit}`;

export function endToEndRows(e: EndToEndFigures): SummaryRow[] {
  return [
    {
      measurement: `Local mode ack latency, ${e.concurrency} in flight`,
      result: latency(e.ackMs),
      reference: `${fmt(e.acceptedPerSecond, 0)} accepted/s, ${e.requests} webhooks, ${e.rejected} refused`,
    },
    {
      measurement: `Local mode receive -> committed lag after it`,
      result: latency({ p50: e.burstLagMs.p50 / 1000, p99: e.burstLagMs.p99 / 1000 }, 's'),
      reference: 'the backlog the burst left for one local poller',
    },
    {
      measurement: `Local mode ack latency, steady ${e.steadyRate}/s`,
      result: latency(e.steadyAckMs),
    },
    {
      measurement: `Local mode receive -> committed lag, steady ${e.steadyRate}/s`,
      result: latency(e.steadyLagMs),
    },
  ];
}

export function costRows(lines: readonly CostLine[], xray: CostLine): SummaryRow[] {
  const total = lines.reduce((sum, line) => sum + line.usdPerMillion, 0);
  return [
    ...lines.map((line) => ({
      measurement: `Cost per million: ${line.service}`,
      result: `$${fmt(line.usdPerMillion, 3)}`,
      reference: line.basis,
    })),
    {
      measurement: 'Cost per million webhooks, all-in (tracing off)',
      result: `$${fmt(total, 2)}`,
      goal: `< $${GOAL_USD_PER_MILLION}`,
      met: total < GOAL_USD_PER_MILLION,
    },
    {
      measurement: `Cost per million: ${xray.service}, if tracing is on`,
      result: `$${fmt(xray.usdPerMillion, 3)}`,
      reference: xray.basis,
    },
  ];
}

/** One row per function: the chosen memory size against its neighbours. */
export function memoryRows(
  functions: readonly { name: string; chosenMb: number; options: readonly MemoryOption[] }[],
): SummaryRow[] {
  const describe = (o: MemoryOption) =>
    `${o.memoryMb} MB: ${o.billedMs} ms, $${fmt(o.usdPerMillionWebhooks, 3)}/M`;
  return functions.map(({ name, chosenMb, options }) => {
    const chosen = options.find((o) => o.memoryMb === chosenMb);
    return {
      measurement: `Memory of the ${name}: billed ms, duration $ per M webhooks`,
      result: chosen ? describe(chosen) : `${chosenMb} MB`,
      reference: options
        .filter((o) => o !== chosen)
        .map(describe)
        .join('; '),
    };
  });
}

/** The publisher: commit to bus in local mode, CPU per change, and its cost per million changes. */
export function publisherRows(
  figures: PublisherFigures,
  lines: readonly CostLine[],
  changesPerWebhook: number,
): SummaryRow[] {
  const total = lines.reduce((sum, line) => sum + line.usdPerMillion, 0);
  return [
    {
      measurement: 'Publisher: commit -> bus in local mode (p50, p99)',
      result: `${fmt(figures.lagP50Ms, 0)} ms, ${fmt(figures.lagP99Ms, 0)} ms`,
      reference: `${figures.changes} changes of ${figures.webhooks} webhooks, stream polled 4 times/s`,
    },
    {
      measurement: 'Publisher CPU per change (handler, PutEvents SDK, logs)',
      result: `${fmt(figures.cpuMicrosPerChange, 0)} µs, ${fmt(figures.logBytesPerChange, 0)} log bytes`,
      reference: `replayed in batches of ${figures.replayRecordsPerInvocation} records (the priced batch); the local poller's held ${fmt(figures.recordsPerInvocation, 2)}`,
    },
    ...lines.map((line) => ({
      measurement: `Cost per million changes: ${line.service}`,
      result: `$${fmt(line.usdPerMillion, 3)}`,
      reference: line.basis,
    })),
    {
      measurement: 'Cost per million published changes, publisher all-in',
      result: `$${fmt(total, 3)}`,
      reference: `$${fmt(total * changesPerWebhook, 3)} per million webhooks (${fmt(changesPerWebhook, 2)} changes each)`,
      goal: `<= $${GOAL_PUBLISHER_USD_PER_MILLION_CHANGES}`,
      met: total <= GOAL_PUBLISHER_USD_PER_MILLION_CHANGES,
    },
  ];
}
