// The public shape of a session, as `GET /sessions/{provider}/{sessionId}` returns it: state,
// facts and one entry per distinct event. Built from ids and codes only: no applicant data.
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
}

export interface SessionView {
  readonly provider: string;
  readonly sessionId: string;
  readonly status: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly events: readonly SessionEventView[];
  /** The provider's facts, spread at the top level (CasaPay: report, documents, checks). */
  readonly [fact: string]: unknown;
}

export function sessionView(record: SessionRecord): SessionView {
  const facts = typeof record.facts === 'object' && record.facts !== null ? record.facts : {};
  return {
    provider: record.provider,
    sessionId: record.sessionId,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    ...facts,
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
    })),
  };
}
