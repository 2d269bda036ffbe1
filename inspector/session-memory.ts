// What the inspector remembers per session in memory (deliveries, published changes), bounded:
// local mode may run for days and take a load test, and the oldest sessions are forgotten first.

/** Sessions remembered by default: far more than anyone looks at, a few MB at most. */
export const MAX_SESSIONS = 20_000;

export const sessionKey = (provider: string, sessionId: string): string =>
  `${provider}\n${sessionId}`;

/** A map from session to `T` that forgets the least recently written session when full. */
export class SessionMemory<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly create: () => T,
    private readonly onForget: (value: T) => void = () => undefined,
    private readonly capacity = MAX_SESSIONS,
  ) {}

  /** The session's value, created if needed, and marked as the most recently written. */
  write(provider: string, sessionId: string): T {
    const key = sessionKey(provider, sessionId);
    let value = this.entries.get(key);
    if (value === undefined) {
      value = this.create();
      if (this.entries.size >= this.capacity) this.forgetOldest();
    } else {
      // A Map keeps insertion order: re-inserting makes it the newest.
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    return value;
  }

  read(provider: string, sessionId: string): T | undefined {
    return this.entries.get(sessionKey(provider, sessionId));
  }

  private forgetOldest(): void {
    const oldest = this.entries.entries().next();
    if (oldest.done) return;
    const [key, value] = oldest.value;
    this.entries.delete(key);
    this.onForget(value);
  }
}
