// Reads a CasaPay verification report (the API's JSON) into what a session keeps of it: ids,
// statuses, `identity.verified` and numeric scores. The schema names nothing else, so names, dates
// of birth, addresses, document numbers and the financial sections (`credit_data`, `income`,
// `cash_flow`, `sources`) are never read into memory the pipeline keeps (docs/reports.md).
import * as v from 'valibot';
import type {
  KeptReport,
  KeptReportCheck,
  KeptReportDocument,
} from '../providers/casapay/report-events.js';
import { boundedText } from '../providers/event-parsing.js';

/** More entries than a report plausibly has are cut here, so one report bounds the session item. */
export const MAX_REPORT_ENTRIES = 50;

/** Statuses at which a report says all it will say; any other one (CasaPay adds some) is re-checked. */
export const FINAL_REPORT_STATUSES: ReadonlySet<string> = new Set(['completed', 'error']);

const ReportEnvelope = v.object({
  id: v.string(),
  status: v.string(),
  session: v.optional(v.nullable(v.union([v.string(), v.object({ id: v.string() })]))),
  identity: v.optional(
    v.nullable(
      v.object({
        verified: v.optional(v.unknown()),
        selfie_match: v.optional(v.unknown()),
        documents: v.optional(v.unknown()),
        checks: v.optional(v.unknown()),
      }),
    ),
  ),
});

export type ReportReading =
  | { readonly ok: true; readonly report: KeptReport }
  | { readonly ok: false; readonly error: 'invalid_report' | 'report_session_mismatch' };

const score = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** `value` as a list of plain objects, at most MAX_REPORT_ENTRIES of them. */
function entries(value: unknown): Readonly<Record<string, unknown>>[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (item): item is Record<string, unknown> =>
        typeof item === 'object' && item !== null && !Array.isArray(item),
    )
    .slice(0, MAX_REPORT_ENTRIES);
}

const text = (value: unknown): string | null => boundedText(value) ?? null;

function documentsOf(value: unknown): KeptReportDocument[] {
  return entries(value).flatMap((item) => {
    const id = text(item.id);
    return id === null
      ? []
      : [{ id, documentType: text(item.type ?? item.document_type), status: text(item.status) }];
  });
}

function checksOf(value: unknown): KeptReportCheck[] {
  return entries(value).flatMap((item) => {
    const id = text(item.id);
    return id === null
      ? []
      : [
          {
            id,
            checkType: text(item.check_type ?? item.type),
            status: text(item.status),
            score: score(item.score),
          },
        ];
  });
}

/**
 * What is kept of `json`, the report `reportId` of session `sessionId`: a report that is not
 * that one, or names another session, is not kept.
 */
export function readReport(json: unknown, reportId: string, sessionId: string): ReportReading {
  const parsed = v.safeParse(ReportEnvelope, json);
  if (!parsed.success) return { ok: false, error: 'invalid_report' };
  const { id, status, session, identity } = parsed.output;
  const reportStatus = boundedText(status);
  if (id !== reportId || reportStatus === undefined) return { ok: false, error: 'invalid_report' };
  const named = typeof session === 'string' ? session : session?.id;
  if (named !== undefined && named !== sessionId) {
    return { ok: false, error: 'report_session_mismatch' };
  }
  return {
    ok: true,
    report: {
      id,
      status: reportStatus,
      verified: typeof identity?.verified === 'boolean' ? identity.verified : null,
      selfieMatch: score(identity?.selfie_match),
      documents: documentsOf(identity?.documents),
      checks: checksOf(identity?.checks),
    },
  };
}
