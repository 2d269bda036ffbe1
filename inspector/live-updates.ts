// Live updates for open inspector pages, as server-sent events: what changed (which sessions, the
// quarantine), coalesced over a short window so that a burst of webhooks is one message, never the
// data itself. A page that hears of a change that concerns it fetches its own part again.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What one message says changed. */
export interface LiveUpdate {
  /** `[provider, sessionId]` of each session that received a delivery or published a change. */
  readonly sessions: readonly (readonly [string, string])[];
  readonly quarantine: boolean;
  /** More sessions changed than are named: every page showing sessions should fetch again. */
  readonly more?: boolean;
}

/** Something an update can be written to: an open event stream. */
export interface LiveClient {
  write(text: string): void;
}

export interface LiveUpdatesOptions {
  /** How long changes are gathered into one message. */
  readonly coalesceMs?: number;
  /** A comment line this often keeps proxies and the browser from closing an idle stream. */
  readonly heartbeatMs?: number;
  /** Open streams at most: each holds a socket. */
  readonly maxClients?: number;
}

/** Sessions named in one message at most; past that, it says only that there were more. */
const MAX_SESSIONS_PER_UPDATE = 100;

/** One server-sent event, `update`, with the JSON of `update`. */
export const eventText = (update: LiveUpdate): string =>
  `event: update\ndata: ${JSON.stringify(update)}\n\n`;

export class LiveUpdates {
  private readonly clients = new Set<LiveClient>();
  private readonly sessions = new Map<string, readonly [string, string]>();
  private quarantine = false;
  private flush: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly coalesceMs: number;
  private readonly maxClients: number;

  constructor(options: LiveUpdatesOptions = {}) {
    this.coalesceMs = options.coalesceMs ?? 100;
    this.maxClients = options.maxClients ?? 32;
    this.heartbeat = setInterval(
      () => this.broadcast(': heartbeat\n\n'),
      options.heartbeatMs ?? 15_000,
    );
    this.heartbeat.unref();
  }

  /** A session received a delivery or published a change. */
  sessionChanged(provider: string, sessionId: string): void {
    this.sessions.set(`${provider}\n${sessionId}`, [provider, sessionId]);
    this.schedule();
  }

  /** An entry was quarantined or replayed. */
  quarantineChanged(): void {
    this.quarantine = true;
    this.schedule();
  }

  /** Adds a client; false when there are already as many as allowed. */
  add(client: LiveClient): boolean {
    if (this.clients.size >= this.maxClients) return false;
    this.clients.add(client);
    return true;
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  get size(): number {
    return this.clients.size;
  }

  /** Stops the timers and forgets the clients (their sockets are closed with the server). */
  close(): void {
    clearInterval(this.heartbeat);
    if (this.flush) clearTimeout(this.flush);
    this.clients.clear();
  }

  private schedule(): void {
    this.flush ??= setTimeout(() => {
      this.flush = undefined;
      const sessions = [...this.sessions.values()];
      const update: LiveUpdate = {
        sessions: sessions.slice(0, MAX_SESSIONS_PER_UPDATE),
        quarantine: this.quarantine,
        ...(sessions.length > MAX_SESSIONS_PER_UPDATE ? { more: true } : {}),
      };
      this.sessions.clear();
      this.quarantine = false;
      this.broadcast(eventText(update));
    }, this.coalesceMs);
  }

  private broadcast(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

/** How soon a browser reconnects a dropped stream, in ms (the `retry` field). */
const RECONNECT_MS = 2_000;

/** Answers `GET /inspector/events`: keeps the response open as an event stream of `live`. */
export function serveLiveUpdates(
  live: LiveUpdates,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const client: LiveClient = { write: (text) => void response.write(text) };
  if (!live.add(client)) {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '10' });
    response.end(
      JSON.stringify({ error: 'too_many_streams', message: 'too many open inspector pages' }),
    );
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.write(`retry: ${RECONNECT_MS}\n\n`);
  request.socket.setKeepAlive(true);
  // The response's close, not the request's: a request closes as soon as its (empty) body is read.
  response.once('close', () => live.remove(client));
}
