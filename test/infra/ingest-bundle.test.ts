// What the ingest's bundle holds: each provider's authentication and nothing that reads events,
// built with the stack's own bundling options, so that its cold start stays near the floor's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../lib/function-bundling.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const providersDir = join(root, 'functions', 'providers');

/** Every provider module (a directory of functions/providers), a new one included. */
const PROVIDER_DIRECTORIES = readdirSync(providersDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * What reads an event or folds a session, and so has no place in the ingest (it never reads an
 * event): each provider's parser and lifecycle (CasaPay's report events are a part of its
 * lifecycle), the helpers they share, and the session engine. `sessions/session-event.ts` is the
 * one file of `sessions/` allowed: it is the vocabulary (no imports), and the Standard Webhooks
 * source configuration the ingest validates names its `OUTCOMES`.
 */
const EVENT_CODE = [
  /^functions\/providers\/[^/]+\/(events|lifecycle|report-events)\.ts$/,
  /^functions\/providers\/(event-parsing|status-timeline)\.ts$/,
  /^functions\/sessions\/(?!session-event\.ts$)/,
  /^functions\/(processing|storage|reactions|views)\//,
];

/**
 * The ingest's own code (every input outside node_modules), in minified bytes of the bundle.
 * Measured at 19.4 KB once it held only the authenticators (45.4 KB with every provider's parser
 * and lifecycle); the budget leaves about 20% for growth. The bundle is read and compiled at every
 * cold start, and the ingest's init is a goal against the floor's (docs/benchmarks.md, section 4):
 * a change that needs more should say so there, with the init it costs.
 */
const OWN_CODE_BUDGET_BYTES = 24_000;

async function ingestBundle(tracing: boolean): Promise<Metafile> {
  const { metafile } = await build({
    ...esbuildOptions(tracing),
    entryPoints: [join(root, 'functions', 'ingest.ts')],
    absWorkingDir: root,
    write: false,
    logLevel: 'error',
    metafile: true,
  });
  return metafile;
}

/** The output's inputs outside node_modules, with the bytes each adds to the bundle. */
function ownCode(metafile: Metafile): ReadonlyMap<string, number> {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (output === undefined) throw new Error('esbuild wrote no entry output for the ingest');
  return new Map(
    Object.entries(output.inputs)
      .filter(([path]) => !path.includes('node_modules/'))
      .map(([path, { bytesInOutput }]) => [path, bytesInOutput]),
  );
}

// `true` is the `aws-calls` tracing mode's bundling; the default (`active`) bundles as `false`.
describe.each([false, true])('the ingest bundle (tracer bundled: %s)', (tracing) => {
  let metafile: Metafile;
  beforeAll(async () => {
    metafile = await ingestBundle(tracing);
  });

  it('loads no event parser, lifecycle or session engine, and every provider authenticator', () => {
    // Every file esbuild read, even one whose code is shaken out: a module kept for a constant
    // would pull its own imports in the next time someone uses it.
    const loaded = Object.keys(metafile.inputs).filter((path) => !path.includes('node_modules/'));

    expect(loaded.filter((path) => EVENT_CODE.some((pattern) => pattern.test(path)))).toEqual([]);
    expect(PROVIDER_DIRECTORIES.length).toBeGreaterThanOrEqual(7);
    for (const provider of PROVIDER_DIRECTORIES) {
      expect(loaded, `${provider}'s authenticator`).toContain(
        `functions/providers/${provider}/authenticator.ts`,
      );
      expect(loaded, `${provider}'s adapter`).not.toContain(
        `functions/providers/${provider}/adapter.ts`,
      );
    }
  });

  it(`keeps the ingest's own code under ${OWN_CODE_BUDGET_BYTES} bytes`, () => {
    const own = ownCode(metafile);
    const bytes = [...own.values()].reduce((sum, n) => sum + n, 0);
    const largest = [...own].sort(([, a], [, b]) => b - a).slice(0, 5);
    expect(bytes, `largest: ${JSON.stringify(largest)}`).toBeLessThanOrEqual(OWN_CODE_BUDGET_BYTES);
    // The measure reads the bundle, not nothing: the entry and its core are in it.
    expect(own.get('functions/ingest.ts')).toBeGreaterThan(0);
    expect(own.get('functions/intake/receive-webhook.ts')).toBeGreaterThan(0);
  });
});
