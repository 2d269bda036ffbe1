import { rmSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Everything the code under test writes goes to one file per worker here (test/support/log-sink),
// and the log audit (test/audit) scans it once every other test has run.
const LOG_SINK_DIR = '.reports/logs';
// The AWS calls the functions' code makes (test/support/aws-calls), for the IAM audit (test/audit).
const AWS_CALLS_DIR = '.reports/aws-calls';

/**
 * Kinds of tests in one run: pure units, CDK assertions, tests that talk to the local emulators
 * (started once for the run by the global setup), then the audit of the whole run's log output.
 * The long profile (`npm run test:long`) scales the same tests up (test/support/profile.ts).
 */
export function testConfig(profile: 'fast' | 'long') {
  rmSync(LOG_SINK_DIR, { recursive: true, force: true });
  rmSync(AWS_CALLS_DIR, { recursive: true, force: true });
  const long = profile === 'long';
  const timeout = (fastMs: number) => (long ? 1_800_000 : fastMs);
  return defineConfig({
    test: {
      reporters: ['default'],
      env: {
        IDV_LOG_SINK_DIR: LOG_SINK_DIR,
        IDV_AWS_CALLS_DIR: AWS_CALLS_DIR,
        IDV_TEST_PROFILE: profile,
      },
      setupFiles: ['test/support/log-sink.ts'],
      testTimeout: timeout(5_000),
      projects: [
        { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
        {
          extends: true,
          test: {
            name: 'infra',
            include: ['test/infra/**/*.test.ts'],
            // Skips CloudFormation's own template validation (slow); cdk-nag still runs.
            env: { CDK_VALIDATION: 'false' },
            testTimeout: timeout(120_000),
          },
        },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
            globalSetup: ['test/support/emulators-setup.ts'],
            testTimeout: timeout(60_000),
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'audit',
            include: ['test/audit/**/*.test.ts'],
            sequence: { groupOrder: 1 },
          },
        },
      ],
    },
  });
}

export default testConfig('fast');
