import { rmSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Everything the code under test writes goes to one file per worker here (test/support/log-sink),
// and the log audit (test/audit) scans it once every other test has run.
const LOG_SINK_DIR = '.reports/logs';
rmSync(LOG_SINK_DIR, { recursive: true, force: true });

// Kinds of tests in one run: pure units, CDK assertions, tests that talk to the local emulators
// (started once for the run by the global setup), then the audit of the whole run's log output.
export default defineConfig({
  test: {
    reporters: ['default'],
    env: { IDV_LOG_SINK_DIR: LOG_SINK_DIR },
    setupFiles: ['test/support/log-sink.ts'],
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
      {
        extends: true,
        test: { name: 'audit', include: ['test/audit/**/*.test.ts'], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
