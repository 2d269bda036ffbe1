// The retrieval job: which committed Session Changed events queue one (the EventBridge rule's
// pattern, one definition for the stack and local mode), and the job as the fetcher reads it. A
// job is the Session Changed event itself, as the rule's SQS target (or the target's dead-letter
// queue, after a redrive) delivers it (docs/reports.md, "Flow").
import * as v from 'valibot';
import { CHANGE_DETAIL_TYPE, CHANGE_SOURCE } from '../reactions/session-change.js';

/**
 * A change of a CasaPay session whose report is named and not yet attempted: `retrieval` is `due`
 * exactly then (functions/providers/casapay/lifecycle.ts). One value, no null: CloudFormation
 * refuses null in an event pattern, and a later change of the same session (a check arriving
 * after `completed`) matches only while no attempt has been recorded.
 */
export const REPORT_DUE_PATTERN = {
  source: [CHANGE_SOURCE],
  'detail-type': [CHANGE_DETAIL_TYPE],
  detail: {
    provider: ['casapay'],
    facts: { verificationReport: { retrieval: ['due'] } },
  },
} as const;

/** A pattern value: a list of literals and operators, or an object of nested patterns. */
type PatternValue =
  | readonly (string | number | boolean | null | { readonly [operator: string]: unknown })[]
  | { readonly [key: string]: PatternValue };

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether one leaf value matches one element of a pattern's list. */
function leafMatches(condition: unknown, value: unknown, present: boolean): boolean {
  if (isPlainObject(condition)) {
    if ('exists' in condition) return condition.exists === present;
    if ('prefix' in condition)
      return typeof value === 'string' && value.startsWith(String(condition.prefix));
    throw new Error(`unsupported pattern operator ${Object.keys(condition).join(',')}`);
  }
  return present && condition === value;
}

/**
 * EventBridge's matching of `pattern` against `event`, for the parts this repository's patterns
 * use: lists of literals, `prefix` and `exists`, nested objects, and an array in the event
 * matching when any element does (the EventBridge user guide, "Event patterns"). Local mode routes
 * with it; the tests check it against the patterns' documented behaviour.
 */
export function matchesPattern(pattern: PatternValue, event: unknown): boolean {
  if (Array.isArray(pattern)) {
    const values = Array.isArray(event) ? event : [event];
    const present = event !== undefined;
    return (pattern as readonly unknown[]).some((condition) =>
      values.some((value) => leafMatches(condition, value, present)),
    );
  }
  return Object.entries(pattern as Readonly<Record<string, PatternValue>>).every(
    ([key, nested]) => {
      const candidates = Array.isArray(event) ? event : [event];
      return candidates.some((candidate) =>
        matchesPattern(nested, isPlainObject(candidate) ? candidate[key] : undefined),
      );
    },
  );
}

const JobMessage = v.object({
  source: v.literal(CHANGE_SOURCE),
  'detail-type': v.literal(CHANGE_DETAIL_TYPE),
  detail: v.object({
    changeId: v.optional(v.string()),
    provider: v.literal('casapay'),
    sessionId: v.pipe(v.string(), v.minLength(1)),
    facts: v.object({ report: v.pipe(v.string(), v.minLength(1)) }),
  }),
});

/** The report to retrieve, and the session it is for. */
export interface RetrievalJob {
  readonly sessionId: string;
  readonly reportId: string;
  /** The change that queued the job, for the logs. */
  readonly changeId: string | null;
}

/** The job in an SQS message body, or undefined when the body is no job (a bug, not a retry). */
export function readRetrievalJob(body: string): RetrievalJob | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = v.safeParse(JobMessage, json);
  if (!parsed.success) return undefined;
  const { detail } = parsed.output;
  return {
    sessionId: detail.sessionId,
    reportId: detail.facts.report,
    changeId: detail.changeId ?? null,
  };
}
