// A model of the SessionStore port in memory: the same version condition as the DynamoDB store
// (one conditional write of the session, whose history deduplicates), for unit and property tests
// of the logic above it. The DynamoDB store itself is tested against DynamoDB Local.
import type {
  CommitResult,
  SessionCommit,
  SessionRecord,
  SessionStore,
} from '../../functions/sessions/session-record.js';

export class InMemorySessionStore implements SessionStore {
  readonly sessions = new Map<string, SessionRecord>();
  commits = 0;

  async load(provider: string, sessionId: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(`${provider}#${sessionId}`);
  }

  async commit({ record, expectedVersion }: SessionCommit): Promise<CommitResult> {
    const key = `${record.provider}#${record.sessionId}`;
    if ((this.sessions.get(key)?.version ?? 0) !== expectedVersion)
      return { kind: 'version_conflict' };
    this.sessions.set(key, record);
    this.commits++;
    return { kind: 'committed' };
  }

  /** How many history entries the sessions hold in all: each distinct event exactly once. */
  historyEntries(): number {
    return [...this.sessions.values()].reduce((sum, s) => sum + s.events.length, 0);
  }
}
