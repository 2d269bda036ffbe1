// The contract every provider adapter passes: its signature scheme (accepted, refused, rotated,
// stale, raw-body exact), its parser (tolerant, no personal data), its fold (the same state for
// any order, duplicates and batches of the same events) and its outcome table. Each adapter runs
// it from one file in test/unit/*.contract.test.ts with the case in test/contract/cases.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../functions/providers/event-parsing.js';
import type { ProviderAdapter } from '../../functions/providers/provider.js';
import { addEvents, fold } from '../../functions/sessions/engine.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type {
  HistoryEntry,
  SessionEvent,
  SessionSummary,
} from '../../functions/sessions/session-event.js';
import { deliveries } from '../support/arbitraries.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';

/** One row of a provider's outcome table: the webhooks of one session and where it ends. */
export interface OutcomeRow {
  readonly name: string;
  /** The bodies, in any order (the fold orders them). */
  readonly webhooks: (session: string) => readonly string[];
  readonly status: string | null;
  readonly outcome: SessionSummary['outcome'];
  readonly final: boolean;
  /** The `action` codes the summary asks for. */
  readonly actions?: readonly string[];
  /** Fields of the first action, when they matter (a reason). */
  readonly firstAction?: Readonly<Record<string, string | number | null>>;
}

export interface ProviderContractCase {
  readonly adapter: ProviderAdapter;
  /** Secret documents: the current one, the one before it, both (a rotation), and a stranger's. */
  readonly documents: {
    readonly current: unknown;
    readonly previous: unknown;
    readonly both: unknown;
    readonly other: unknown;
  };
  /** The replay window, for a scheme that signs a timestamp; absent for one that signs none. */
  readonly toleranceSeconds?: number;
  /** A realistic webhook of a session, with the personal data the provider may send. */
  readonly sample: (session: string, at: Date) => string;
  /** The personal data in `sample` (and in what the contract adds): never in the event. */
  readonly pii: readonly string[];
  /** A webhook of a type this version does not know: recorded, not applied, not quarantined. */
  readonly unknownType: (session: string, at: Date) => string;
  readonly unknownReason: 'unknown_event_type' | 'unsupported_webhook_kind';
  /** Realistic event sets of one session: colliding times, unknown types, every status. */
  readonly events: fc.Arbitrary<SessionEvent[]>;
  readonly outcomes: readonly OutcomeRow[];
  /** A session id in the provider's format. */
  readonly session: string;
}

const NOW = new Date('2026-11-24T12:00:00.000Z');
const DELIVERY: Delivery = { receivedAt: NOW.getTime(), requestId: 'req-contract' };
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const recording = { maxAttempts: 3, now: () => new Date(0), backoff: async () => undefined };

/** Lowercased header names, as the ingest hands them to `verify`. */
const lowercased = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/** The reference: each distinct event applied once, in the order it was generated. */
function inOrder(adapter: ProviderAdapter, events: readonly SessionEvent[]) {
  let history: readonly HistoryEntry[] = [];
  let application = addEvents(adapter.rules, history, []);
  for (const event of events) {
    application = addEvents(adapter.rules, history, [event]);
    history = application.fold.history;
  }
  return application.fold;
}

/** The webhook's session event, as the consumer reads it. */
function parsed(adapter: ProviderAdapter, body: string): SessionEvent {
  const result = adapter.parseEvent(Buffer.from(body), DELIVERY);
  if (!result.ok) throw new Error(`${adapter.name} sample not parsed: ${result.reason}`);
  return result.event;
}

/** `body` with a field added at its top level. */
const withField = (body: string, name: string, value: unknown) =>
  JSON.stringify({ ...(JSON.parse(body) as object), [name]: value });

