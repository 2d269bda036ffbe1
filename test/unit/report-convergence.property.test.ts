// Report findings join the session like webhooks: any mix of CasaPay webhooks and findings, in any
// order, with duplicates and batching, ends in the state the reference model gives for their set,
// with reports awaited and not.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { byProfile, GENERATED_INPUTS_TIMEOUT_MS } from '../support/profile.js';
import { deliverAndCompare, webhooksAndFindings } from '../support/report-convergence.js';

const RUNS = byProfile(300, 10_000);
const unreachable = {
  keep: async () => {
    throw new Error('nothing here should be quarantined');
  },
};

describe('CasaPay sessions with report findings, against the reference model', () => {
  it.each([true, false])(
    `converge for any webhooks, findings, orders and duplicates (reports awaited: %s, ${RUNS} runs)`,
    async (awaitReports) => {
      await fc.assert(
        fc.asyncProperty(webhooksAndFindings(14), (deliveries) =>
          deliverAndCompare(new InMemorySessionStore(), unreachable, awaitReports, deliveries),
        ),
        { numRuns: RUNS },
      );
    },
    GENERATED_INPUTS_TIMEOUT_MS,
  );
});
