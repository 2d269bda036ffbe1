// DynamoDB stream records of session commits, as the publisher's event source delivers them:
// the session item after the commit and, for an update, the item before it.
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import type { ChangeStreamRecord } from '../../functions/reactions/publish-changes.js';
import type { SessionRules } from '../../functions/sessions/session-event.js';
import { toSessionItem } from '../../functions/storage/session-item.js';
import { foldedRecord } from './folded-record.js';
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
    const rules = casapayRules as SessionRules<unknown>;
    return toSessionItem(
      foldedRecord(rules, events.slice(0, n), {
        provider: 'casapay',
        sessionId: session,
        version: n,
      }),
    );
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
