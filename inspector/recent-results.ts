// The outcome of the last few form posts (a send, a replay), kept for the page the browser is
// redirected to after the post, so that reloading that page shows it again and sends nothing.
import { randomBytes } from 'node:crypto';

/** Results kept: the browser asks for each one right after its post. */
const KEPT = 20;

export class RecentResults<T> {
  private readonly results = new Map<string, T>();

  /** Keeps `result`; returns the id to ask for it with. */
  keep(result: T): string {
    const id = randomBytes(6).toString('hex');
    this.results.set(id, result);
    if (this.results.size > KEPT) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
    return id;
  }

  get(id: string | null): T | undefined {
    return id === null ? undefined : this.results.get(id);
  }
}
