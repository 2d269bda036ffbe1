// A verification session as it is stored: the derived state, the full history of distinct
// events (which the state is recomputed from), and the version that guards concurrent writers.
import type { HistoryEntry, SessionSummary } from './session-event.js';

export interface SessionRecord {
  readonly provider: string;
  readonly sessionId: string;
  /** Incremented by every committed change; writers condition on the version they read. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly status: string | null;
  /** Provider-specific facts (CasaPay report, documents, checks; Veriff attempts, decision). */
  readonly facts: unknown;
  /** Outcome, finality, pending actions and provider start time, derived from status and facts. */
  readonly summary: SessionSummary;
  /** Every distinct event received, in canonical order, marked applied or not. */
  readonly events: readonly HistoryEntry[];
}

export interface SessionCommit {
  readonly record: SessionRecord;
  /** The version the change was computed from; 0 when the session did not exist. */
  readonly expectedVersion: number;
}

export type CommitResult =
  | { readonly kind: 'committed' }
  /** Another writer changed the session since it was read. */
  | { readonly kind: 'version_conflict' };

/** Where sessions live. Implemented on DynamoDB; tests run it against DynamoDB Local. */
export interface SessionStore {
  load(
    provider: string,
    sessionId: string,
    options: { consistent: boolean },
  ): Promise<SessionRecord | undefined>;
  /**
   * Writes the session if its version is still `expectedVersion`, in one conditional write: it
   * holds the history that deduplicates, so the state and the events it was computed from are
   * written together or not at all.
   */
  commit(commit: SessionCommit): Promise<CommitResult>;
}
