import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processBatch } from '../../functions/processing/process-batch.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import { expectSessionsMatchModel } from '../support/model-check.js';
import { byProfile } from '../support/profile.js';
import { batchesOf, webhookSets } from '../support/webhook-arbitraries.js';

const RUNS = byProfile(300, 10_000);

describe('the real consumer against the reference model', () => {
  it(`stores what the model says for any webhooks, orders, duplicates and batches (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        webhookSets().chain((webhooks) => fc.tuple(fc.constant(webhooks), batchesOf(webhooks))),
        async ([webhooks, batches]) => {
          const sessions = new InMemorySessionStore();
          const ports = {
            adapters: providerAdapters(),
            sessions,
            quarantine: {
              keep: async () => expect.unreachable('nothing here should be quarantined'),
            },
            now: () => new Date(0),
            recording: { maxAttempts: 3, now: () => new Date(0), backoff: async () => undefined },
          };
          for (const batch of batches) {
            const result = await processBatch(batch, ports);
            expect(result.failures).toEqual([]);
          }
          await expectSessionsMatchModel(sessions, webhooks);
          // Exactly once: one history entry per distinct event over all the sessions.
          expect(sessions.historyEntries()).toBe(webhooks.length);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
