// A session record as a commit of `events` would store it: the fold of the provider's rules over
// them, at `version`, with fixed times (for tests of what reads records: the publisher, the rule).
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent, SessionRules } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';

export function foldedRecord(
  rules: SessionRules<unknown>,
  events: readonly SessionEvent[],
  where: { readonly provider: string; readonly sessionId: string; readonly version: number },
): SessionRecord {
  const { state, history, summary } = fold(rules, events);
  return {
    ...where,
    createdAt: '2026-11-24T12:00:00.000Z',
    updatedAt: '2026-11-24T12:00:00.000Z',
    status: state.status,
    facts: state.facts,
    summary,
    events: history,
  };
}
