// Persona's inquiry lifecycle (docs/state-machine.md, "Persona"): created -> pending ->
// completed | failed | expired, then needs_review, approved or declined by a workflow or a
// reviewer. Persona does not promise delivery order, so events are folded by their `created-at`;
// a later decision replaces an earlier one, and nothing else replaces a decision.
import { detailText, type SessionEvent } from '../../sessions/session-event.js';
import {
  IN_PROGRESS,
  type StatusMeaning,
  statusTimelineRules,
  summaryOf,
  type TimelineRead,
} from '../status-timeline.js';

export interface PersonaFacts {
  /** The integrator's own reference for the individual (`reference-id`). */
  readonly referenceId: string | null;
}

/** Each inquiry event's status, as Persona names the inquiry's `status`, and its stage. */
const INQUIRY_EVENTS: Readonly<Record<string, { status: string; stage: number }>> = {
  'inquiry.created': { status: 'created', stage: 0 },
  'inquiry.started': { status: 'pending', stage: 1 },
  'inquiry.completed': { status: 'completed', stage: 2 },
  'inquiry.failed': { status: 'failed', stage: 2 },
  'inquiry.expired': { status: 'expired', stage: 2 },
  'inquiry.marked-for-review': { status: 'needs_review', stage: 3 },
  'inquiry.approved': { status: 'approved', stage: 4 },
  'inquiry.declined': { status: 'declined', stage: 4 },
};

const DECISIONS = new Set(['approved', 'declined']);

const inquiryEvent = (event: SessionEvent) =>
  Object.hasOwn(INQUIRY_EVENTS, event.type) ? INQUIRY_EVENTS[event.type] : undefined;

function read(event: SessionEvent): TimelineRead {
  const known = inquiryEvent(event);
  if (known) return { kind: 'status', status: known.status };
  // Verifications, reports, cases and other inquiry events of the same webhook are kept, unused.
  return event.type.startsWith('inquiry.')
    ? { kind: 'ignored', reason: 'unknown_event_type' }
    : { kind: 'ignored', reason: 'unsupported_webhook_kind' };
}

const MEANINGS: Readonly<Record<string, StatusMeaning>> = {
  // The individual is done and passed; a workflow or a reviewer may still decide otherwise.
  completed: { outcome: 'approved', final: false },
  failed: { outcome: 'declined', final: false },
  expired: { outcome: 'expired', final: false, actions: [{ action: 'remind_applicant' }] },
  needs_review: { outcome: 'review', final: false },
  approved: { outcome: 'approved', final: true },
  declined: { outcome: 'declined', final: true },
};

export const personaRules = statusTimelineRules<PersonaFacts>({
  initialFacts: () => ({ referenceId: null }),
  read,
  stage: (event) => inquiryEvent(event)?.stage ?? 5,
  isFinal: (status) => DECISIONS.has(status),
  overrides: (status) => DECISIONS.has(status),
  record: (facts, event) => ({
    referenceId: detailText(event.detail.referenceId) ?? facts.referenceId,
  }),
  summarize: ({ status }, history) =>
    summaryOf((status !== null && MEANINGS[status]) || IN_PROGRESS, history),
});
