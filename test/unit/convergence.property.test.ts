import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import type { ProviderAdapter } from '../../functions/providers/provider.js';
import { veriffRules } from '../../functions/providers/veriff/lifecycle.js';
import { addEvents } from '../../functions/sessions/engine.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type {
  HistoryEntry,
  SessionEvent,
  SessionRules,
} from '../../functions/sessions/session-event.js';
import { casapayEvents, deliveries, veriffEvents } from '../support/arbitraries.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';

/** The reference: each distinct event applied once, in the order it was generated. */
function inOrder(rules: SessionRules<unknown>, events: SessionEvent[]) {
  let history: readonly HistoryEntry[] = [];
  let state = rules.initial();
  let summary = rules.summarize(state, history);
  for (const event of events) {
    const application = addEvents(rules, history, [event]);
    history = application.fold.history;
    state = application.fold.state;
    summary = application.fold.summary;
  }
  return { state, history, summary };
}

const options = { maxAttempts: 3, now: () => new Date(0), backoff: async () => undefined };
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 200);

describe.each([
  ['casapay', casapayRules as SessionRules<unknown>, casapayEvents()],
  ['veriff', veriffRules as SessionRules<unknown>, veriffEvents()],
])('%s sessions converge', (name, rules, events) => {
  const adapter = { name, rules } as Pick<ProviderAdapter, 'name' | 'rules'>;

  it('to the in-order, duplicate-free state, whatever the order, duplicates and batches', async () => {
    await fc.assert(
      fc.asyncProperty(
        events.chain((set) => fc.tuple(fc.constant(set), deliveries(set))),
        async ([set, batches]) => {
          const expected = inOrder(rules, set);
          const store = new InMemorySessionStore();
          for (const batch of batches) {
            if (batch.length > 0)
              await recordEvents(store, adapter, batch[0]?.sessionId ?? '', batch, options);
          }
          const record = await store.load(name, set[0]?.sessionId ?? '');
          expect(record?.status ?? null).toEqual(expected.state.status);
          expect(record?.facts ?? rules.initial().facts).toEqual(expected.state.facts);
          expect(record?.events ?? []).toEqual(expected.history);
          if (record) expect(record.summary).toEqual(expected.summary);
          // Exactly once: every distinct event has one history entry, and no other.
          expect(new Set(record?.events.map((e) => e.eventId))).toEqual(
            new Set(set.map((e) => e.eventId)),
          );
          expect(store.historyEntries()).toBe(set.length);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('with one commit per batch that adds something, and none for pure duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(events, async (set) => {
        const store = new InMemorySessionStore();
        await recordEvents(store, adapter, set[0]?.sessionId ?? '', set, options);
        const commits = store.commits;
        const again = await recordEvents(store, adapter, set[0]?.sessionId ?? '', set, options);
        expect(commits).toBe(set.length > 0 ? 1 : 0);
        expect(store.commits).toBe(commits);
        expect(again.duplicates).toHaveLength(set.length);
        expect(again.added).toHaveLength(0);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
