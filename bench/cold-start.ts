// Measurement 4, cold start: the module-init time of a bundle, measured as a fresh `node` process
// importing it (what Lambda's INIT phase does with the handler module), many times, interleaved
// across bundles so that machine noise spreads evenly.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { median } from './stats.js';

export interface InitTarget {
  readonly name: string;
  readonly bundlePath: string;
  /** The environment the function's configuration reads at import. */
  readonly env: Readonly<Record<string, string>>;
}

export interface InitFigures {
  readonly name: string;
  /** Milliseconds from `import()` to its resolution, median of the runs. */
  readonly medianMs: number;
  readonly runs: readonly number[];
  /** Resident memory after the import, median, in MB. */
  readonly rssMb: number;
}

/** What every function's process sees on Lambda, besides its own configuration. */
const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'idv-webhooks-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark',
  POWERTOOLS_SERVICE_NAME: 'idv-webhooks',
  POWERTOOLS_METRICS_NAMESPACE: 'IdvWebhooks',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

const IMPORT_AND_TIME = `
const started = performance.now();
await import(process.env.BENCH_BUNDLE_URL);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, rss: process.memoryUsage().rss }));
`;

function importOnce(target: InitTarget): Promise<{ ms: number; rss: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', IMPORT_AND_TIME], {
      env: {
        PATH: process.env.PATH ?? '',
        ...LAMBDA_ENV,
        ...target.env,
        BENCH_BUNDLE_URL: pathToFileURL(target.bundlePath).href,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`importing ${target.name} failed (${code}): ${err}`));
      else resolve(JSON.parse(out) as { ms: number; rss: number });
    });
  });
}

/** Imports each target `runs` times, round-robin, one process at a time. */
export async function measureInit(
  targets: readonly InitTarget[],
  runs: number,
): Promise<InitFigures[]> {
  const samples = new Map(targets.map((t) => [t.name, [] as { ms: number; rss: number }[]]));
  for (const target of targets) await importOnce(target); // fill the OS file cache first
  for (let run = 0; run < runs; run++) {
    for (const target of targets) samples.get(target.name)?.push(await importOnce(target));
  }
  return targets.map((target) => {
    const runsOf = samples.get(target.name) ?? [];
    return {
      name: target.name,
      medianMs: median(runsOf.map((s) => s.ms)),
      runs: runsOf.map((s) => s.ms),
      rssMb: median(runsOf.map((s) => s.rss)) / 1024 / 1024,
    };
  });
}
