// DynamoDB stream records of session commits, as the publisher's event source delivers them:
// the session item after the commit and, for an update, the item before it.
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import type { ChangeStreamRecord } from '../../functions/reactions/publish-changes.js';
import { fold } from '../../functions/sessions/engine.js';
import { toSessionItem } from '../../functions/storage/session-item.js';
import { casapayEvent } from './session-events.js';

const LIFECYCLE = [
  'verification_session.created',
  'verification_session.pending',
  'verification_session.processing',
  'verification_session.completed',
];

/** The stream record of the commit that took CasaPay session `session` to `version` (1 to 4). */
export function sessionCommitRecord(
  session: string,
  version: number,
  sequenceNumber: string,
): ChangeStreamRecord {
  const events = LIFECYCLE.slice(0, version).map((type, i) =>
    casapayEvent(type, { id: `evt_${session}_${i}`, at: i, session }),
  );
  const image = (n: number) => {
    const { state, history, summary } = fold(casapayRules, events.slice(0, n));
    return toSessionItem({
      provider: 'casapay',
      sessionId: session,
      version: n,
      createdAt: '2026-11-24T12:00:00.000Z',
      updatedAt: '2026-11-24T12:00:00.000Z',
      status: state.status,
      facts: state.facts,
      summary,
      events: history,
    });
  };
  return {
    eventName: version === 1 ? 'INSERT' : 'MODIFY',
    dynamodb: {
      SequenceNumber: sequenceNumber,
      NewImage: image(version),
      ...(version === 1 ? {} : { OldImage: image(version - 1) }),
    },
  };
}
