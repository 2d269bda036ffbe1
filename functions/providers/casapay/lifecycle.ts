// CasaPay's session lifecycle (see docs/state-machine.md):
//   created < pending < processing < {completed | expired | failed}, the last three final.
// Events are folded in provider time order, so "the earlier event wins" between two finals.
import {
  byEventId,
  type SessionEvent,
  type SessionRules,
  type SessionState,
  type Transition,
} from '../../sessions/session-event.js';

/** A document upload or identity check and its latest outcome. Lists, not maps keyed by the
 * provider's ids, so that no id (`__proto__` included) can ever act as an object key. */
export interface ObjectOutcome<Outcome extends string> {
  readonly id: string;
  readonly status: Outcome;
}

export interface CasaPayFacts {
  /** The verification report, from `data.object.report` or `verification_report.ready`. */
  readonly report: string | null;
  /** Document uploads, sorted by id: `processed` or `rejected`. */
  readonly documents: readonly ObjectOutcome<'processed' | 'rejected'>[];
  /** Identity checks, sorted by id: `passed` or `failed`. */
  readonly checks: readonly ObjectOutcome<'passed' | 'failed'>[];
}

/** `outcomes` with `id` set to `status` (a later event replaces an earlier outcome). */
function withOutcome<O extends string>(
  outcomes: readonly ObjectOutcome<O>[],
  id: string,
  status: O,
): ObjectOutcome<O>[] {
  return [...outcomes.filter((o) => o.id !== id), { id, status }].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
}

/** `state` with the outcome of one document upload or identity check recorded. */
function withFact(
  state: SessionState<CasaPayFacts>,
  list: 'documents' | 'checks',
  id: string,
  outcome: string,
): SessionState<CasaPayFacts> {
  const outcomes = state.facts[list] as readonly ObjectOutcome<string>[];
  return { ...state, facts: { ...state.facts, [list]: withOutcome(outcomes, id, outcome) } };
}

export const SESSION_STATUS_RANK = {
  created: 0,
  pending: 1,
  processing: 2,
  completed: 3,
  expired: 3,
  failed: 3,
} as const;

type SessionStatus = keyof typeof SESSION_STATUS_RANK;
const FINAL_RANK = 3;

const isSessionStatus = (status: string): status is SessionStatus =>
  Object.hasOwn(SESSION_STATUS_RANK, status);

/** Splits `document_upload.processed` into the object type and what happened to it. */
function typeParts(type: string): [string, string] {
  const dot = type.lastIndexOf('.');
  return dot < 0 ? [type, ''] : [type.slice(0, dot), type.slice(dot + 1)];
}

/**
 * Within one second (CasaPay's `created` resolution) lifecycle order decides, so a session that
 * was created, became pending and processing in the same second still reads in that order.
 */
function lifecycleRank(event: SessionEvent): number {
  const [object, status] = typeParts(event.type);
  return object === 'verification_session' && isSessionStatus(status)
    ? SESSION_STATUS_RANK[status]
    : FINAL_RANK + 1;
}

const string = (value: string | number | null | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

function applySessionStatus(
  state: SessionState<CasaPayFacts>,
  status: SessionStatus,
  event: SessionEvent,
): Transition<CasaPayFacts> {
  const current = state.status as SessionStatus | null;
  if (current !== null && SESSION_STATUS_RANK[current] === FINAL_RANK) {
    return { applied: false, reason: 'session_already_final' };
  }
  if (current !== null && SESSION_STATUS_RANK[status] <= SESSION_STATUS_RANK[current]) {
    return { applied: false, reason: 'status_not_forward' };
  }
  const report = string(event.detail.report) ?? state.facts.report;
  return { applied: true, state: { status, facts: { ...state.facts, report } } };
}

export const casapayRules: SessionRules<CasaPayFacts> = {
  initial: () => ({ status: null, facts: { report: null, documents: [], checks: [] } }),

  compare: (a, b) =>
    (a.occurredAt ?? 0) - (b.occurredAt ?? 0) ||
    lifecycleRank(a) - lifecycleRank(b) ||
    byEventId(a, b),

  apply(state, event) {
    const [object, outcome] = typeParts(event.type);
    if (event.detail.object !== null && event.detail.object !== object) {
      return { applied: false, reason: 'object_type_mismatch' };
    }
    const objectId = string(event.detail.objectId);
    switch (`${object}.${outcome}`) {
      case 'verification_report.ready':
        if (objectId === null) break;
        return { applied: true, state: { ...state, facts: { ...state.facts, report: objectId } } };
      case 'document_upload.processed':
      case 'document_upload.rejected':
        if (objectId === null) break;
        return { applied: true, state: withFact(state, 'documents', objectId, outcome) };
      case 'identity_check.passed':
      case 'identity_check.failed':
        if (objectId === null) break;
        return { applied: true, state: withFact(state, 'checks', objectId, outcome) };
      default:
        if (object === 'verification_session' && isSessionStatus(outcome)) {
          return applySessionStatus(state, outcome, event);
        }
    }
    return { applied: false, reason: 'unknown_event_type' };
  },
};
