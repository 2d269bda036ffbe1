// esbuild options that build a function exactly as the stack's NodejsFunction does (the bundling
// of lib/webhook-function.ts): for the tests that start bundles, and for `npm run bench`.
import type { BuildOptions } from 'esbuild';
import { functionBundling } from '../../lib/webhook-function.js';

export function stackBuildOptions(tracing: boolean): BuildOptions {
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
