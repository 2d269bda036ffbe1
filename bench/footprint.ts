// Measurement 4: bundle size and cold start of each function, with the AWS SDK bundled and left
// to the runtime, against the floor (a bare HMAC + SendMessage handler bundled the same way), and
// a ladder from the floor to the ingest that prices each dependency in bytes and init time.
import { type BundleFigures, type BundleSpec, buildBundle } from './bundles.js';
import { type InitFigures, type InitTarget, measureInit } from './cold-start.js';

// The providers the construct enables by default (docs/construct.md), as the stack sets them.
const INGEST_ENV = {
  ENABLED_PROVIDERS: 'casapay,veriff',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/idv-webhooks',
  CASAPAY_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:casapay',
  VERIFF_SECRET_ID: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:veriff',
  FLOOR_SHARED_SECRET: 'benchmark',
};
const TABLES_ENV = { SESSIONS_TABLE: 'idv-sessions', QUARANTINE_TABLE: 'idv-quarantine' };

interface FunctionSpec {
  readonly name: string;
  readonly file: string;
  readonly env: Readonly<Record<string, string>>;
  /** Also built and measured with tracing on (the tracer is bundled and loaded at init then). */
  readonly traced: boolean;
}

const FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'floor', file: 'bench/floor-ingest.ts', env: INGEST_ENV, traced: false },
  { name: 'ingest', file: 'functions/ingest.ts', env: INGEST_ENV, traced: true },
  { name: 'consumer', file: 'functions/consumer.ts', env: TABLES_ENV, traced: true },
  { name: 'session-view', file: 'functions/session-view.ts', env: TABLES_ENV, traced: false },
];

/**
 * From the floor to the ingest, one family of dependencies at a time (each step keeps the previous
 * ones): the difference between two steps is what that family costs, shared code counted once.
 */
const LADDER: readonly { readonly name: string; readonly source: string }[] = [
  {
    // Its line log included: the ingest loads no Powertools Logger (functions/observability/line-log.ts).
    name: '+ middy and the intake handler',
    source: "export { createIngestHandler } from './functions/intake/ingest-handler.js';",
  },
  {
    name: '+ provider authenticators (valibot)',
    source: `import { providerAuthenticators } from './functions/providers/authenticators.js';
export const authenticators = providerAuthenticators();`,
  },
  {
    name: '+ Secrets Manager (Powertools Parameters)',
    source: "export { SecretsManagerSource } from './functions/secrets/secret-source.js';",
  },
];

export interface FootprintOptions {
  readonly outDir: string;
  readonly runs: number;
}

export interface Footprint {
  readonly bundles: readonly BundleFigures[];
  /** Init time of every bundle, by the bundle's name. */
  readonly init: readonly InitFigures[];
  /** Bundle names from the floor to the ingest, one dependency family per step. */
  readonly ladder: readonly string[];
}

/** `ingest (SDK bundled)`, `ingest (SDK bundled, tracing)`, `floor (SDK runtime)`... */
export const bundleName = (name: string, sdk: BundleSpec['sdk'], tracing = false) =>
  `${name} (SDK ${sdk}${tracing ? ', tracing' : ''})`;

export async function measureFootprint(options: FootprintOptions): Promise<Footprint> {
  const specs: (BundleSpec & { env: Readonly<Record<string, string>> })[] = [];
  for (const fn of FUNCTIONS) {
    const variants: [BundleSpec['sdk'], boolean][] = [
      ['bundled', false],
      ['runtime', false],
      ...(fn.traced ? [['bundled', true] as [BundleSpec['sdk'], boolean]] : []),
    ];
    for (const [sdk, tracing] of variants) {
      specs.push({
        name: bundleName(fn.name, sdk, tracing),
        entry: { file: fn.file },
        sdk,
        tracing,
        env: { ...fn.env, POWERTOOLS_TRACE_ENABLED: String(tracing) },
      });
    }
  }
  let source = "export * from './bench/floor-ingest.js';";
  for (const step of LADDER) {
    source += `\n${step.source}`;
    specs.push({
      name: step.name,
      entry: { source },
      sdk: 'bundled',
      tracing: false,
      env: { ...INGEST_ENV, POWERTOOLS_TRACE_ENABLED: 'false' },
    });
  }

  const bundles: BundleFigures[] = [];
  const targets: InitTarget[] = [];
  for (const spec of specs) {
    const figures = await buildBundle(spec, options.outDir);
    bundles.push(figures);
    targets.push({ name: spec.name, bundlePath: figures.path, env: spec.env });
  }
  const init = await measureInit(targets, options.runs);
  const ladder = [
    bundleName('floor', 'bundled'),
    ...LADDER.map((step) => step.name),
    bundleName('ingest', 'bundled'),
  ];
  return { bundles, init, ladder };
}
