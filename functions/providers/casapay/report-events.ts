// The events the report fetcher adds to a CasaPay session: what one retrieval of the session's
// verification report found. Their ids derive from the report and the finding, so a repeated
// retrieval is a duplicate and the session stays a function of its set of events
// (docs/reports.md). They carry ids, codes, booleans and scores only: never a report's personal or
// financial sections, which the reader (functions/reports/report-reading.ts) does not even keep.

import type { EventDetail, SessionEvent } from '../../sessions/session-event.js';
import { present } from '../event-parsing.js';

/** The types of the events a retrieval records; CasaPay's own types are `<object>.<action>`. */
export const REPORT_EVENT = {
  /** The report reached a final status (`completed`, `error`): what it says is kept. */
  retrieved: 'report.retrieved',
  /** An attempt that did not settle it: the report still pending, or the call failed. */
  attempted: 'report.attempted',
  /** No more attempts: the report was not found, or it did not settle within the horizon. */
  gaveUp: 'report.gave_up',
  /** The CasaPay secret document has no `apiKey`: reports are not retrieved. */
  off: 'report.retrieval_off',
} as const;

export type ReportEventType = (typeof REPORT_EVENT)[keyof typeof REPORT_EVENT];

const REPORT_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(REPORT_EVENT));

/** Every derived id starts so; CasaPay's own event ids are `evt_...`. */
export const REPORT_EVENT_ID_PREFIX = 'report:';

/** Whether `event` is one a retrieval recorded (its id is derived, its type is one of ours). */
export const isReportEvent = (event: Pick<SessionEvent, 'eventId' | 'type'>): boolean =>
  event.eventId.startsWith(REPORT_EVENT_ID_PREFIX) && REPORT_EVENT_TYPES.has(event.type);

/** A document of the report: its id, type and status, never its number or holder. */
export interface KeptReportDocument {
  readonly id: string;
  readonly documentType: string | null;
  readonly status: string | null;
}

/** A check of the report: its id, type, status and numeric score, never its result details. */
export interface KeptReportCheck {
  readonly id: string;
  readonly checkType: string | null;
  readonly status: string | null;
  readonly score: number | null;
}

/** What is kept of a retrieved report (docs/reports.md, "Kept and not kept"). */
export interface KeptReport {
  readonly id: string;
  /** CasaPay's status: `pending`, `processing`, `completed`, `error`, or one added since. */
  readonly status: string;
  /** `identity.verified`, when it is a boolean. */
  readonly verified: boolean | null;
  /** `identity.selfie_match`, 0 to 1, when it is a number. */
  readonly selfieMatch: number | null;
  readonly documents: readonly KeptReportDocument[];
  readonly checks: readonly KeptReportCheck[];
}

/** Why an attempt did not settle the report, or why the retrieval gave up. */
export type RetrievalError =
  | 'unauthorized'
  | 'forbidden'
  | 'report_not_found'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'network_error'
  | 'rejected'
  | 'invalid_report'
  | 'report_session_mismatch'
  | 'report_not_final'
  | 'secrets_unavailable'
  | 'secret_document_invalid'
  | 'no_api_key';

/** Who recorded the event and when: the job's message id is its correlation id. */
export interface RetrievalContext {
  readonly sessionId: string;
  readonly reportId: string;
  /** The attempt's number: 1 for the first call to CasaPay's API for this report. */
  readonly attempt: number;
  readonly at: Date;
  readonly requestId: string;
}

function reportEvent(
  type: ReportEventType,
  idSuffix: string,
  context: RetrievalContext,
  detail: EventDetail,
): SessionEvent {
  return {
    eventId: `${REPORT_EVENT_ID_PREFIX}${context.reportId}:${idSuffix}`,
    sessionId: context.sessionId,
    type,
    occurredAt: Math.floor(context.at.getTime() / 1000),
    receivedAt: context.at.getTime(),
    requestId: context.requestId,
    detail: present({ reportId: context.reportId, attempt: context.attempt, ...detail }),
  };
}

/** `report:<vr_id>:<status>`: the report in a final status, and what it says. */
export function reportRetrievedEvent(
  context: RetrievalContext,
  report: KeptReport,
  archiveKey: string | undefined,
): SessionEvent {
  return reportEvent(REPORT_EVENT.retrieved, report.status, context, {
    reportStatus: report.status,
    verified: report.verified,
    selfieMatch: report.selfieMatch,
    documents: report.documents.map((d) => ({ ...d })),
    checks: report.checks.map((c) => ({ ...c })),
    archiveKey,
  });
}

/** `report:<vr_id>:attempt:<n>`: attempt n did not settle the report (still pending, or failed). */
export function reportAttemptedEvent(
  context: RetrievalContext,
  outcome: { readonly reportStatus?: string; readonly error?: RetrievalError },
): SessionEvent {
  return reportEvent(REPORT_EVENT.attempted, `attempt:${context.attempt}`, context, {
    reportStatus: outcome.reportStatus,
    error: outcome.error,
  });
}

/** `report:<vr_id>:gave_up`: no more attempts, and why. */
export function reportGaveUpEvent(context: RetrievalContext, error: RetrievalError): SessionEvent {
  return reportEvent(REPORT_EVENT.gaveUp, 'gave_up', context, { error });
}

/** `report:<vr_id>:retrieval_off`: the secret document has no API key (attempt 0: no call made). */
export function reportRetrievalOffEvent(context: Omit<RetrievalContext, 'attempt'>): SessionEvent {
  return reportEvent(
    REPORT_EVENT.off,
    'retrieval_off',
    { ...context, attempt: 0 },
    {
      error: 'no_api_key',
    },
  );
}
