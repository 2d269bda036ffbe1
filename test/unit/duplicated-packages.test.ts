// The check that a bundle holds one copy of each package: what it reports from esbuild's metafile.
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { duplicatedPackages } from '../../lib/function-bundling.js';

const metafile = (inputs: readonly string[]): Metafile => ({
  inputs: Object.fromEntries(inputs.map((path) => [path, { bytes: 1, imports: [] }])),
  outputs: {},
});

describe('duplicatedPackages', () => {
  it('names a package present in two directories, as a nested node_modules makes it', () => {
    const found = duplicatedPackages(
      metafile([
        'node_modules/@aws-lambda-powertools/commons/lib/esm/index.js',
        'node_modules/@aws-lambda-powertools/commons/lib/esm/Utility.js',
        'node_modules/@aws-lambda-powertools/parameters/lib/esm/index.js',
        'node_modules/@aws-lambda-powertools/parameters/node_modules/@aws-lambda-powertools/commons/lib/esm/index.js',
        'functions/ingest.ts',
      ]),
    );
    expect(found).toEqual({
      '@aws-lambda-powertools/commons': [
        'node_modules/@aws-lambda-powertools/commons',
        'node_modules/@aws-lambda-powertools/parameters/node_modules/@aws-lambda-powertools/commons',
      ],
    });
  });

  it('reports nothing when every package has one directory, unscoped ones included', () => {
    expect(
      duplicatedPackages(
        metafile([
          'node_modules/valibot/dist/index.js',
          'node_modules/@middy/core/index.js',
          'node_modules/@middy/core/util.js',
        ]),
      ),
    ).toEqual({});
  });
});
