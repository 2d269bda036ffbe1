// Sumsub's applicant lifecycle (docs/state-machine.md, "Sumsub"): init -> pending -> (prechecked,
// onHold) -> completed with a review, GREEN or RED (FINAL, or RETRY: the applicant may try again,
// and the next pending starts over). Sumsub may send several reviews, GREEN then RED: every status
// event applies in `createdAtMs` order, so the latest review is the one in force.
import { type DetailValue, detailText, type SessionEvent } from '../../sessions/session-event.js';
import {
  IN_PROGRESS,
  type StatusMeaning,
  statusTimelineRules,
  summaryOf,
  type TimelineRead,
} from '../status-timeline.js';

/** A review: GREEN or RED, FINAL or RETRY, and the codes of what was rejected. */
export interface SumsubReview {
  readonly answer: string | null;
  readonly rejectType: string | null;
  readonly rejectLabels: readonly string[];
}

export interface SumsubFacts {
  /** The integrator's own id of the applicant (`externalUserId`). */
  readonly externalUserId: string | null;
  readonly levelName: string | null;
  /** The latest review (`applicantReviewed`), null before any or after a reset. */
  readonly review: SumsubReview | null;
}

/** The webhooks that move an applicant's status, the status each reports, and its stage. */
const LIFECYCLE: Readonly<Record<string, { status: string; stage: number }>> = {
  applicantCreated: { status: 'init', stage: 0 },
  applicantReset: { status: 'init', stage: 0 },
  applicantPending: { status: 'pending', stage: 1 },
  applicantPrechecked: { status: 'prechecked', stage: 2 },
  applicantOnHold: { status: 'onHold', stage: 3 },
  applicantReviewed: { status: 'completed', stage: 4 },
};

/** Documented webhooks about other things than the applicant's review: kept, unused. */
const OTHER_KINDS = new Set([
  'applicantActionPending',
  'applicantActionReviewed',
  'applicantActionOnHold',
  'applicantActionLevelChanged',
  'applicantPersonalInfoChanged',
  'applicantTagsChanged',
  'applicantActivated',
  'applicantDeactivated',
  'applicantDeleted',
  'applicantLevelChanged',
  'applicantWorkflowCompleted',
  'videoIdentStatusChanged',
  'videoIdentCompositionCompleted',
]);

const lifecycleOf = (event: SessionEvent) =>
  Object.hasOwn(LIFECYCLE, event.type) ? LIFECYCLE[event.type] : undefined;

function read(event: SessionEvent): TimelineRead {
  const step = lifecycleOf(event);
  if (step) return { kind: 'status', status: step.status };
  return {
    kind: 'ignored',
    reason: OTHER_KINDS.has(event.type) ? 'unsupported_webhook_kind' : 'unknown_event_type',
  };
}

const labelsOf = (value: DetailValue | undefined): string[] =>
  Array.isArray(value) ? value.flatMap((label) => detailText(label) ?? []) : [];

/** What a completed review means: GREEN approves, RED FINAL declines, RED RETRY asks again. */
function reviewMeaning(review: SumsubReview | null): StatusMeaning {
  if (review?.answer === 'GREEN') return { outcome: 'approved', final: true };
  if (review?.answer !== 'RED') return IN_PROGRESS;
  if (review.rejectType === 'RETRY') {
    const reason = review.rejectLabels.join(',') || null;
    return {
      outcome: 'resubmission_requested',
      final: false,
      actions: [{ action: 'resubmit', reason }],
    };
  }
  // FINAL, or a RED without a reject type (not documented): declined, final only when FINAL.
  return { outcome: 'declined', final: review.rejectType === 'FINAL' };
}

export const sumsubRules = statusTimelineRules<SumsubFacts>({
  initialFacts: () => ({ externalUserId: null, levelName: null, review: null }),
  read,
  stage: (event) => lifecycleOf(event)?.stage ?? 5,
  // The latest review wins, whatever came before: nothing is final to the fold.
  isFinal: () => false,
  record(facts, event) {
    const { detail } = event;
    const review =
      event.type === 'applicantReviewed'
        ? {
            answer: detailText(detail.reviewAnswer),
            rejectType: detailText(detail.rejectType),
            rejectLabels: labelsOf(detail.rejectLabels),
          }
        : event.type === 'applicantReset'
          ? null
          : facts.review;
    return {
      externalUserId: detailText(detail.externalUserId) ?? facts.externalUserId,
      levelName: detailText(detail.levelName) ?? facts.levelName,
      review,
    };
  },
  summarize({ status, facts }, history) {
    if (status === 'completed') return summaryOf(reviewMeaning(facts.review), history);
    if (status === 'onHold') return summaryOf({ outcome: 'review', final: false }, history);
    return summaryOf(IN_PROGRESS, history);
  },
});
