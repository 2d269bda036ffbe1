// `npm run build` (and `npm pack`, through prepack): builds the npm package into dist/. The Lambda
// bundles are built here, once, with the stack's own esbuild options, so that an app using the
// construct bundles nothing at synth and needs no esbuild, TypeScript or Java (docs/construct.md).
//
//   dist/assets/<function>[-tracing]/index.mjs   the prebuilt bundles, referenced by Code.fromAsset
//   dist/cdk/index.{js,cjs}                      idv-webhooks/cdk: the IdvWebhooks construct
//   dist/providers/index.{js,cjs}                idv-webhooks/providers: sign/verify per provider
//   dist/types/                                  the .d.ts of both entries
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { bundleDirectory, esbuildOptions, FUNCTION_ENTRIES } from '../lib/function-bundling.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** The package's entries: `idv-webhooks/<name>` is built from `source` (tsconfig.package.json). */
const ENTRIES = [
  { name: 'cdk', source: 'lib/index.ts' },
  { name: 'providers', source: 'functions/providers/index.ts' },
] as const;

/** What the entries import at run time instead of carrying it: the app's CDK, and valibot. */
const PEERS = ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'valibot'];

/** Both module formats: ESM for `import`, CommonJS for `require` (Jest, ts-node, older Node). */
const FORMATS = [
  { format: 'esm', extension: 'js', define: {} },
  {
    format: 'cjs',
    extension: 'cjs',
    // CommonJS has no import.meta: the construct locates its assets from the file's own URL.
    banner: { js: "const __import_meta_url=require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__import_meta_url' },
  },
] as const satisfies readonly (BuildOptions & { extension: string })[];

async function buildBundles(): Promise<void> {
  await Promise.all(
    FUNCTION_ENTRIES.flatMap((entry) =>
      [false, true].map((tracing) =>
        build({
          ...esbuildOptions(tracing),
          entryPoints: [join(root, 'functions', `${entry}.ts`)],
          outfile: join(dist, 'assets', bundleDirectory(entry, tracing), 'index.mjs'),
          logLevel: 'warning',
        }),
      ),
    ),
  );
}

async function buildEntry(source: string, name: string): Promise<void> {
  await Promise.all(
    FORMATS.map(({ extension, define, ...format }) =>
      build({
        entryPoints: [join(root, source)],
        outfile: join(dist, name, `index.${extension}`),
        bundle: true,
        platform: 'node',
        target: 'node20',
        external: PEERS,
        // Folds the define below, so the code that bundles from sources is left out.
        minifySyntax: true,
        // lib/webhook-function.ts: the functions are the prebuilt bundles in dist/assets.
        define: { IDV_WEBHOOKS_PREBUILT: 'true', ...define },
        logLevel: 'warning',
        ...format,
      }),
    ),
  );
}

/** The relative imports of a declaration file, as the paths of the files they name. */
function declarationImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((match) =>
    resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.d.ts')),
  );
}

/**
 * tsc declares every file the entries import, the Lambda code's included; only the declarations
 * the entries' types reach are kept, so that none names a package the user does not install.
 */
function pruneDeclarations(entries: readonly string[]): void {
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const imported of declarationImports(file)) visit(imported);
  };
  for (const entry of entries) visit(entry);
  const types = join(dist, 'types');
  for (const file of readdirSync(types, { recursive: true, encoding: 'utf8' })) {
    const path = join(types, file);
    if (path.endsWith('.d.ts') && !reached.has(path)) rmSync(path);
  }
}

function buildTypes(): void {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.package.json')],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) throw new Error('tsc could not emit the declarations');
  pruneDeclarations(
    ENTRIES.map(({ source }) => join(dist, 'types', source.replace(/\.ts$/, '.d.ts'))),
  );
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);
await buildBundles();
for (const { name, source } of ENTRIES) await buildEntry(source, name);
buildTypes();
// On stderr: `npm pack --json` prints its report on stdout.
console.error(`built ${dist}`);
