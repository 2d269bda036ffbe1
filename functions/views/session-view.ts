// The public shape of a session, as `GET /sessions/{provider}/{sessionId}` returns it: where it
// stands (status, outcome, final, actions), the provider's facts, and one entry per distinct event.
// Built from ids, codes and times only: no applicant data.
import type { EventDetail, Outcome, SessionAction } from '../sessions/session-event.js';
import type { SessionRecord } from '../sessions/session-record.js';

export interface SessionEventView {
  readonly eventId: string;
  readonly type: string;
  /** The provider's event time, where it sends one. */
  readonly occurredAt?: string;
  readonly receivedAt: string;
  /** The request id of the delivery that was recorded: search the logs with it. */
  readonly requestId: string;
  readonly applied: boolean;
  readonly reason?: string;
  /** The codes, ids and times the event carried (attempt, reason, document type...). */
  readonly detail: EventDetail;
}

export interface SessionView {
  readonly provider: string;
  readonly sessionId: string;
  /** The provider's own status string. */
  readonly status: string | null;
  /** The same vocabulary for every provider; null while there is none yet. */
  readonly outcome: Outcome | null;
  readonly final: boolean;
  readonly actions: readonly SessionAction[];
  /** When the provider says the session began, where it says so. */
  readonly providerCreatedAt: string | null;
  /** When this pipeline first received an event of the session. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /** Provider-specific facts (CasaPay: report, documents, checks; Veriff: attempts, decision). */
  readonly facts: unknown;
  readonly events: readonly SessionEventView[];
}

const isoFromMs = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

export function sessionView(record: SessionRecord): SessionView {
  const { summary } = record;
  return {
    provider: record.provider,
    sessionId: record.sessionId,
    status: record.status,
    outcome: summary.outcome,
    final: summary.final,
    actions: summary.actions,
    providerCreatedAt: isoFromMs(summary.providerCreatedAt),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    facts: record.facts,
    events: record.events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      ...(event.occurredAt === undefined
        ? {}
        : { occurredAt: new Date(event.occurredAt * 1000).toISOString() }),
      receivedAt: new Date(event.receivedAt).toISOString(),
      requestId: event.requestId,
      applied: event.applied,
      ...(event.reason === undefined ? {} : { reason: event.reason }),
      detail: event.detail,
    })),
  };
}
