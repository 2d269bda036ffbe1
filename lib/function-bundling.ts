// How each function is bundled by esbuild, set once: for the synth of this repository's stack
// (NodejsFunction), for the bundles prebuilt into the npm package (scripts/build-package.ts), and
// for the tests and benchmarks that start bundles (docs/benchmarks.md).
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions, Metafile } from 'esbuild';

/** The Lambda entries under `functions/`. */
export const FUNCTION_ENTRIES = [
  'ingest',
  'consumer',
  'session-view',
  'publisher',
  'report-fetcher',
] as const;
export type FunctionEntry = (typeof FUNCTION_ENTRIES)[number];

/** Powertools Tracer, and the X-Ray SDK under it: imported only when tracing is on. */
const TRACER_PACKAGE = '@aws-lambda-powertools/tracer';

/**
 * The SDK's default credential chain imports these only when the environment holds no credentials
 * (profiles and SSO in ~/.aws, credential processes, web identity tokens). Lambda always puts the
 * execution role's credentials in the environment, which the chain reads first, so on Lambda they
 * are never imported; bundled, they cost about 112 KB and 6 ms of every cold start
 * (docs/benchmarks.md). test/integration/bundles.test.ts starts every bundle where nothing outside
 * it can be imported, so a static import of one of them would fail the build, not a cold start.
 */
const CREDENTIAL_PROVIDERS_LAMBDA_NEVER_IMPORTS = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/nested-clients',
  '@aws-sdk/token-providers',
];

/**
 * How a function is bundled by esbuild, as NodejsFunction options; `npm run bench` and the
 * package's prebuilt bundles use exactly these (through `esbuildOptions`).
 */
export function functionBundling(tracing: boolean) {
  return {
    format: OutputFormat.ESM,
    target: 'node24',
    minify: true,
    // ESM output still meets CommonJS dependencies that call require() for Node built-ins.
    banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
    mainFields: ['module', 'main'],
    // The AWS SDK is bundled (and tree-shaken) rather than taken from the runtime: it starts
    // faster that way, and the code that runs is the code that was tested. Left out is only what
    // is never imported: unused credential providers, and the tracer when tracing is off
    // (functions/observability/tracing.ts), 120 KB more to read and parse at every cold start.
    externalModules: [
      ...CREDENTIAL_PROVIDERS_LAMBDA_NEVER_IMPORTS,
      ...(tracing ? [] : [TRACER_PACKAGE]),
    ],
  } satisfies BundlingOptions;
}

/** The same bundling as esbuild's own build options (what NodejsFunction passes to esbuild). */
export function esbuildOptions(tracing: boolean): BuildOptions {
  const options = functionBundling(tracing);
  return {
    bundle: true,
    platform: 'node',
    format: options.format,
    target: options.target,
    minify: options.minify,
    banner: { js: options.banner },
    mainFields: options.mainFields,
    external: options.externalModules,
  };
}

/** The directory of one prebuilt bundle in the package's `dist/assets/`. */
export const bundleDirectory = (entry: FunctionEntry, tracing: boolean): string =>
  tracing ? `${entry}-tracing` : entry;

/**
 * The packages of which a bundle holds more than one copy (two directories of the same package,
 * such as a nested `node_modules/@aws-lambda-powertools/commons` beside the top-level one), with
 * the directories of each, from esbuild's metafile. Two copies of a library cost bytes and init
 * time, and can disagree (two caches, two `instanceof` classes); test/integration/bundles.test.ts
 * and `npm run bench` require none.
 */
export function duplicatedPackages(metafile: Metafile): Record<string, string[]> {
  const directories = new Map<string, Set<string>>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!match?.[1] || !match[2]) continue;
    const seen = directories.get(match[2]) ?? new Set<string>();
    seen.add(match[1]);
    directories.set(match[2], seen);
  }
  return Object.fromEntries(
    [...directories].filter(([, dirs]) => dirs.size > 1).map(([name, dirs]) => [name, [...dirs]]),
  );
}
