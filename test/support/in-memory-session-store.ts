// A model of the SessionStore port in memory: the same claims and version condition as the
// DynamoDB store, for unit and property tests of the logic above it. The DynamoDB store itself is
// tested against DynamoDB Local.
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../../functions/sessions/session-record.js';

export class InMemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, SessionRecord>();
  /** event id -> session id, as the claims hold it. */
  readonly eventRecords = new Map<string, string>();
  commits = 0;

  async load(provider: string, sessionId: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(`${provider}#${sessionId}`);
  }

  async commit({ record, expectedVersion, newEvents }: SessionCommit): Promise<CommitResult> {
    const claimKey = (eventId: string) => `${record.provider}#${eventId}`;
    const foreign = newEvents.filter((e) => {
      const owner = this.eventRecords.get(claimKey(e.eventId));
      return owner !== undefined && owner !== e.sessionId;
    });
    if (foreign.length > 0)
      return { kind: 'event_conflicts', eventIds: foreign.map((e) => e.eventId) };
    // Claims stay even when the session write below is refused, as they do on DynamoDB.
    for (const e of newEvents) this.eventRecords.set(claimKey(e.eventId), e.sessionId);
    const key = `${record.provider}#${record.sessionId}`;
    if ((this.sessions.get(key)?.version ?? 0) !== expectedVersion)
      return { kind: 'version_conflict' };
    this.sessions.set(key, record);
    this.commits++;
    return { kind: 'committed' };
  }
}
