// A model of the SessionStore port in memory: the same version and dedupe conditions as the
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
  /** event id -> session id, as the dedupe records hold it. */
  readonly eventRecords = new Map<string, string>();
  commits = 0;

  async load(provider: string, sessionId: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(`${provider}#${sessionId}`);
  }

  async commit({ record, expectedVersion, newEvents }: SessionCommit): Promise<CommitResult> {
    const key = `${record.provider}#${record.sessionId}`;
    if ((this.sessions.get(key)?.version ?? 0) !== expectedVersion)
      return { kind: 'version_conflict' };
    const taken = newEvents.filter((e) => this.eventRecords.has(`${record.provider}#${e.eventId}`));
    if (taken.length > 0) return { kind: 'event_conflicts', eventIds: taken.map((e) => e.eventId) };
    this.sessions.set(key, record);
    for (const e of newEvents)
      this.eventRecords.set(`${record.provider}#${e.eventId}`, e.sessionId);
    this.commits++;
    return { kind: 'committed' };
  }
}
