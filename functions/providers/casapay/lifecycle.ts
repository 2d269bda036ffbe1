// CasaPay's session lifecycle (see docs/state-machine.md):
//   created < pending < processing < {completed | expired | failed}, the last three final.
// Events are folded in provider time order, so "the earlier event wins" between two finals. The
// events a report retrieval records (report-events.ts) are folded after every webhook, against the
// report the webhooks named (docs/reports.md).
import {
  byEventId,
  type DetailValue,
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
import {
  isReportEvent,
  type KeptReportCheck,
  type KeptReportDocument,
  REPORT_EVENT,
} from './report-events.js';

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

/**
 * Where the retrieval of the session's report stands: `due` (known, no attempt yet), `retrying`
 * (attempted, not settled), `retrieved`, `gave_up`, or `off` (no API key: not retrieved).
 */
export type ReportRetrievalState = 'due' | 'retrying' | 'retrieved' | 'gave_up' | 'off';

/** The report named by `report`, as far as its retrieval got (docs/reports.md). */
export interface CasaPayReportFacts {
  readonly id: string;
  readonly retrieval: ReportRetrievalState;
  /** Calls made to CasaPay's API for it (the highest attempt recorded). */
  readonly attempts: number;
  /** The error of the latest attempt that did not settle it, or why the retrieval gave up. */
  readonly lastError: string | null;
  /** The report's own status as last seen. */
  readonly status: string | null;
  readonly verified: boolean | null;
  readonly selfieMatch: number | null;
  readonly documents: readonly KeptReportDocument[];
  readonly checks: readonly KeptReportCheck[];
  /** The object key of the full report in the archive bucket, when archiving is on. */
  readonly archiveKey: string | null;
  /** When it was retrieved (unix seconds). */
  readonly retrievedAt: number | null;
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
  /**
   * The retrieval of `report`: present where reports are retrieved (null until a report is
   * named), or where a retrieval was recorded.
   */
  readonly verificationReport?: CasaPayReportFacts | null;
}

/** How a deployment treats reports (the consumer's and the fetcher's CASAPAY_REPORT_RETRIEVAL). */
export interface CasaPayRuleSettings {
  /**
   * Reports are retrieved: a completed session whose report is known has no outcome until the
   * report is retrieved (or gives up), instead of taking it from the checks. Default: false.
   */
  readonly awaitReports?: boolean;
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

/**
 * `state` naming report `report`. Where reports are retrieved, a newly named report starts `due`:
 * the retrieval of another report says nothing about this one.
 */
function withReport(
  state: SessionState<CasaPayFacts>,
  report: string | null,
  settings: CasaPayRuleSettings,
): SessionState<CasaPayFacts> {
  const facts = state.facts;
  const verificationReport =
    settings.awaitReports && report !== null && facts.verificationReport?.id !== report
      ? dueReport(report)
      : facts.verificationReport;
  return {
    ...state,
    facts: {
      ...facts,
      report,
      ...(verificationReport === undefined ? {} : { verificationReport }),
    },
  };
}

function applySessionStatus(
  state: SessionState<CasaPayFacts>,
  status: SessionStatus,
  event: SessionEvent,
  settings: CasaPayRuleSettings,
): Transition<CasaPayFacts> {
  // The report id is kept whatever becomes of the status: the report exists at CasaPay.
  const named = withReport(state, detailText(event.detail.report) ?? state.facts.report, settings);
  const current = state.status as SessionStatus | null;
  if (isFinal(current)) {
    return { applied: false, reason: 'session_already_final', state: named };
  }
  if (current !== null && SESSION_STATUS_RANK[status] <= SESSION_STATUS_RANK[current]) {
    return { applied: false, reason: 'status_not_forward', state: named };
  }
  return { applied: true, state: { ...named, status } };
}

const DOCUMENT_OUTCOMES = new Set(['processed', 'rejected']);
const CHECK_OUTCOMES = new Set(['passed', 'failed', 'inconclusive']);

/** A named report no attempt has been made for yet. */
const dueReport = (id: string): CasaPayReportFacts => ({
  id,
  retrieval: 'due',
  attempts: 0,
  lastError: null,
  status: null,
  verified: null,
  selfieMatch: null,
  documents: [],
  checks: [],
  archiveKey: null,
  retrievedAt: null,
});

/** The report retrieval events in their canonical order: by attempt, then kind, then id. */
const REPORT_KIND_RANK: Readonly<Record<string, number>> = {
  [REPORT_EVENT.off]: 0,
  [REPORT_EVENT.attempted]: 1,
  [REPORT_EVENT.retrieved]: 2,
  [REPORT_EVENT.gaveUp]: 3,
};

const isSettled = (report: CasaPayReportFacts) =>
  report.retrieval === 'retrieved' || report.retrieval === 'gave_up';

/** A detail value as a list of objects with the fields `read` takes from each (else empty). */
function detailList<T>(value: DetailValue | undefined, read: (item: DetailValue) => T | null): T[] {
  return Array.isArray(value)
    ? (value as readonly DetailValue[]).flatMap((item) => read(item) ?? [])
    : [];
}

const field = (item: DetailValue, name: string): DetailValue | undefined =>
  typeof item === 'object' && item !== null && !Array.isArray(item)
    ? (item as Readonly<Record<string, DetailValue>>)[name]
    : undefined;

const reportDocuments = (value: DetailValue | undefined): KeptReportDocument[] =>
  detailList(value, (item) => {
    const id = detailText(field(item, 'id'));
    return id === null
      ? null
      : {
          id,
          documentType: detailText(field(item, 'documentType')),
          status: detailText(field(item, 'status')),
        };
  });

const reportChecks = (value: DetailValue | undefined): KeptReportCheck[] =>
  detailList(value, (item) => {
    const id = detailText(field(item, 'id'));
    return id === null
      ? null
      : {
          id,
          checkType: detailText(field(item, 'checkType')),
          status: detailText(field(item, 'status')),
          score: detailNumber(field(item, 'score')),
        };
  });

/**
 * A retrieval's finding, folded into the report it is about. Only the report the webhooks name
 * counts; the first settling event (retrieved or gave up, in canonical order) ends it, and what
 * comes after is recorded, not applied.
 */
function applyReportEvent(
  state: SessionState<CasaPayFacts>,
  event: SessionEvent,
): Transition<CasaPayFacts> {
  const { detail } = event;
  const reportId = detailText(detail.reportId);
  if (reportId === null) return { applied: false, reason: 'unknown_event_type' };
  if (reportId !== state.facts.report) return { applied: false, reason: 'report_superseded' };
  const known = state.facts.verificationReport;
  const current = known?.id === reportId ? known : dueReport(reportId);
  if (isSettled(current)) return { applied: false, reason: 'report_settled' };
  const attempts = Math.max(current.attempts, detailNumber(detail.attempt) ?? 0);
  const error = detailText(detail.error);
  let next: CasaPayReportFacts;
  switch (event.type) {
    case REPORT_EVENT.retrieved:
      next = {
        ...current,
        retrieval: 'retrieved',
        attempts,
        status: detailText(detail.reportStatus),
        verified: typeof detail.verified === 'boolean' ? detail.verified : null,
        selfieMatch: detailNumber(detail.selfieMatch),
        documents: reportDocuments(detail.documents),
        checks: reportChecks(detail.checks),
        archiveKey: detailText(detail.archiveKey),
        retrievedAt: event.occurredAt ?? null,
      };
      break;
    case REPORT_EVENT.attempted:
      next = {
        ...current,
        retrieval: 'retrying',
        attempts,
        lastError: error,
        status: detailText(detail.reportStatus) ?? current.status,
      };
      break;
    case REPORT_EVENT.gaveUp:
      next = { ...current, retrieval: 'gave_up', attempts, lastError: error };
      break;
    default:
      // Off: no call was made. An attempt recorded after it (the key was added) takes over.
      next =
        current.retrieval === 'due' ? { ...current, retrieval: 'off', lastError: error } : current;
  }
  return {
    applied: true,
    state: { ...state, facts: { ...state.facts, verificationReport: next } },
  };
}

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
 * The outcome of a completed session from its report, or undefined where the report has no say
 * (none named, retrieval off, or reports are not retrieved here and none was): then the checks
 * decide, as before reports were retrieved. docs/reports.md, "Outcome".
 */
function reportOutcome(
  facts: CasaPayFacts,
  settings: CasaPayRuleSettings,
): { readonly outcome: Outcome | null; readonly final: boolean } | undefined {
  const report = facts.verificationReport;
  if (!report || report.retrieval === 'off') return undefined;
  if (report.retrieval === 'due' || report.retrieval === 'retrying') {
    return settings.awaitReports ? { outcome: null, final: false } : undefined;
  }
  if (report.retrieval === 'gave_up' || report.status !== 'completed') {
    return { outcome: 'review', final: false };
  }
  if (report.verified === false) return { outcome: 'declined', final: true };
  const failedCheck =
    facts.checks.some((c) => c.status === 'failed') ||
    report.checks.some((c) => c.status === 'failed');
  return report.verified === true && !failedCheck
    ? { outcome: 'approved', final: true }
    : { outcome: 'review', final: false };
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
    if (isReportEvent(e)) return [];
    const at = detailNumber(e.detail.sessionCreated) ?? e.occurredAt;
    return at === undefined ? [] : [at * 1000];
  });
  return times.length === 0 ? null : Math.min(...times);
}

