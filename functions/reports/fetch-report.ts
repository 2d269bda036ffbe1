// The report fetcher's core: one retrieval job in, one finding recorded in the session as an event
// (through the same exactly-once commit as webhooks), and what to do with the job next: done, or
// check again after a delay. The session is the authority on where the retrieval stands, so a
// job delivered twice, or queued twice, never doubles a finding (docs/reports.md).
import type { CasaPayFacts, CasaPayReportFacts } from '../providers/casapay/lifecycle.js';
import {
  isReportEvent,
  type KeptReport,
  type RetrievalContext,
  type RetrievalError,
  reportAttemptedEvent,
  reportGaveUpEvent,
  reportRetrievalOffEvent,
  reportRetrievedEvent,
} from '../providers/casapay/report-events.js';
import { type ProviderAdapter, SecretDocumentError } from '../providers/provider.js';
import { type RecordOptions, recordEvents } from '../sessions/record-events.js';
import type { SessionEvent } from '../sessions/session-event.js';
import type { SessionRecord, SessionStore } from '../sessions/session-record.js';
import { archiveKeyOf, type ReportArchive } from './report-archive.js';
import type { ReportApi } from './report-client.js';
import { FINAL_REPORT_STATUSES, readReport } from './report-reading.js';
import type { RetrievalJob } from './retrieval-job.js';
import { attemptsWithin, delayAfter, type RetrievalSchedule } from './retrieval-schedule.js';

export interface FetcherPorts {
  readonly sessions: SessionStore;
  /** CasaPay's adapter with reports awaited: the fetcher folds sessions as the consumer does. */
  readonly adapter: Pick<ProviderAdapter, 'name' | 'rules'>;
  readonly recording: RecordOptions;
  /** The API key of the CasaPay secret document, undefined when it has none; throws when unreadable. */
  readonly apiKey: () => Promise<string | undefined>;
  /** The API client for a key (one per key, so a rotated key takes effect). */
  readonly api: (apiKey: string) => ReportApi;
  /** Where full reports are kept, when the deployment archives them. */
  readonly archive?: ReportArchive | undefined;
  readonly schedule: RetrievalSchedule;
  readonly now: () => Date;
}

/** What the queue says about this delivery of the job. */
export interface JobDelivery {
  /** The SQS message id: the events' correlation id (search the fetcher's logs with it). */
  readonly messageId: string;
  /** No call is started that could end after this (epoch ms): the invocation's deadline. */
  readonly deadline: number;
}

/** Calls to the API in this job, and how long the successful one took. */
interface Calls {
  readonly calls: number;
  readonly latencyMs?: number;
}

export type FetchOutcome =
  /** Nothing to do: another job settled it, a newer report is named, or no such session. */
  | {
      readonly kind: 'skipped';
      readonly reason: 'session_not_found' | 'report_superseded' | 'report_settled';
    }
  | ({
      readonly kind: 'retrieved';
      readonly attempt: number;
      readonly report: KeptReport;
      readonly archiveKey: string | undefined;
      /** False when the same finding was already recorded (a duplicate job). */
      readonly recorded: boolean;
    } & Calls)
  /** Not settled: hand the job back, to be delivered again after `delaySeconds`. */
  | ({
      readonly kind: 'retry';
      readonly attempt: number;
      readonly delaySeconds: number;
      readonly reportStatus?: string;
      readonly error?: RetrievalError | 'secrets_unavailable' | 'secret_document_invalid';
      readonly recorded: boolean;
    } & Calls)
  | ({
      readonly kind: 'gave_up';
      readonly attempt: number;
      readonly error: RetrievalError;
      readonly recorded: boolean;
    } & Calls)
  | { readonly kind: 'off'; readonly recorded: boolean }
  /** The finding could not be recorded: its event id is another session's, or the session is full. */
  | { readonly kind: 'not_recorded'; readonly reason: 'session_event_limit' };

/** Errors after which asking again cannot help. */
const FINAL_ERRORS: ReadonlySet<RetrievalError> = new Set([
  'report_not_found',
  'report_session_mismatch',
]);

/** When the first attempt for `reportId` was made, from the session's history (epoch ms). */
function firstAttemptAt(record: SessionRecord, reportId: string): number | undefined {
  const times = record.events
    .filter(
      (e) =>
        isReportEvent(e) &&
        e.detail.reportId === reportId &&
        typeof e.detail.attempt === 'number' &&
        e.detail.attempt >= 1,
    )
    .map((e) => (e.occurredAt ?? 0) * 1000);
  return times.length === 0 ? undefined : Math.min(...times);
}

