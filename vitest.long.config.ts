import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// `npm run test:long`: the same suites with the long profile (test/support/profile.ts): 10,000+
// property runs, 100,000+ fuzzed requests, every fault at every call position, bigger races.
export default mergeConfig(
  base,
  defineConfig({
    test: { env: { IDV_TEST_PROFILE: 'long' }, testTimeout: 1_800_000, hookTimeout: 300_000 },
  }),
);