function summarizeCasaPay(
  { status, facts }: SessionState<CasaPayFacts>,
  history: readonly HistoryEntry[],
  settings: CasaPayRuleSettings,
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
      const fromReport = reportOutcome(facts, settings);
      if (fromReport) return summary(fromReport.outcome, fromReport.final);
      const outcome = checksOutcome(facts.checks);
      return summary(outcome, outcome === 'approved' || outcome === 'declined');
    }
    default:
      return summary(null, false, documentsToReplace(facts.documents));
  }
}

/** Webhooks first (phase 0), then the report retrieval events against the report they named. */
const phase = (event: SessionEvent): number => (isReportEvent(event) ? 1 : 0);

/** CasaPay's rules, where reports are or are not awaited (docs/state-machine.md, docs/reports.md). */
export function casapayRulesWith(settings: CasaPayRuleSettings = {}): SessionRules<CasaPayFacts> {
  return {
    initial: () => ({
      status: null,
      facts: {
        report: null,
        documents: [],
        checks: [],
        ...(settings.awaitReports ? { verificationReport: null } : {}),
      },
    }),

    compare: (a, b) => {
      const byPhase = phase(a) - phase(b);
      if (byPhase !== 0) return byPhase;
      if (phase(a) === 1) {
        return (
          (detailNumber(a.detail.attempt) ?? 0) - (detailNumber(b.detail.attempt) ?? 0) ||
          (REPORT_KIND_RANK[a.type] ?? 0) - (REPORT_KIND_RANK[b.type] ?? 0) ||
          byEventId(a, b)
        );
      }
      return (
        (a.occurredAt ?? 0) - (b.occurredAt ?? 0) ||
        lifecycleRank(a) - lifecycleRank(b) ||
        byEventId(a, b)
      );
    },

    apply(state, event) {
      if (isReportEvent(event)) return applyReportEvent(state, event);
      const [object, outcome] = typeParts(event.type);
      const { detail } = event;
      if (detail.object !== null && detail.object !== undefined && detail.object !== object) {
        return { applied: false, reason: 'object_type_mismatch' };
      }
      const objectId = detailText(detail.objectId);
      if (object === 'verification_session' && isSessionStatus(outcome)) {
        return applySessionStatus(state, outcome, event, settings);
      }
      if (objectId === null) return { applied: false, reason: 'unknown_event_type' };
      const facts = state.facts;
      if (event.type === 'verification_report.ready') {
        return { applied: true, state: withReport(state, objectId, settings) };
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

    summarize: (state, history) => summarizeCasaPay(state, history, settings),
  };
}

/** CasaPay's rules where reports are not retrieved: the outcome of `completed` follows the checks. */
export const casapayRules: SessionRules<CasaPayFacts> = casapayRulesWith();
