// Veriff's session lifecycle (see docs/state-machine.md): started (7001) < submitted (7002) <
// a decision (review, then approved | declined | expired | abandoned, or resubmission_requested,
// after which a new attempt starts over). The status is derived from the facts, not from the
// order events were folded in: the latest decision (by `decisionTime`) decides, unless it asked
// for a resubmission and a newer attempt has started since.
import {
  byEventId,
  type DetailValue,
  detailText,
  OUTCOMES,
  type Outcome,
  type SessionAction,
  type SessionEvent,
  type SessionRules,
  type SessionState,
  type SessionSummary,
} from '../../sessions/session-event.js';

/** One web-flow event (7007-7011) of an attempt. */
export interface VeriffFlowStep {
  readonly code: number;
  readonly action: string;
  readonly reason: string | null;
  readonly state: string | null;
}

export interface VeriffAttempt {
  /** Null groups the events that name no attempt. */
  readonly attemptId: string | null;
  /** The furthest event status of this attempt; null when no 7001/7002 of it was received. */
  readonly status: 'started' | 'submitted' | null;
  /** The latest decision about this attempt, null before any. */
  readonly decision: string | null;
  /** Every flow event of the attempt, in flow-stage order. */
  readonly flow: readonly VeriffFlowStep[];
}

export interface VeriffRiskLabel {
  readonly label: string;
  readonly category: string | null;
}

/** The decision in force: codes and reasons, never the person or document it is about. */
export interface VeriffDecision {
  readonly status: string;
  readonly attemptId: string | null;
  readonly code: number | null;
  readonly reason: string | null;
  readonly reasonCode: number | string | null;
  readonly decisionTime: string | null;
  readonly riskLabels: readonly VeriffRiskLabel[];
}

export interface VeriffFacts {
  /** The integrator's own join key and end-user id, as sent with the webhooks. */
  readonly vendorData: string | null;
  readonly endUserId: string | null;
  /** When Veriff accepted the session, from a decision. */
  readonly acceptanceTime: string | null;
  /** Attempts sorted by id (null first). */
  readonly attempts: readonly VeriffAttempt[];
  /** The latest decision by `decisionTime`, null before any. */
  readonly decision: VeriffDecision | null;
}

/** Decision statuses: every outcome but CasaPay's `failed`, each also the session's outcome. */
const DECISIONS: ReadonlySet<string> = new Set(OUTCOMES.filter((o) => o !== 'failed'));
const FINAL_DECISIONS: ReadonlySet<string> = new Set([
  'approved',
  'declined',
  'expired',
  'abandoned',
]);

/**
 * How far towards a decision each web-flow event shows the end-user got, which orders an attempt's
 * flow steps (Veriff sends no event time): leaving the flow (7011 changes document type mid-flow,
 * 7010 cancels) comes before waiting for the decision (7008), finishing (7009) and receiving the
 * decision (7007).
 */
export const FLOW_STAGE: Readonly<Record<number, number>> = {
  7011: 1,
  7010: 2,
  7008: 3,
  7009: 4,
  7007: 5,
};

const isDecision = (event: SessionEvent) => event.type.startsWith('decision.');
const isOtherKind = (event: SessionEvent) => typeof event.detail.kind === 'string';
const codeOf = (event: SessionEvent): number =>
  typeof event.detail.code === 'number' ? event.detail.code : 0;
