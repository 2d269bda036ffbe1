// Veriff's session lifecycle (see docs/state-machine.md): started (7001) < submitted (7002), per
// attempt and for the session; the web-flow events 7007-7011 are kept as flow facts and never
// move the status. Veriff sends no event time, so the canonical order is by lifecycle stage.
import {
  byEventId,
  type SessionEvent,
  type SessionRules,
  type SessionState,
} from '../../sessions/session-event.js';

export interface VeriffAttempt {
  readonly attemptId: string;
  /** The furthest status of this attempt; null when only flow events of it were received. */
  readonly status: 'started' | 'submitted' | null;
}

export interface VeriffFlow {
  readonly action: string;
  readonly code: number;
  readonly reason: string | null;
  readonly state: string | null;
  readonly attemptId: string | null;
}

export interface VeriffFacts {
  /** Attempts sorted by id. */
  readonly attempts: readonly VeriffAttempt[];
  /** The flow event that got furthest (see FLOW_STAGE), null before any. */
  readonly flow: VeriffFlow | null;
}

const STATUS_STAGE: Readonly<Record<number, number>> = { 7001: 1, 7002: 2 };

/**
 * How far towards a decision each web-flow event shows the end-user got. Veriff sends no event
 * time, so "the last flow event" is the furthest one: leaving the flow (7011 changes document type
 * mid-flow, 7010 cancels) comes before waiting for the decision (7008), finishing (7009) and
 * receiving the decision (7007).
 */
export const FLOW_STAGE: Readonly<Record<number, number>> = {
  7011: 1,
  7010: 2,
  7008: 3,
  7009: 4,
  7007: 5,
};

const codeOf = (event: SessionEvent): number =>
  typeof event.detail.code === 'number' ? event.detail.code : 0;
const text = (value: string | number | null | undefined): string | null =>
  typeof value === 'string' ? value : null;

/** Status events first (started, then submitted), then flow events by stage, unknown codes last. */
function stage(event: SessionEvent): number {
  const code = codeOf(event);
  return (
    STATUS_STAGE[code] ?? (FLOW_STAGE[code] === undefined ? 100 : 10 + (FLOW_STAGE[code] ?? 0))
  );
}

const STATUS_ORDER = [null, 'started', 'submitted'] as const;
const furthest = (a: VeriffAttempt['status'], b: VeriffAttempt['status']) =>
  STATUS_ORDER.indexOf(a) >= STATUS_ORDER.indexOf(b) ? a : b;

/** `attempts` with `attemptId` recorded, its status only ever moving forward. */
function withAttempt(
  attempts: readonly VeriffAttempt[],
  attemptId: string | null,
  status: VeriffAttempt['status'],
): readonly VeriffAttempt[] {
  if (attemptId === null) return attempts;
  const existing = attempts.find((a) => a.attemptId === attemptId);
  const merged: VeriffAttempt = { attemptId, status: furthest(existing?.status ?? null, status) };
  return [...attempts.filter((a) => a.attemptId !== attemptId), merged].sort((a, b) =>
    a.attemptId < b.attemptId ? -1 : a.attemptId > b.attemptId ? 1 : 0,
  );
}

export const veriffRules: SessionRules<VeriffFacts> = {
  initial: () => ({ status: null, facts: { attempts: [], flow: null } }),

  compare: (a, b) => stage(a) - stage(b) || byEventId(a, b),

  apply(state: SessionState<VeriffFacts>, event) {
    const code = codeOf(event);
    const attemptId = text(event.detail.attemptId);
    if (code === 7001 || code === 7002) {
      const status = code === 7002 ? 'submitted' : 'started';
      return {
        applied: true,
        state: {
          status: furthest(state.status as VeriffAttempt['status'], status),
          facts: { ...state.facts, attempts: withAttempt(state.facts.attempts, attemptId, status) },
        },
      };
    }
    if (FLOW_STAGE[code] !== undefined) {
      const flow: VeriffFlow = {
        action: event.type,
        code,
        reason: text(event.detail.reason),
        state: text(event.detail.state),
        attemptId,
      };
      return {
        applied: true,
        state: {
          ...state,
          facts: { attempts: withAttempt(state.facts.attempts, attemptId, null), flow },
        },
      };
    }
    return { applied: false, reason: 'unknown_event_type' };
  },
};