/** The retrieval of `reportId` as the session records it, if any. */
function retrievalOf(facts: CasaPayFacts, reportId: string): CasaPayReportFacts | undefined {
  const report = facts.verificationReport;
  return report?.id === reportId ? report : undefined;
}

/** Retrieves the job's report once, and records what was found. */
export async function fetchReport(
  job: RetrievalJob,
  delivery: JobDelivery,
  ports: FetcherPorts,
): Promise<FetchOutcome> {
  const record = await ports.sessions.load(ports.adapter.name, job.sessionId, {
    consistent: false,
  });
  if (!record) return { kind: 'skipped', reason: 'session_not_found' };
  const facts = record.facts as CasaPayFacts;
  if (facts.report !== job.reportId) return { kind: 'skipped', reason: 'report_superseded' };
  const known = retrievalOf(facts, job.reportId);
  if (known?.retrieval === 'retrieved' || known?.retrieval === 'gave_up') {
    return { kind: 'skipped', reason: 'report_settled' };
  }

  const now = ports.now();
  const attempt = (known?.attempts ?? 0) + 1;
  const context: RetrievalContext = {
    sessionId: job.sessionId,
    reportId: job.reportId,
    attempt,
    at: now,
    requestId: delivery.messageId,
  };
  const recordFinding = async (event: SessionEvent) => {
    const result = await recordEvents(
      ports.sessions,
      ports.adapter,
      job.sessionId,
      [event],
      ports.recording,
    );
    if (result.overflow.length > 0) return 'session_event_limit' as const;
    return result.added.length > 0;
  };

  let apiKey: string | undefined;
  try {
    apiKey = await ports.apiKey();
  } catch (error) {
    // No call was made: nothing to record; the job is delivered again (the ingest alarms too).
    return {
      kind: 'retry',
      attempt: attempt - 1,
      delaySeconds: delayAfter(ports.schedule, 1, {}),
      error:
        error instanceof SecretDocumentError ? 'secret_document_invalid' : 'secrets_unavailable',
      recorded: false,
      calls: 0,
    };
  }
  if (apiKey === undefined) {
    const recorded = await recordFinding(reportRetrievalOffEvent(context));
    return typeof recorded === 'string'
      ? { kind: 'not_recorded', reason: recorded }
      : { kind: 'off', recorded };
  }

  const response = await ports.api(apiKey).retrieve(job.reportId, delivery.deadline);
  const calls: Calls = {
    calls: response.calls,
    ...(response.ok ? { latencyMs: response.latencyMs } : {}),
  };
  let failure: {
    readonly error?: RetrievalError;
    readonly reportStatus?: string;
    readonly retryAfterSeconds?: number;
  };
  if (response.ok) {
    const reading = readReport(response.json, job.reportId, job.sessionId);
    if (reading.ok && FINAL_REPORT_STATUSES.has(reading.report.status)) {
      // Archived first, so that a key in the session always names a stored object.
      const archiveKey = ports.archive ? archiveKeyOf(job.sessionId, job.reportId) : undefined;
      if (ports.archive && archiveKey) await ports.archive.put(archiveKey, response.body);
      const recorded = await recordFinding(
        reportRetrievedEvent(context, reading.report, archiveKey),
      );
      return typeof recorded === 'string'
        ? { kind: 'not_recorded', reason: recorded }
        : { kind: 'retrieved', attempt, report: reading.report, archiveKey, recorded, ...calls };
    }
    failure = reading.ok ? { reportStatus: reading.report.status } : { error: reading.error };
  } else {
    failure = {
      error: response.error,
      ...(response.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: response.retryAfterSeconds }),
    };
  }

  const delaySeconds = delayAfter(ports.schedule, attempt, failure);
  const started = firstAttemptAt(record, job.reportId) ?? now.getTime();
  const pastHorizon =
    now.getTime() + delaySeconds * 1000 - started > ports.schedule.horizonSeconds * 1000 ||
    attempt >= attemptsWithin(ports.schedule);
  if ((failure.error && FINAL_ERRORS.has(failure.error)) || pastHorizon) {
    const error = failure.error ?? 'report_not_final';
    const recorded = await recordFinding(reportGaveUpEvent(context, error));
    return typeof recorded === 'string'
      ? { kind: 'not_recorded', reason: recorded }
      : { kind: 'gave_up', attempt, error, recorded, ...calls };
  }
  const recorded = await recordFinding(reportAttemptedEvent(context, failure));
  if (typeof recorded === 'string') return { kind: 'not_recorded', reason: recorded };
  return {
    kind: 'retry',
    attempt,
    delaySeconds,
    ...(failure.reportStatus === undefined ? {} : { reportStatus: failure.reportStatus }),
    ...(failure.error === undefined ? {} : { error: failure.error }),
    recorded,
    ...calls,
  };
}
