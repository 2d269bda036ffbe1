// An example reaction Lambda: the three cases of the CasaPay seed's handler, driven by idv-webhooks
// Session Changed events instead of raw provider webhooks. Route the events to it with the rules
// of docs/reactions.md. The side effects (your user store, your email, your CasaPay calls) sit
// behind `ReactionEffects`; deduplication and ordering behind `SeenChanges`.
import type { EventBridgeEvent } from 'aws-lambda';
import type { SessionChangeDetail } from '../../functions/reactions/session-change.js';
import type { SessionAction } from '../../functions/sessions/session-event.js';

export type SessionChangedEvent = EventBridgeEvent<'Session Changed', SessionChangeDetail>;

/** What your backend does; the session id and vendorData are how it finds its own user. */
export interface ReactionEffects {
  /** The seed's `processVerificationResult`: the session has a final outcome. */
  processVerificationResult(change: SessionChangeDetail): Promise<void>;
  /** The seed's `sendReminderEmail`: the applicant did not finish. */
  sendReminder(change: SessionChangeDetail): Promise<void>;
  /** The seed's `requestNewDocument`: a document was rejected. */
  requestNewDocument(change: SessionChangeDetail, action: SessionAction): Promise<void>;
}

/**
 * Remembers the newest version handled per session. EventBridge delivers at least once and in no
 * particular order: a change already handled, or older than one handled, is skipped. In
 * production this is a conditional write (e.g. DynamoDB `version < :new`).
 */
export interface SeenChanges {
  /** True (and remembered) when `version` is newer than every version handled for the session. */
  claim(provider: string, sessionId: string, version: number): Promise<boolean>;
}

export type Reaction = 'processed_result' | 'reminded' | 'requested_document';

/** Handles one Session Changed event; returns what it did, for logs and tests. */
export function createReactions(effects: ReactionEffects, seen: SeenChanges) {
  return async (event: SessionChangedEvent): Promise<Reaction[]> => {
    const change = event.detail;
    if (!(await seen.claim(change.provider, change.sessionId, change.version))) return [];
    const done: Reaction[] = [];
    const remind = change.actions.some((a) => a.action === 'remind_applicant');
    // A final outcome is a result to process, unless the applicant simply did not finish.
    if (change.final && change.changed.includes('outcome') && !remind) {
      await effects.processVerificationResult(change);
      done.push('processed_result');
    }
    for (const action of change.actions) {
      if (action.action === 'remind_applicant') {
        await effects.sendReminder(change);
        done.push('reminded');
      } else if (action.action === 'request_new_document') {
        await effects.requestNewDocument(change, action);
        done.push('requested_document');
      }
    }
    return done;
  };
}

/** The in-memory `SeenChanges` of one Lambda container: enough for a demo, not for production. */
export function inMemorySeenChanges(): SeenChanges {
  const newest = new Map<string, number>();
  return {
    claim: async (provider, sessionId, version) => {
      const key = `${provider}#${sessionId}`;
      if ((newest.get(key) ?? 0) >= version) return false;
      newest.set(key, version);
      return true;
    },
  };
}
