// The Session Changed events local mode published for each session, as its bus carried them, and
// with `--forward-to`, every attempt to deliver each of them and the answer it got.
import type { DeliveryAttempt } from '../functions/local/forwarder.js';
import type { SessionChangeDetail } from '../functions/reactions/session-change.js';
import { SessionMemory } from './session-memory.js';

/** One published change and what became of its deliveries to the developer's endpoint. */
export interface PublishedChange {
  readonly change: SessionChangeDetail;
  /** When the bus carried it. */
  readonly publishedAt: string;
  /** In the order they were made; empty when nothing is forwarded. */
  readonly attempts: readonly DeliveryAttempt[];
}

/** Changes kept per session (the newest): more than any lifecycle has. */
const MAX_CHANGES_PER_SESSION = 200;

interface Entry {
  readonly change: SessionChangeDetail;
  readonly publishedAt: string;
  readonly attempts: DeliveryAttempt[];
}

export class ChangeLog {
  private readonly byChangeId = new Map<string, Entry>();
  private readonly sessions = new SessionMemory<Entry[]>(
    () => [],
    (entries) => {
      for (const entry of entries) this.byChangeId.delete(entry.change.changeId);
    },
  );

  /** Records a change the bus carried. The same change put twice is one change. */
  published(change: SessionChangeDetail, at: Date): void {
    if (this.byChangeId.has(change.changeId)) return;
    const entries = this.sessions.write(change.provider, change.sessionId);
    const entry: Entry = { change, publishedAt: at.toISOString(), attempts: [] };
    entries.push(entry);
    this.byChangeId.set(change.changeId, entry);
    if (entries.length > MAX_CHANGES_PER_SESSION) {
      const dropped = entries.shift();
      if (dropped) this.byChangeId.delete(dropped.change.changeId);
    }
  }

  /** Records a delivery attempt; returns the session it concerns, if the change is known. */
  attempted(attempt: DeliveryAttempt): { provider: string; sessionId: string } | undefined {
    const entry = this.byChangeId.get(attempt.changeId);
    if (!entry) return undefined;
    entry.attempts.push(attempt);
    return { provider: entry.change.provider, sessionId: entry.change.sessionId };
  }

  /** The changes of a session, oldest first. */
  of(provider: string, sessionId: string): readonly PublishedChange[] {
    return (this.sessions.read(provider, sessionId) ?? []).map((entry) => ({
      ...entry,
      attempts: [...entry.attempts],
    }));
  }
}
