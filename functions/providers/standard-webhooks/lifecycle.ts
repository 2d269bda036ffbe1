// The lifecycle of a Standard Webhooks source: its statuses, as the integrator mapped them, in
// event-time order; the first final status wins, and an unmapped status is kept, not applied.
import { detailText, type SessionEvent } from '../../sessions/session-event.js';
import { IN_PROGRESS, statusTimelineRules, summaryOf } from '../status-timeline.js';
import type { StandardWebhooksSource } from './sources.js';

/** A configured source records nothing besides its status. */
export type StandardWebhooksFacts = Readonly<Record<string, never>>;

/** The session rules of `source`. */
export function standardWebhooksRules(source: StandardWebhooksSource) {
  const meaning = (event: SessionEvent) =>
    source.statuses.get(detailText(event.detail.status) ?? '');
  return statusTimelineRules<StandardWebhooksFacts>({
    initialFacts: () => ({}),
    read: (event) => {
      const status = detailText(event.detail.status);
      return status !== null && source.statuses.has(status)
        ? { kind: 'status', status }
        : { kind: 'ignored', reason: 'unknown_event_type' };
    },
    // Within one time, progress before a final status; unmapped ones last.
    stage: (event) => {
      const known = meaning(event);
      return known === undefined ? 2 : known.final ? 1 : 0;
    },
    isFinal: (status) => source.statuses.get(status)?.final ?? false,
    record: (facts) => facts,
    summarize: ({ status }, history) => {
      const known = status === null ? undefined : source.statuses.get(status);
      if (known === undefined) return summaryOf(IN_PROGRESS, history);
      return summaryOf(
        {
          outcome: known.outcome,
          final: known.final,
          actions: known.action === undefined ? [] : [{ action: known.action }],
        },
        history,
      );
    },
  });
}
