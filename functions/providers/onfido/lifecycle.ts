// Onfido's resource lifecycles (docs/state-machine.md, "Onfido"). A workflow run: processing /
// awaiting input -> review -> approved | declined | abandoned | error. A check: in progress ->
// complete | withdrawn (its result is not in the webhook). Onfido's webhooks carry no event time
// except on completion, so events are folded by lifecycle stage, then completion time.
import { detailText, type SessionEvent } from '../../sessions/session-event.js';
import {
  IN_PROGRESS,
  type StatusMeaning,
  statusTimelineRules,
  summaryOf,
  type TimelineRead,
} from '../status-timeline.js';

export interface OnfidoFacts {
  /** `workflow_run` or `check`: the kind of resource the session is. */
  readonly resourceType: string | null;
  /** When the status in force was reached (`completed_at_iso8601`), if Onfido said. */
  readonly completedAt: string | null;
  /** A `check.reopened` was received: the check's result may change again. */
  readonly reopened: boolean;
}

/** The statuses of each resource kind and their stage; the highest stage is final. */
const STATUSES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  workflow_run: {
    processing: 0,
    awaiting_input: 0,
    awaiting_client_input: 0,
    review: 1,
    approved: 2,
    declined: 2,
    abandoned: 2,
    error: 2,
  },
  check: { in_progress: 0, awaiting_applicant: 0, paused: 0, complete: 2, withdrawn: 2 },
};
const FINAL_STAGE = 2;

const resourceOf = (event: SessionEvent) => detailText(event.detail.resourceType) ?? '';
const statusesOf = (resource: string) =>
  Object.hasOwn(STATUSES, resource) ? STATUSES[resource] : undefined;

function stageOf(resource: string, status: string): number | undefined {
  const statuses = statusesOf(resource);
  return statuses && Object.hasOwn(statuses, status) ? statuses[status] : undefined;
}

function read(event: SessionEvent): TimelineRead {
  const resource = resourceOf(event);
  const status = detailText(event.detail.status) ?? '';
  if (statusesOf(resource) === undefined)
    return { kind: 'ignored', reason: 'unsupported_webhook_kind' };
  if (resource === 'check' && status === 'reopened') return { kind: 'fact' };
  return stageOf(resource, status) === undefined
    ? { kind: 'ignored', reason: 'unknown_event_type' }
    : { kind: 'status', status };
}

const WORKFLOW_RUN: Readonly<Record<string, StatusMeaning>> = {
  approved: { outcome: 'approved', final: true },
  declined: { outcome: 'declined', final: true },
  review: { outcome: 'review', final: false },
  abandoned: { outcome: 'abandoned', final: true, actions: [{ action: 'remind_applicant' }] },
  error: { outcome: 'failed', final: true },
};

function meaningOf(status: string | null, facts: OnfidoFacts): StatusMeaning {
  if (status === null) return IN_PROGRESS;
  if (facts.resourceType === 'workflow_run') return WORKFLOW_RUN[status] ?? IN_PROGRESS;
  if (status === 'withdrawn') return { outcome: 'abandoned', final: true };
  if (status === 'complete') {
    // The check's result (clear or consider) is only in the API: the backend fetches it.
    return {
      outcome: null,
      final: !facts.reopened,
      actions: [{ action: 'retrieve_result', resourceType: 'check' }],
    };
  }
  return IN_PROGRESS;
}

export const onfidoRules = statusTimelineRules<OnfidoFacts>({
  initialFacts: () => ({ resourceType: null, completedAt: null, reopened: false }),
  read,
  order: 'stage',
  stage: (event) => {
    const stage = stageOf(resourceOf(event), detailText(event.detail.status) ?? '');
    return stage ?? FINAL_STAGE + 1;
  },
  isFinal: (status) => Object.values(STATUSES).some((statuses) => statuses[status] === FINAL_STAGE),
  record(facts, event) {
    const resourceType = detailText(event.detail.resourceType) ?? facts.resourceType;
    if (detailText(event.detail.status) === 'reopened')
      return { ...facts, resourceType, reopened: true };
    return { ...facts, resourceType, completedAt: detailText(event.detail.completedAt) };
  },
  summarize: ({ status, facts }, history) => summaryOf(meaningOf(status, facts), history),
});
