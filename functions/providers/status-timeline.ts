// The lifecycle shared by the providers whose events each report where a session stands at a
// provider time (Stripe Identity, Persona, Sumsub, Onfido, Standard Webhooks senders): the
// status of the latest status event in canonical order is the session's, unless a final status
// came first. Each provider says how to read its events and what its statuses mean
// (docs/state-machine.md); the fold, the order and the finality rule are written once, here.
import {
  byEventId,
  detailNumber,
  type HistoryEntry,
  type NotAppliedReason,
  type Outcome,
  type SessionAction,
  type SessionEvent,
  type SessionRules,
  type SessionState,
  type SessionSummary,
} from '../sessions/session-event.js';

/** What one event is to a status timeline. */
export type TimelineRead =
  /** It reports the session's status. */
  | { readonly kind: 'status'; readonly status: string }
  /** It moves no status but records facts (a redaction, a reopened check). */
  | { readonly kind: 'fact' }
  /** It is kept in the history and changes nothing, for `reason`. */
  | { readonly kind: 'ignored'; readonly reason: NotAppliedReason };

export interface TimelineSpec<Facts> {
  initialFacts(): Facts;
  read(event: SessionEvent): TimelineRead;
  /**
   * The lifecycle stage of an event: it orders events of the same provider time (providers send
   * times to the second, or none at all) so that `created` reads before `completed`.
   */
  stage(event: SessionEvent): number;
  /**
   * `time` (the default) orders by provider time, then stage; `stage` orders by stage, then time,
   * for a provider whose events carry no time except on completion (Onfido).
   */
  readonly order?: 'time' | 'stage';
  /** A status after which later status events are not applied (`session_already_final`)... */
  isFinal(status: string): boolean;
  /** ...unless this says `status` may replace the final `current` (a reviewer's later decision). */
  overrides?(status: string, current: string): boolean;
  /** The facts once `event` (a status event that applied, or a fact event) is recorded. */
  record(facts: Facts, event: SessionEvent): Facts;
  summarize(state: SessionState<Facts>, history: readonly HistoryEntry[]): SessionSummary;
}

/**
 * The provider time of an event in epoch milliseconds: `detail.atMs` where the provider sends
 * milliseconds (Sumsub's `createdAtMs`, Persona's `created-at`), else `occurredAt` in seconds.
 * Events without a time sort first, so they never override one that says when it happened.
 */
export function eventTimeMs(event: SessionEvent): number {
  const ms = detailNumber(event.detail.atMs);
  if (ms !== null) return ms;
  return event.occurredAt === undefined ? Number.NEGATIVE_INFINITY : event.occurredAt * 1000;
}

const byTime = (a: SessionEvent, b: SessionEvent) => {
  const [x, y] = [eventTimeMs(a), eventTimeMs(b)];
  return x === y ? 0 : x < y ? -1 : 1;
};

/** The session rules of a status timeline. */
export function statusTimelineRules<Facts>(spec: TimelineSpec<Facts>): SessionRules<Facts> {
  const byStage = (a: SessionEvent, b: SessionEvent) => spec.stage(a) - spec.stage(b);
  return {
    initial: () => ({ status: null, facts: spec.initialFacts() }),

    compare: (a, b) =>
      (spec.order === 'stage' ? byStage(a, b) || byTime(a, b) : byTime(a, b) || byStage(a, b)) ||
      byEventId(a, b),

    apply(state, event) {
      const read = spec.read(event);
      if (read.kind === 'ignored') return { applied: false, reason: read.reason };
      if (read.kind === 'fact') {
        return { applied: true, state: { ...state, facts: spec.record(state.facts, event) } };
      }
      const current = state.status;
      if (
        current !== null &&
        spec.isFinal(current) &&
        !(spec.overrides?.(read.status, current) ?? false)
      ) {
        return { applied: false, reason: 'session_already_final' };
      }
      return {
        applied: true,
        state: { status: read.status, facts: spec.record(state.facts, event) },
      };
    },

    summarize: (state, history) => spec.summarize(state, history),
  };
}

/** What a status means to a backend: its outcome, whether it is final, and what to do next. */
export interface StatusMeaning {
  readonly outcome: Outcome | null;
  readonly final: boolean;
  readonly actions?: readonly SessionAction[];
}

/** No outcome yet, more events to come. */
export const IN_PROGRESS: StatusMeaning = { outcome: null, final: false };

/**
 * When the provider says the session began, in epoch ms: the earliest `detail.createdMs` (the
 * session object's own creation time, where the provider sends it) or event time of the history.
 */
export function providerCreatedAt(history: readonly HistoryEntry[]): number | null {
  const times = history
    .map((e) => detailNumber(e.detail.createdMs) ?? eventTimeMs(e))
    .filter((t) => Number.isFinite(t));
  return times.length === 0 ? null : Math.min(...times);
}

/** The summary of a status's meaning, with the history's provider start time. */
export const summaryOf = (
  meaning: StatusMeaning,
  history: readonly HistoryEntry[],
): SessionSummary => ({
  outcome: meaning.outcome,
  final: meaning.final,
  actions: meaning.actions ?? [],
  providerCreatedAt: providerCreatedAt(history),
});
