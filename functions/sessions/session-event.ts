// The vocabulary of session state: provider events as the engine sees them (no PII, no raw body),
// the state they produce, and the change an event made.

/** Small provider-specific facts carried by an event: ids and codes, never personal data. */
export type EventDetail = Readonly<Record<string, string | number | null>>;

/** One distinct provider event, tied to one verification session. */
export interface SessionEvent {
  /** The provider's event id (CasaPay `evt_...`) or the id derived from the content (Veriff). */
  readonly eventId: string;
  readonly sessionId: string;
  /** CasaPay `type` (`verification_session.completed`), Veriff `action` (`submitted`). */
  readonly type: string;
  /** The provider's own event time, in unix seconds, where it sends one (CasaPay `created`). */
  readonly occurredAt?: number;
  /** When the ingest received the delivery that was recorded, in epoch milliseconds. */
  readonly receivedAt: number;
  /** The API Gateway request id of that delivery: the correlation id. */
  readonly requestId: string;
  readonly detail: EventDetail;
}

/** A session's derived state: its status (null before any status event) and provider facts. */
export interface SessionState<Facts = unknown> {
  readonly status: string | null;
  readonly facts: Facts;
}

/** Why an event was recorded without changing the state. */
export type NotAppliedReason =
  | 'unknown_event_type'
  | 'object_type_mismatch'
  | 'status_not_forward'
  | 'session_already_final';

export type Transition<Facts> =
  | { readonly applied: true; readonly state: SessionState<Facts> }
  | { readonly applied: false; readonly reason: NotAppliedReason };

/**
 * One provider's transition rules. They must be pure: the engine folds them over the canonical
 * order of a session's events, and that is what makes state a function of the set of events.
 */
export interface SessionRules<Facts> {
  initial(): SessionState<Facts>;
  /** The canonical order of events: total, and based on event content only. */
  compare(a: SessionEvent, b: SessionEvent): number;
  apply(state: SessionState<Facts>, event: SessionEvent): Transition<Facts>;
}

/** An event in a session's history, with what the canonical fold made of it. */
export interface HistoryEntry extends SessionEvent {
  readonly applied: boolean;
  readonly reason?: NotAppliedReason;
}

/** What adding one event did to its session: the data to publish to EventBridge for applications to react. */
export interface SessionChange<Facts = unknown> {
  readonly provider: string;
  readonly sessionId: string;
  readonly event: HistoryEntry;
  readonly before: SessionState<Facts>;
  readonly after: SessionState<Facts>;
}

/** Compares by event id: the tie-breaker of every canonical order. */
export const byEventId = (a: SessionEvent, b: SessionEvent): number =>
  a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
