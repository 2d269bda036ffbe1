// The shared session engine: folds a provider's rules over the canonical order of a session's
// distinct events. Because the fold sees a set (duplicates removed, order imposed by the rules),
// any delivery order and any number of redeliveries produce the same state.
import type {
  HistoryEntry,
  SessionChange,
  SessionEvent,
  SessionRules,
  SessionState,
} from './session-event.js';

export interface Fold<Facts> {
  readonly state: SessionState<Facts>;
  /** Every event in canonical order, marked applied or not (with the reason). */
  readonly history: readonly HistoryEntry[];
}

/** The state of a session that received exactly `events` (assumed distinct by event id). */
export function fold<Facts>(
  rules: SessionRules<Facts>,
  events: readonly SessionEvent[],
): Fold<Facts> {
  let state = rules.initial();
  const history: HistoryEntry[] = [];
  for (const event of [...events].sort((a, b) => rules.compare(a, b))) {
    const transition = rules.apply(state, event);
    if (transition.applied) {
      state = transition.state;
      history.push({ ...event, applied: true });
    } else {
      history.push({ ...event, applied: false, reason: transition.reason });
    }
  }
  return { state, history };
}

export interface Application<Facts> {
  readonly fold: Fold<Facts>;
  /** One change per new event, in the order the events were given. */
  readonly changes: readonly SessionChange<Facts>[];
  /** Events already in the history, or repeated in `incoming`: nothing to do for them. */
  readonly duplicates: readonly SessionEvent[];
}

/**
 * Adds `incoming` to a session that already holds `known` events. Returns the new fold, the
 * change each new event made (before and after adding it), and the duplicates.
 */
export function addEvents<Facts>(
  rules: SessionRules<Facts>,
  provider: string,
  known: readonly SessionEvent[],
  incoming: readonly SessionEvent[],
): Application<Facts> {
  const seen = new Set(known.map((event) => event.eventId));
  const events = [...known];
  const duplicates: SessionEvent[] = [];
  const changes: SessionChange<Facts>[] = [];
  let current = fold(rules, events);
  for (const event of incoming) {
    if (seen.has(event.eventId)) {
      duplicates.push(event);
      continue;
    }
    seen.add(event.eventId);
    events.push(event);
    const next = fold(rules, events);
    const entry = next.history.find((h) => h.eventId === event.eventId) as HistoryEntry;
    changes.push({
      provider,
      sessionId: event.sessionId,
      event: entry,
      before: current.state,
      after: next.state,
    });
    current = next;
  }
  return { fold: current, changes, duplicates };
}