export function providerContract(name: string, contract: ProviderContractCase): void {
  const { adapter, documents, session } = contract;
  const secrets = (document: unknown) => adapter.parseSecrets(document);
  const body = contract.sample(session, NOW);
  const bytes = Buffer.from(body);
  const verify = (
    headers: Record<string, string>,
    document: unknown = documents.current,
    at = NOW,
    payload: Uint8Array = bytes,
  ) => adapter.verify({ headers: lowercased(headers), body: payload }, secrets(document), at);
  const signed = (document: unknown = documents.current, at = NOW, payload: string = body) =>
    adapter.sign(payload, secrets(document), at);

  describe(`${name}: signature`, () => {
    it('accepts a webhook signed with the current secret, whatever the case of header names', () => {
      expect(verify(signed())).toEqual({ ok: true });
      const upper = Object.fromEntries(
        Object.entries(signed()).map(([header, value]) => [header.toUpperCase(), value]),
      );
      expect(verify(upper)).toEqual({ ok: true });
    });

    it('refuses a stranger’s secret, a tampered body and missing headers', () => {
      expect(verify(signed(documents.other))).toEqual({ ok: false, reason: 'signature_mismatch' });
      const tampered = Buffer.from(body.replace(session, `${session}x`));
      expect(verify(signed(), documents.current, NOW, tampered)).toEqual({
        ok: false,
        reason: 'signature_mismatch',
      });
      const result = verify({});
      expect(result.ok).toBe(false);
      expect(['missing_signature', 'missing_api_key']).toContain(
        result.ok ? undefined : result.reason,
      );
    });

    it('accepts both secrets during a rotation, and only the listed ones', () => {
      expect(verify(signed(documents.previous), documents.both)).toEqual({ ok: true });
      expect(verify(signed(documents.current), documents.both)).toEqual({ ok: true });
      expect(verify(signed(documents.previous), documents.current).ok).toBe(false);
    });

    const tolerance = contract.toleranceSeconds;
    if (tolerance === undefined) {
      it('signs no timestamp: an old signature still verifies (the consumer dedupes replays)', () => {
        const headers = signed(documents.current, new Date(NOW.getTime() - 86_400_000));
        expect(verify(headers, documents.current, NOW)).toEqual({ ok: true });
      });
    } else {
      it(`refuses a timestamp more than ${tolerance} s away, either way, and accepts the edge`, () => {
        const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
        expect(verify(signed(documents.current, at(-tolerance)))).toEqual({ ok: true });
        expect(verify(signed(documents.current, at(tolerance)))).toEqual({ ok: true });
        expect(verify(signed(documents.current, at(-tolerance - 1)))).toEqual({
          ok: false,
          reason: 'stale_timestamp',
        });
        expect(verify(signed(documents.current, at(tolerance + 1)))).toEqual({
          ok: false,
          reason: 'stale_timestamp',
        });
      });
    }

    it('verifies the raw bytes: the same JSON re-serialised fails', () => {
      const headers = signed();
      for (const reformatted of [
        JSON.stringify(JSON.parse(body), null, 2),
        `${body}\n`,
        JSON.stringify(JSON.parse(body)).replace(/":/g, '": '),
      ]) {
        expect(reformatted).not.toBe(body);
        expect(verify(headers, documents.current, NOW, Buffer.from(reformatted))).toEqual({
          ok: false,
          reason: 'signature_mismatch',
        });
      }
    });
  });

  describe(`${name}: parser`, () => {
    it('reads the sample into an event of the session, and keeps no personal data', () => {
      const withExtras = withField(body, 'unexpected_personal', {
        name: contract.pii[0] ?? 'Jane Doe',
        list: [1, null, { nested: contract.pii.at(-1) ?? 'x' }],
      });
      const event = parsed(adapter, withExtras);
      expect(event.sessionId).toBe(session);
      const state = fold(adapter.rules, [event]);
      const kept = JSON.stringify({ event, state: state.state, summary: state.summary });
      expect(contract.pii.length).toBeGreaterThan(0);
      for (const pii of contract.pii) expect(kept).not.toContain(pii);
    });

    it('keeps an event of an unknown type as not applied, never quarantined', () => {
      const event = parsed(adapter, contract.unknownType(session, NOW));
      const [entry] = fold(adapter.rules, [event]).history;
      expect(entry).toMatchObject({ applied: false, reason: contract.unknownReason });
    });

    it('gives a redelivery the same event id, and a body that is not JSON a quarantine reason', () => {
      expect(parsed(adapter, body).eventId).toBe(parsed(adapter, body).eventId);
      expect(adapter.parseEvent(Buffer.from('{"truncated'), DELIVERY)).toEqual({
        ok: false,
        reason: 'not_json',
      });
    });
  });

  describe(`${name}: fold`, () => {
    it('converges to the in-order, duplicate-free state, whatever the order, duplicates and batches', async () => {
      await fc.assert(
        fc.asyncProperty(
          contract.events.chain((set) => fc.tuple(fc.constant(set), deliveries(set))),
          async ([set, batches]) => {
            const expected = inOrder(adapter, set);
            const store = new InMemorySessionStore();
            for (const batch of batches) {
              if (batch.length > 0)
                await recordEvents(store, adapter, batch[0]?.sessionId ?? '', batch, recording);
            }
            const record = await store.load(adapter.name, set[0]?.sessionId ?? '');
            expect(record?.status ?? null).toEqual(expected.state.status);
            expect(record?.facts ?? adapter.rules.initial().facts).toEqual(expected.state.facts);
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

    it('commits once per batch that adds something, and never for pure duplicates', async () => {
      await fc.assert(
        fc.asyncProperty(contract.events, async (set) => {
          const store = new InMemorySessionStore();
          const sessionId = set[0]?.sessionId ?? '';
          await recordEvents(store, adapter, sessionId, set, recording);
          const commits = store.commits;
          const again = await recordEvents(store, adapter, sessionId, set, recording);
          expect(commits).toBe(set.length > 0 ? 1 : 0);
          expect(store.commits).toBe(commits);
          expect(again.duplicates).toHaveLength(set.length);
          expect(again.added).toHaveLength(0);
        }),
        { numRuns: Math.ceil(NUM_RUNS / 3) },
      );
    });
  });

  describe(`${name}: outcomes`, () => {
    it.each(contract.outcomes.map((row) => [row.name, row] as const))('%s', (_, row) => {
      const events = row.webhooks(session).map((webhook) => parsed(adapter, webhook));
      // The table holds for the webhooks in the order given and in reverse.
      for (const order of [events, [...events].reverse()]) {
        const { state, summary } = fold(adapter.rules, order);
        expect({
          status: state.status,
          outcome: summary.outcome,
          final: summary.final,
          actions: summary.actions.map((a) => a.action),
        }).toEqual({
          status: row.status,
          outcome: row.outcome,
          final: row.final,
          actions: row.actions ?? [],
        });
        if (row.firstAction) expect(summary.actions[0]).toMatchObject(row.firstAction);
      }
    });
  });
}
