// What a committed session write means to a backend: the normalized "Session Changed" event,
// computed from the session before and after the write (the stream's old and new images), with
// the same pure code on AWS and in local mode. docs/reactions.md describes it; its JSON Schema is
// docs/session-changed.schema.json.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../sessions/canonical-json.js';
import type { Outcome, SessionAction } from '../sessions/session-event.js';
import type { SessionRecord } from '../sessions/session-record.js';

export const CHANGE_SOURCE = 'idv-webhooks';
export const CHANGE_DETAIL_TYPE = 'Session Changed';
export const CHANGE_SCHEMA_VERSION = 1;

/** The parts of a session a backend sees; a write that changes none of them is not published. */
export const WATCHED = ['status', 'outcome', 'final', 'actions', 'facts'] as const;
export type Watched = (typeof WATCHED)[number];

/** The `detail` of a Session Changed event. No applicant data: ids, codes and times only. */
export interface SessionChangeDetail {
  readonly schemaVersion: typeof CHANGE_SCHEMA_VERSION;
  /** Stable for the same committed change: redeliveries carry it unchanged, deduplicate on it. */
  readonly changeId: string;
  readonly provider: string;
  readonly sessionId: string;
  /** The session's version after the change: drop an event older than one already handled. */
  readonly version: number;
  readonly previousVersion: number;
  /** Which of status, outcome, final, actions and facts differ from before. */
  readonly changed: readonly Watched[];
  readonly status: string | null;
  readonly previousStatus: string | null;
  readonly outcome: Outcome | null;
  readonly previousOutcome: Outcome | null;
  readonly final: boolean;
  readonly actions: readonly SessionAction[];
  readonly facts: unknown;
  /** The events this commit added (several events folded into one commit are one change). */
  readonly eventIds: readonly string[];
  /** When the provider says the session began, where it says so. */
  readonly providerCreatedAt: string | null;
  /** When the change was committed (the session's `updatedAt`). */
  readonly committedAt: string;
}

const watchedValue = (record: SessionRecord | undefined, part: Watched): unknown => {
  if (record === undefined) return part === 'final' ? false : part === 'actions' ? [] : null;
  if (part === 'status') return record.status;
  if (part === 'facts') return record.facts;
  return record.summary[part];
};

/**
 * A deterministic id for the change that brought the session to `after.version`. A session is
 * identified by provider and id, and recreated only if its item was deleted, which `createdAt`
 * tells apart.
 */
export function changeIdOf(after: SessionRecord): string {
  const key = [after.provider, after.sessionId, after.createdAt, after.version];
  return `chg_${createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32)}`;
}

/**
 * The change a committed write made, or undefined when it changed nothing a backend sees (it only
 * recorded a not-applied event) or when `after` is not newer than `before` (a replayed image).
 */
export function describeChange(
  before: SessionRecord | undefined,
  after: SessionRecord,
): SessionChangeDetail | undefined {
  if (before !== undefined && before.version >= after.version) return undefined;
  const changed = WATCHED.filter(
    (part) =>
      canonicalJson(watchedValue(before, part)) !== canonicalJson(watchedValue(after, part)),
  );
  if (changed.length === 0) return undefined;
  const known = new Set(before?.events.map((event) => event.eventId));
  const { summary } = after;
  return {
    schemaVersion: CHANGE_SCHEMA_VERSION,
    changeId: changeIdOf(after),
    provider: after.provider,
    sessionId: after.sessionId,
    version: after.version,
    previousVersion: before?.version ?? 0,
    changed,
    status: after.status,
    previousStatus: before?.status ?? null,
    outcome: summary.outcome,
    previousOutcome: before?.summary.outcome ?? null,
    final: summary.final,
    actions: summary.actions,
    facts: after.facts,
    eventIds: after.events.filter((e) => !known.has(e.eventId)).map((e) => e.eventId),
    providerCreatedAt:
      summary.providerCreatedAt === null ? null : new Date(summary.providerCreatedAt).toISOString(),
    committedAt: after.updatedAt,
  };
}

/** The event as EventBridge delivers it to a target, and as local mode forwards it. */
export interface SessionChangedEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': typeof CHANGE_DETAIL_TYPE;
  readonly source: typeof CHANGE_SOURCE;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: SessionChangeDetail;
}

/** Where an envelope is said to come from: the account and region of the bus. */
export interface EnvelopeOrigin {
  readonly id: string;
  readonly account: string;
  readonly region: string;
}

/** The envelope EventBridge wraps a put change in (its `time` is the entry's, the commit time). */
export const toEnvelope = (
  detail: SessionChangeDetail,
  origin: EnvelopeOrigin,
): SessionChangedEnvelope => ({
  version: '0',
  id: origin.id,
  'detail-type': CHANGE_DETAIL_TYPE,
  source: CHANGE_SOURCE,
  account: origin.account,
  time: detail.committedAt,
  region: origin.region,
  resources: [],
  detail,
});
