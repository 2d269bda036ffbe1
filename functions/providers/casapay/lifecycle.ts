// CasaPay's session lifecycle (see docs/state-machine.md):
//   created < pending < processing < {completed | expired | failed}, the last three final.
// Events are folded in provider time order, so "the earlier event wins" between two finals.
import {
  byEventId,
  detailNumber,
  detailText,
  type HistoryEntry,
  type Outcome,
  type SessionAction,
  type SessionEvent,
  type SessionRules,
  type SessionState,
  type SessionSummary,
  type Transition,
} from '../../sessions/session-event.js';

/** A document upload and its latest outcome, with what CasaPay said about it. */
export interface CasaPayDocument {
  readonly id: string;
  readonly status: 'processed' | 'rejected';
  readonly documentType: string | null;
  readonly rejectionReason: string | null;
  /** Provider time (unix seconds) of the event that reported this outcome. */
  readonly reportedAt: number;
}

/** An identity check and its latest outcome. */
export interface CasaPayCheck {
  readonly id: string;
  readonly status: 'passed' | 'failed' | 'inconclusive';
  readonly checkType: string | null;
}

export interface CasaPayFacts {
  /** The verification report, from `data.object.report` or `verification_report.ready`. */
  readonly report: string | null;
  /**
   * Lists sorted by id, not maps keyed by the provider's ids, so that no id (`__proto__`
   * included) can ever act as an object key.
   */
  readonly documents: readonly CasaPayDocument[];
  readonly checks: readonly CasaPayCheck[];
}

/** `list` with the entry of `entry.id` replaced (a later event replaces an earlier outcome). */
function withEntry<T extends { readonly id: string }>(list: readonly T[], entry: T): T[] {
  return [...list.filter((o) => o.id !== entry.id), entry].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
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
const isFinal = (status: string | null): boolean =>
  status !== null && isSessionStatus(status) && SESSION_STATUS_RANK[status] === FINAL_RANK;

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

function applySessionStatus(
  state: SessionState<CasaPayFacts>,
  status: SessionStatus,
  event: SessionEvent,
): Transition<CasaPayFacts> {
  // The report id is kept whatever becomes of the status: the report exists at CasaPay.
  const report = detailText(event.detail.report) ?? state.facts.report;
  const withReport = { ...state, facts: { ...state.facts, report } };
  const current = state.status as SessionStatus | null;
  if (isFinal(current)) {
    return { applied: false, reason: 'session_already_final', state: withReport };
  }
  if (current !== null && SESSION_STATUS_RANK[status] <= SESSION_STATUS_RANK[current]) {
    return { applied: false, reason: 'status_not_forward', state: withReport };
  }
  return { applied: true, state: { ...withReport, status } };
}

const DOCUMENT_OUTCOMES = new Set(['processed', 'rejected']);
const CHECK_OUTCOMES = new Set(['passed', 'failed', 'inconclusive']);

/**
 * The outcome of a completed session from its identity checks' latest outcomes: `completed` means
 * the checks finished, not that the applicant passed (docs/state-machine.md, "Outcomes").
 */
function checksOutcome(checks: readonly CasaPayCheck[]): Outcome | null {
  if (checks.some((c) => c.status === 'failed')) return 'declined';
  if (checks.some((c) => c.status === 'inconclusive')) return 'review';
  if (checks.some((c) => c.status === 'passed')) return 'approved';
  return null;
}

/**
 * Rejected documents the applicant has not yet replaced: no document of the same type was
 * processed after the rejection (in provider time).
 */
function documentsToReplace(documents: readonly CasaPayDocument[]): SessionAction[] {
  return documents
    .filter(
      (rejected) =>
        rejected.status === 'rejected' &&
        !documents.some(
          (other) =>
            other.status === 'processed' &&
            other.documentType === rejected.documentType &&
            other.reportedAt > rejected.reportedAt,
        ),
    )
    .map((d) => ({
      action: 'request_new_document',
      documentId: d.id,
      documentType: d.documentType,
      reason: d.rejectionReason,
    }));
}

/** The earliest time the provider gives for the session: the session object's `created`, or the first event. */
function providerCreatedAt(history: readonly HistoryEntry[]): number | null {
  const times = history.flatMap((e) => {
    const at = detailNumber(e.detail.sessionCreated) ?? e.occurredAt;
    return at === undefined ? [] : [at * 1000];
  });
  return times.length === 0 ? null : Math.min(...times);
}

export function summarizeCasaPay(
  { status, facts }: SessionState<CasaPayFacts>,
  history: readonly HistoryEntry[],
): SessionSummary {
  const summary = (outcome: Outcome | null, final: boolean, actions: SessionAction[] = []) => ({
    outcome,
    final,
    actions,
    providerCreatedAt: providerCreatedAt(history),
  });
  switch (status) {
    case 'expired':
      return summary('expired', true, [{ action: 'remind_applicant' }]);
    case 'failed':
      return summary('failed', true);
    case 'completed': {
      const outcome = checksOutcome(facts.checks);
      return summary(outcome, outcome === 'approved' || outcome === 'declined');
    }
    default:
      return summary(null, false, documentsToReplace(facts.documents));
  }
}

export const casapayRules: SessionRules<CasaPayFacts> = {
  initial: () => ({ status: null, facts: { report: null, documents: [], checks: [] } }),

  compare: (a, b) =>
    (a.occurredAt ?? 0) - (b.occurredAt ?? 0) ||
    lifecycleRank(a) - lifecycleRank(b) ||
    byEventId(a, b),

  apply(state, event) {
    const [object, outcome] = typeParts(event.type);
    const { detail } = event;
    if (detail.object !== null && detail.object !== undefined && detail.object !== object) {
      return { applied: false, reason: 'object_type_mismatch' };
    }
    const objectId = detailText(detail.objectId);
    if (object === 'verification_session' && isSessionStatus(outcome)) {
      return applySessionStatus(state, outcome, event);
    }
    if (objectId === null) return { applied: false, reason: 'unknown_event_type' };
    const facts = state.facts;
    if (event.type === 'verification_report.ready') {
      return { applied: true, state: { ...state, facts: { ...facts, report: objectId } } };
    }
    if (object === 'document_upload' && DOCUMENT_OUTCOMES.has(outcome)) {
      const document: CasaPayDocument = {
        id: objectId,
        status: outcome as CasaPayDocument['status'],
        documentType: detailText(detail.documentType),
        rejectionReason: outcome === 'rejected' ? detailText(detail.rejectionReason) : null,
        reportedAt: event.occurredAt ?? 0,
      };
      const documents = withEntry(facts.documents, document);
      return { applied: true, state: { ...state, facts: { ...facts, documents } } };
    }
    if (object === 'identity_check' && CHECK_OUTCOMES.has(outcome)) {
      const check: CasaPayCheck = {
        id: objectId,
        status: outcome as CasaPayCheck['status'],
        checkType: detailText(detail.checkType),
      };
      const checks = withEntry(facts.checks, check);
      return { applied: true, state: { ...state, facts: { ...facts, checks } } };
    }
    return { applied: false, reason: 'unknown_event_type' };
  },

  summarize: summarizeCasaPay,
};