const decisionTimeOf = (event: SessionEvent): number => {
  const ms = Date.parse(detailText(event.detail.decisionTime) ?? '');
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * Event webhooks first (started, submitted, then flow events by stage, unknown codes), then
 * decisions by decision time, then other webhook kinds. A decision with no time sorts before the
 * timed ones, so it never overrides a decision that says when it was made.
 */
function stage(event: SessionEvent): number {
  if (isOtherKind(event)) return 3000;
  if (isDecision(event)) return 2000;
  const code = codeOf(event);
  if (code === 7001) return 1;
  if (code === 7002) return 2;
  const flow = FLOW_STAGE[code];
  return flow === undefined ? 100 : 10 + flow;
}

const STATUS_ORDER = [null, 'started', 'submitted'] as const;
type EventStatus = VeriffAttempt['status'];
const furthest = (a: EventStatus, b: EventStatus): EventStatus =>
  STATUS_ORDER.indexOf(a) >= STATUS_ORDER.indexOf(b) ? a : b;

/** `attempts` with the attempt `attemptId` changed by `change` (created when absent). */
function withAttempt(
  attempts: readonly VeriffAttempt[],
  attemptId: string | null,
  change: (attempt: VeriffAttempt) => VeriffAttempt,
): readonly VeriffAttempt[] {
  const existing = attempts.find((a) => a.attemptId === attemptId) ?? {
    attemptId,
    status: null,
    decision: null,
    flow: [],
  };
  const key = (a: VeriffAttempt) => a.attemptId ?? '';
  return [...attempts.filter((a) => a.attemptId !== attemptId), change(existing)].sort((a, b) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0,
  );
}

/**
 * The session's status from its facts: the decision in force, unless it asked for a resubmission
 * and an attempt without a decision of its own has events since (the applicant started over);
 * before any decision, the furthest event status of any attempt.
 */
function statusOf(facts: VeriffFacts): string | null {
  const { decision, attempts } = facts;
  if (decision !== null && decision.status !== 'resubmission_requested') return decision.status;
  const candidates = attempts.filter(
    (a) => a.decision === null && (decision === null || a.attemptId !== decision.attemptId),
  );
  const status = candidates.reduce<EventStatus>((best, a) => furthest(best, a.status), null);
  return status ?? decision?.status ?? null;
}

function riskLabelsOf(value: DetailValue | undefined): VeriffRiskLabel[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((pair) => {
    if (!Array.isArray(pair)) return [];
    const label = detailText(pair[0]);
    return label === null ? [] : [{ label, category: detailText(pair[1]) }];
  });
}

function decisionOf(event: SessionEvent): VeriffDecision {
  const { detail } = event;
  const reasonCode = detail.reasonCode;
  return {
    status: detailText(detail.status) ?? '',
    attemptId: detailText(detail.attemptId),
    code: typeof detail.code === 'number' ? detail.code : null,
    reason: detailText(detail.reason),
    reasonCode:
      typeof reasonCode === 'number' || typeof reasonCode === 'string' ? reasonCode : null,
    decisionTime: detailText(detail.decisionTime),
    riskLabels: riskLabelsOf(detail.riskLabels),
  };
}

/** Facts every Veriff webhook may carry: the last value in canonical order wins. */
function withEndUser(facts: VeriffFacts, event: SessionEvent): VeriffFacts {
  return {
    ...facts,
    vendorData: detailText(event.detail.vendorData) ?? facts.vendorData,
    endUserId: detailText(event.detail.endUserId) ?? facts.endUserId,
  };
}

const settle = (facts: VeriffFacts): SessionState<VeriffFacts> => ({
  status: statusOf(facts),
  facts,
});

export function summarizeVeriff({ status, facts }: SessionState<VeriffFacts>): SessionSummary {
  const outcome = (OUTCOMES as readonly string[]).includes(status ?? '')
    ? (status as Outcome)
    : null;
  const actions: SessionAction[] = [];
  if (status === 'resubmission_requested' && facts.decision) {
    const { attemptId, reasonCode, reason } = facts.decision;
    actions.push({ action: 'resubmit', attemptId, reasonCode, reason });
  }
  if (status === 'expired' || status === 'abandoned') actions.push({ action: 'remind_applicant' });
  const accepted = Date.parse(facts.acceptanceTime ?? '');
  return {
    outcome,
    final: FINAL_DECISIONS.has(status ?? ''),
    actions,
    providerCreatedAt: Number.isFinite(accepted) ? accepted : null,
  };
}

export const veriffRules: SessionRules<VeriffFacts> = {
  initial: () => ({
    status: null,
    facts: {
      vendorData: null,
      endUserId: null,
      acceptanceTime: null,
      attempts: [],
      decision: null,
    },
  }),

  compare: (a, b) =>
    stage(a) - stage(b) || decisionTimeOf(a) - decisionTimeOf(b) || byEventId(a, b),

  apply(state, event) {
    if (isOtherKind(event)) return { applied: false, reason: 'unsupported_webhook_kind' };
    const attemptId = detailText(event.detail.attemptId);
    const facts = withEndUser(state.facts, event);
    if (isDecision(event)) {
      const decision = decisionOf(event);
      if (!DECISIONS.has(decision.status)) return { applied: false, reason: 'unknown_event_type' };
      // Folded in decision-time order, so each decision is the latest so far.
      return {
        applied: true,
        state: settle({
          ...facts,
          acceptanceTime: detailText(event.detail.acceptanceTime) ?? facts.acceptanceTime,
          decision,
          attempts: withAttempt(facts.attempts, attemptId, (a) => ({
            ...a,
            decision: decision.status,
          })),
        }),
      };
    }
    const code = codeOf(event);
    if (code === 7001 || code === 7002) {
      const status = code === 7002 ? 'submitted' : 'started';
      const attempts = withAttempt(facts.attempts, attemptId, (a) => ({
        ...a,
        status: furthest(a.status, status),
      }));
      return { applied: true, state: settle({ ...facts, attempts }) };
    }
    if (FLOW_STAGE[code] !== undefined) {
      const step: VeriffFlowStep = {
        code,
        action: event.type,
        reason: detailText(event.detail.reason),
        state: detailText(event.detail.state),
      };
      const attempts = withAttempt(facts.attempts, attemptId, (a) => ({
        ...a,
        flow: [...a.flow, step],
      }));
      return { applied: true, state: settle({ ...facts, attempts }) };
    }
    return { applied: false, reason: 'unknown_event_type' };
  },

  summarize: summarizeVeriff,
};
