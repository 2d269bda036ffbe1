import { defineConfig } from 'vitest/config';

// Three kinds of tests, one run: pure units, CDK assertions, and tests that talk to the local
// emulators (started once for the whole run by the global setup).
export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // Skips CloudFormation's own template validation (slow); cdk-nag still runs.
          env: { CDK_VALIDATION: 'false' },
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/emulators-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
