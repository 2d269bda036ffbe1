// The vocabulary of session state: provider events as the engine sees them (no PII, no raw body),
// the state they produce, and the provider-independent summary a backend acts on.

/** A value of an event's detail: JSON made of codes, ids and times, never personal data. */
export type DetailValue =
  | string
  | number
  | boolean
  | null
  | readonly DetailValue[]
  | { readonly [key: string]: DetailValue };

/** Small provider-specific facts carried by an event. Absent keys mean "not sent". */
export type EventDetail = { readonly [key: string]: DetailValue | undefined };

/** One distinct provider event, tied to one verification session. */
export interface SessionEvent {
  /** The provider's event id (CasaPay `evt_...`) or the id derived from the content (Veriff). */
  readonly eventId: string;
  readonly sessionId: string;
  /** CasaPay `type` (`verification_session.completed`), Veriff `action` or `decision.<status>`. */
  readonly type: string;
  /** The provider's own event time, in unix seconds, where it sends one. */
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

/** Why an event was recorded without moving the session's status. */
export type NotAppliedReason =
  | 'unknown_event_type'
  | 'object_type_mismatch'
  | 'status_not_forward'
  | 'session_already_final'
  | 'unsupported_webhook_kind'
  /** A report retrieval's finding about a report the session no longer names. */
  | 'report_superseded'
  /** A report retrieval's finding after the report was retrieved, or its retrieval gave up. */
  | 'report_settled';

export type Transition<Facts> =
  | { readonly applied: true; readonly state: SessionState<Facts> }
  /**
   * The status did not move. `state`, when given, records the facts the event carries anyway
   * (a report id on a `completed` that lost to an earlier `expired`).
   */
  | {
      readonly applied: false;
      readonly reason: NotAppliedReason;
      readonly state?: SessionState<Facts>;
    };

/** Where a session ended up, in one vocabulary for every provider (docs/state-machine.md). */
export const OUTCOMES = [
  'approved',
  'declined',
  'resubmission_requested',
  'review',
  'expired',
  'abandoned',
  'failed',
] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Something the backend must do next, with the ids and codes of what it concerns. */
export interface SessionAction {
  /** `request_new_document`, `resubmit` or `remind_applicant`. */
  readonly action: string;
  readonly [key: string]: string | number | null;
}

/** What a backend acts on, derived from a session's state. */
export interface SessionSummary {
  /** Null while there is no outcome yet. */
  readonly outcome: Outcome | null;
  /** True when no further provider event is expected to change the outcome. */
  readonly final: boolean;
  readonly actions: readonly SessionAction[];
  /** When the provider says the session began (epoch ms), where it says so. */
  readonly providerCreatedAt: number | null;
}

/** An event in a session's history, with what the canonical fold made of it. */
export interface HistoryEntry extends SessionEvent {
  readonly applied: boolean;
  readonly reason?: NotAppliedReason;
}

/**
 * One provider's transition rules. They must be pure: the engine folds them over the canonical
 * order of a session's events, and that is what makes state a function of the set of events.
 */
export interface SessionRules<Facts> {
  initial(): SessionState<Facts>;
  /** The canonical order of events: total, and based on event content only. */
  compare(a: SessionEvent, b: SessionEvent): number;
  apply(state: SessionState<Facts>, event: SessionEvent): Transition<Facts>;
  /** Pure: the outcome, finality and pending actions of a folded session. */
  summarize(state: SessionState<Facts>, history: readonly HistoryEntry[]): SessionSummary;
}

/** Compares by event id: the tie-breaker of every canonical order. */
export const byEventId = (a: SessionEvent, b: SessionEvent): number =>
  a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;

/** A detail value as a non-empty string, or null. */
export const detailText = (value: DetailValue | undefined): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** A detail value as a finite number, or null. */
export const detailNumber = (value: DetailValue | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
