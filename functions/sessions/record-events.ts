// Exactly-once application of a session's new events: read the session, compute the change with
// the engine, and commit it (the state with the history that deduplicates) under an optimistic
// version check, retrying a bounded number of times when another consumer got there first.
import type { ProviderAdapter } from '../providers/provider.js';
import { addEvents, type Fold } from './engine.js';
import type { HistoryEntry, SessionEvent } from './session-event.js';
import type { SessionRecord, SessionStore } from './session-record.js';

/**
 * The most events one session keeps. A DynamoDB item holds 400 KB and an event entry takes up to
 * about 400 bytes, so 500 leaves room; real verification sessions see tens of events.
 */
export const MAX_EVENTS_PER_SESSION = 500;

export interface RecordOptions {
  /** Attempts before giving up on a contended session (the SQS redelivery retries later). */
  readonly maxAttempts: number;
  readonly now: () => Date;
  /** Waits between attempts; jittered so that racing consumers spread out. */
  readonly backoff: (attempt: number) => Promise<void>;
}

export interface RecordOutcome {
  /** The new events as committed (applied or not, with the reason); empty when nothing was new. */
  readonly added: readonly HistoryEntry[];
  /** Already recorded: acknowledged without a write. */
  readonly duplicates: readonly SessionEvent[];
  /** The session is full: to be quarantined. */
  readonly overflow: readonly SessionEvent[];
  /** How many read-compute-commit rounds it took (1 without contention). */
  readonly attempts: number;
}

export class SessionContentionError extends Error {
  constructor(provider: string, attempts: number) {
    super(`a ${provider} session stayed contended for ${attempts} attempts`);
    this.name = 'SessionContentionError';
  }
}

export const jitteredBackoff = (baseMs: number) => (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * baseMs * 2 ** attempt));

function nextRecord(
  current: SessionRecord | undefined,
  provider: string,
  sessionId: string,
  fold: Fold<unknown>,
  now: string,
): SessionRecord {
  return {
    provider,
    sessionId,
    version: (current?.version ?? 0) + 1,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
    status: fold.state.status,
    facts: fold.state.facts,
    summary: fold.summary,
    events: fold.history,
  };
}

/** Records `events` (all of one session) exactly once each. */
export async function recordEvents(
  store: SessionStore,
  adapter: Pick<ProviderAdapter, 'name' | 'rules'>,
  sessionId: string,
  events: readonly SessionEvent[],
  options: RecordOptions,
): Promise<RecordOutcome> {
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    // The first read may be eventually consistent (half the cost); a stale read only costs a
    // failed condition, after which reads are strongly consistent.
    const current = await store.load(adapter.name, sessionId, { consistent: attempt > 1 });
    const known = current?.events ?? [];
    let application = addEvents(adapter.rules, known, events);
    const room = Math.max(0, MAX_EVENTS_PER_SESSION - known.length);
    const overflowIds = new Set(application.added.slice(room).map((e) => e.eventId));
    if (overflowIds.size > 0) {
      const fitting = events.filter((e) => !overflowIds.has(e.eventId));
      application = addEvents(adapter.rules, known, fitting);
    }
    const overflow = events.filter((e) => overflowIds.has(e.eventId));
    const outcome = { duplicates: application.duplicates, overflow, attempts: attempt };
    if (application.added.length === 0) return { ...outcome, added: [] };

    const record = nextRecord(
      current,
      adapter.name,
      sessionId,
      application.fold,
      options.now().toISOString(),
    );
    const result = await store.commit({ record, expectedVersion: current?.version ?? 0 });
    if (result.kind === 'committed') return { ...outcome, added: application.added };
    if (attempt < options.maxAttempts) await options.backoff(attempt);
  }
  throw new SessionContentionError(adapter.name, options.maxAttempts);
}
