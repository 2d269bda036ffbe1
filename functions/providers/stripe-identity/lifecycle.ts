// Stripe Identity's VerificationSession lifecycle (docs/state-machine.md, "Stripe Identity"):
// requires_input -> processing -> verified | canceled, and back to requires_input, with
// `last_error`, when a check fails. Events are folded in provider time; the first final wins.
import { detailText, type SessionEvent } from '../../sessions/session-event.js';
import {
  IN_PROGRESS,
  type StatusMeaning,
  statusTimelineRules,
  summaryOf,
  type TimelineRead,
} from '../status-timeline.js';

export interface StripeIdentityFacts {
  /** `last_error.code` of the status in force: why the session needs input again. */
  readonly lastError: string | null;
  /** The latest `last_verification_report` named. */
  readonly report: string | null;
  /** The integrator's own reference for the user (`client_reference_id`). */
  readonly clientReferenceId: string | null;
  /** Stripe redacted the session's data (`identity.verification_session.redacted`). */
  readonly redacted: boolean;
}

const PREFIX = 'identity.verification_session.';

/** The stage of each event type within one second; `created` is a session in `requires_input`. */
const STAGES: Readonly<Record<string, number>> = {
  created: 0,
  processing: 1,
  requires_input: 2,
  verified: 3,
  canceled: 3,
  redacted: 4,
};

const suffixOf = (event: SessionEvent): string | undefined =>
  event.type.startsWith(PREFIX) ? event.type.slice(PREFIX.length) : undefined;

function read(event: SessionEvent): TimelineRead {
  const suffix = suffixOf(event);
  if (suffix === 'redacted') return { kind: 'fact' };
  if (suffix === 'created') return { kind: 'status', status: 'requires_input' };
  if (suffix !== undefined && Object.hasOwn(STAGES, suffix)) {
    return { kind: 'status', status: suffix };
  }
  return { kind: 'ignored', reason: 'unknown_event_type' };
}

/** `last_error.code` values that mean the user left, not that a check failed. */
const ABANDONED_CODES = new Set(['abandoned']);

/** What a Stripe status means; `requires_input` depends on whether a check failed. */
function meaningOf(status: string | null, facts: StripeIdentityFacts): StatusMeaning {
  switch (status) {
    case 'verified':
      return { outcome: 'approved', final: true };
    case 'canceled':
      // Canceled through the API: no result will come, and the session cannot be resumed.
      return { outcome: 'abandoned', final: true };
    case 'requires_input':
      if (facts.lastError === null) return IN_PROGRESS;
      return ABANDONED_CODES.has(facts.lastError)
        ? { outcome: 'abandoned', final: false, actions: [{ action: 'remind_applicant' }] }
        : {
            outcome: 'resubmission_requested',
            final: false,
            actions: [{ action: 'resubmit', reason: facts.lastError }],
          };
    default:
      return IN_PROGRESS;
  }
}

export const stripeIdentityRules = statusTimelineRules<StripeIdentityFacts>({
  initialFacts: () => ({ lastError: null, report: null, clientReferenceId: null, redacted: false }),
  read,
  stage: (event) => STAGES[suffixOf(event) ?? ''] ?? 5,
  isFinal: (status) => status === 'verified' || status === 'canceled',
  record(facts, event) {
    if (suffixOf(event) === 'redacted') return { ...facts, redacted: true };
    const { detail } = event;
    return {
      ...facts,
      lastError: detailText(detail.lastError),
      report: detailText(detail.report) ?? facts.report,
      clientReferenceId: detailText(detail.clientReferenceId) ?? facts.clientReferenceId,
    };
  },
  summarize: ({ status, facts }, history) => summaryOf(meaningOf(status, facts), history),
});
