// Local mode and its inspector add nothing to the Lambda bundles: no module of inspector/ or of
// functions/local/ is in the import graph of any function the stack deploys, with or without
// tracing. Built with the stack's own bundling options (lib/function-bundling.ts).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions, FUNCTION_ENTRIES } from '../../lib/function-bundling.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The repository's own modules in the bundle of `entry`, as paths from the root. */
async function ownModules(entry: string, tracing: boolean): Promise<string[]> {
  const { metafile } = await build({
    ...esbuildOptions(tracing),
    entryPoints: [`${root}/functions/${entry}.ts`],
    write: false,
    metafile: true,
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs)
    .map((input) => relative(root, `${root}/${input}`))
    .filter((path) => !path.startsWith('node_modules/'));
}

describe('the Lambda bundles', () => {
  it.each(FUNCTION_ENTRIES.flatMap((entry) => [[entry, false] as const, [entry, true] as const]))(
    '%s (tracing %s) holds no module of the inspector or of local mode',
    async (entry, tracing) => {
      const modules = await ownModules(entry, tracing);
      // The entry's own modules are there: the check looks at a real graph.
      expect(modules).toContain(`functions/${entry}.ts`);
      expect(modules.filter((path) => path.startsWith('functions/'))).not.toHaveLength(1);
      expect(
        modules.filter((p) => p.startsWith('inspector/') || p.startsWith('functions/local/')),
      ).toEqual([]);
    },
  );
});
