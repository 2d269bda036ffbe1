// The shared session engine: folds a provider's rules over the canonical order of a session's
// distinct events. Because the fold sees a set (duplicates removed, order imposed by the rules),
// any delivery order and any number of redeliveries produce the same state.
import type {
  HistoryEntry,
  SessionEvent,
  SessionRules,
  SessionState,
  SessionSummary,
} from './session-event.js';

export interface Fold<Facts> {
  readonly state: SessionState<Facts>;
  /** Every event in canonical order, marked applied or not (with the reason). */
  readonly history: readonly HistoryEntry[];
  /** Outcome, finality and actions of the folded state. */
  readonly summary: SessionSummary;
}

/** The event itself, without what an earlier fold made of it (a history entry is refolded). */
function eventOf(event: SessionEvent | HistoryEntry): SessionEvent {
  if (!('applied' in event)) return event;
  const { applied: _applied, reason: _reason, ...plain } = event;
  return plain;
}

/** The state of a session that received exactly `events` (assumed distinct by event id). */
export function fold<Facts>(
  rules: SessionRules<Facts>,
  events: readonly SessionEvent[],
): Fold<Facts> {
  let state = rules.initial();
  const history: HistoryEntry[] = [];
  for (const event of [...events].map(eventOf).sort((a, b) => rules.compare(a, b))) {
    const transition = rules.apply(state, event);
    if (transition.applied) {
      state = transition.state;
      history.push({ ...event, applied: true });
    } else {
      state = transition.state ?? state;
      history.push({ ...event, applied: false, reason: transition.reason });
    }
  }
  return { state, history, summary: rules.summarize(state, history) };
}

export interface Application<Facts> {
  readonly fold: Fold<Facts>;
  /** The new events as the new fold records them, in the order they were given. */
  readonly added: readonly HistoryEntry[];
  /** Events already in the history, or repeated in `incoming`: nothing to do for them. */
  readonly duplicates: readonly SessionEvent[];
}

/**
 * Adds `incoming` to a session that already holds `known` events: one fold over the union.
 * An event that arrives late can change how earlier ones are marked, so each new event is reported
 * as the final fold records it, not as it would have been on its own.
 */
export function addEvents<Facts>(
  rules: SessionRules<Facts>,
  known: readonly SessionEvent[],
  incoming: readonly SessionEvent[],
): Application<Facts> {
  const seen = new Set(known.map((event) => event.eventId));
  const fresh: SessionEvent[] = [];
  const duplicates: SessionEvent[] = [];
  for (const event of incoming) {
    if (seen.has(event.eventId)) duplicates.push(event);
    else {
      seen.add(event.eventId);
      fresh.push(event);
    }
  }
  const result = fold(rules, [...known, ...fresh]);
  const entries = new Map(result.history.map((entry) => [entry.eventId, entry]));
  const added = fresh.map((event) => entries.get(event.eventId) as HistoryEntry);
  return { fold: result, added, duplicates };
}
