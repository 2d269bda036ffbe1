// Measurement 4, sizes: builds each function's bundle with esbuild exactly as the stack does
// (lib/function-bundling.ts), once with the AWS SDK bundled and once left to the Lambda runtime,
// and reads from esbuild's metafile what each dependency adds to the minified output.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where an entry's code comes from: a file, or source text resolved from the project root. */
export type BundleEntry = { readonly file: string } | { readonly source: string };

export interface BundleSpec {
  readonly name: string;
  readonly entry: BundleEntry;
  /** `runtime`: every `@aws-sdk/*` package is left to the Lambda runtime's copy. */
  readonly sdk: 'bundled' | 'runtime';
  /** The stack bundles a function differently when tracing is on (the tracer is included). */
  readonly tracing: boolean;
}

/** What a dependency family adds to a bundle, in minified bytes. */
export type DependencyGroup =
  | 'own code'
  | 'AWS SDK'
  | 'Powertools'
  | 'X-Ray (tracing)'
  | 'middy'
  | 'valibot';

export interface BundleFigures {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly groups: Readonly<Record<DependencyGroup, number>>;
  /** Bytes per npm package ("own code" for the project's files). */
  readonly packages: Readonly<Record<string, number>>;
  /** Packages the bundle holds more than one copy of, with their directories (none expected). */
  readonly duplicates: Readonly<Record<string, string[]>>;
}

/** The stack's own bundling options (imported late: they load the CDK). */
async function stackOptions(tracing: boolean): Promise<BuildOptions> {
  const { esbuildOptions } = await import('../lib/function-bundling.js');
  return { ...esbuildOptions(tracing), logLevel: 'warning', metafile: true };
}

const packageOf = (input: string): string | undefined =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];

/** The family a package starts, when it is the first of its family on an import path. */
function familyOf(pkg: string | undefined): DependencyGroup | undefined {
  if (pkg === undefined) return 'own code';
  if (pkg.startsWith('@aws-sdk/') || pkg.startsWith('@smithy/') || pkg.startsWith('@aws-crypto/'))
    return 'AWS SDK';
  if (pkg === '@aws-lambda-powertools/tracer' || pkg === 'aws-xray-sdk-core')
    return 'X-Ray (tracing)';
  if (pkg.startsWith('@aws-lambda-powertools/')) return 'Powertools';
  if (pkg.startsWith('@middy/')) return 'middy';
  if (pkg === 'valibot') return 'valibot';
  return undefined;
}

/**
 * Assigns every input to a family: its own package's family when it has one, otherwise the family
 * of whoever imported it first (semver belongs to X-Ray, tslib to the SDK...), walking the import
 * graph breadth-first from the entry.
 */
function familiesOf(metafile: Metafile, entryInput: string): Map<string, DependencyGroup> {
  const families = new Map<string, DependencyGroup>([[entryInput, 'own code']]);
  const queue = [entryInput];
  for (let input = queue.shift(); input !== undefined; input = queue.shift()) {
    const family = families.get(input) ?? 'own code';
    for (const { path } of metafile.inputs[input]?.imports ?? []) {
      if (families.has(path) || !(path in metafile.inputs)) continue;
      families.set(path, familyOf(packageOf(path)) ?? family);
      queue.push(path);
    }
  }
  return families;
}

export async function buildBundle(spec: BundleSpec, outDir: string): Promise<BundleFigures> {
  const options = await stackOptions(spec.tracing);
  const dir = join(outDir, spec.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, ''));
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.mjs');
  const entry =
    'file' in spec.entry
      ? { entryPoints: [join(projectRoot, spec.entry.file)] }
      : {
          stdin: {
            contents: spec.entry.source,
            resolveDir: projectRoot,
            sourcefile: `${spec.name}.ts`,
            loader: 'ts' as const,
          },
        };
  const result = await build({
    ...options,
    ...entry,
    outfile,
    external: [...(options.external ?? []), ...(spec.sdk === 'runtime' ? ['@aws-sdk/*'] : [])],
  });
  const metafile = result.metafile as Metafile;
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (!output?.entryPoint) throw new Error(`esbuild wrote no entry output for ${spec.name}`);
  const families = familiesOf(metafile, output.entryPoint);
  const groups: Record<DependencyGroup, number> = {
    'own code': 0,
    'AWS SDK': 0,
    Powertools: 0,
    'X-Ray (tracing)': 0,
    middy: 0,
    valibot: 0,
  };
  const packages: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = packageOf(input) ?? 'own code';
    packages[pkg] = (packages[pkg] ?? 0) + bytesInOutput;
    const family = families.get(input) ?? familyOf(packageOf(input)) ?? 'own code';
    groups[family] += bytesInOutput;
  }
  const { duplicatedPackages } = await import('../lib/function-bundling.js');
  return {
    name: spec.name,
    path: outfile,
    bytes: output.bytes,
    groups,
    packages,
    duplicates: duplicatedPackages(metafile),
  };
}
