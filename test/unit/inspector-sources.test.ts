// What the inspector learns from local mode besides its tables: the consumer's log lines (every
// delivery, duplicates included), the published changes and their delivery attempts, the live
// updates it pushes to open pages, and who it answers.
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  describeChange,
  type SessionChangeDetail,
} from '../../functions/reactions/session-change.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { ChangeLog } from '../../inspector/change-log.js';
import { consumedDelivery, DeliveryLog, tapLines } from '../../inspector/consumer-log.js';
import { isLoopbackAddress, isLoopbackHost, isSameOrigin } from '../../inspector/http.js';
import { type LiveClient, LiveUpdates, serveLiveUpdates } from '../../inspector/live-updates.js';
import { SessionMemory } from '../../inspector/session-memory.js';

/**
 * A consumer log line as its compact formatter writes it (functions/processing/consumer-handler.ts):
 * no message id unless the message was quarantined or failed.
 */
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: '',
    service: 'idv-webhooks',
    provider: 'casapay',
    sessionId: 'vs_1',
    eventId: 'evt_1',
    requestId: 'req-1',
    ...fields,
  });

describe('the consumer log lines', () => {
  it('reads the delivery a consumer line reports, and nothing from any other line', () => {
    expect(consumedDelivery(line({ outcome: 'duplicate', lagMs: 4 }))).toEqual({
      outcome: 'duplicate',
      provider: 'casapay',
      sessionId: 'vs_1',
      eventId: 'evt_1',
      requestId: 'req-1',
    });
    // The ingest's line says `accepted`; a change line is no JSON; an unknown outcome is not ours.
    expect(
      consumedDelivery(
        '{"level":"INFO","message":"webhook accepted","outcome":"accepted","requestId":"r"}',
      ),
    ).toBeUndefined();
    expect(consumedDelivery('change casapay vs_1  created -> pending  outcome -')).toBeUndefined();
    expect(consumedDelivery(line({ outcome: 'accepted' }))).toBeUndefined();
    expect(consumedDelivery('{"outcome": truncated')).toBeUndefined();
    expect(
      consumedDelivery(
        line({ outcome: 'quarantined', messageId: 'm-1', sessionId: undefined, eventId: 7 }),
      ),
    ).toEqual({
      outcome: 'quarantined',
      provider: 'casapay',
      requestId: 'req-1',
    });
  });

  it('counts each event once per request id: duplicates from the provider, not SQS redeliveries', () => {
    const log = new DeliveryLog();
    const read = (fields: Record<string, unknown>) => {
      const delivery = consumedDelivery(line(fields));
      if (!delivery) throw new Error('not a consumer line');
      return log.record(delivery);
    };
    expect(read({ outcome: 'applied', requestId: 'req-1' })).toBe(true);
    // A failed delivery comes back from SQS with the same request id: counted when it succeeds.
    expect(read({ outcome: 'failed', requestId: 'req-2', messageId: 'm-2' })).toBe(false);
    expect(read({ outcome: 'duplicate', requestId: 'req-2' })).toBe(true);
    // The same delivery consumed again after a crash is still one delivery.
    expect(read({ outcome: 'duplicate', requestId: 'req-2' })).toBe(true);
    expect(read({ outcome: 'duplicate', requestId: 'req-3' })).toBe(true);
    expect(read({ outcome: 'stale', eventId: 'evt_2', requestId: 'req-4' })).toBe(true);
    expect(read({ outcome: 'quarantined', requestId: 'req-5' })).toBe(false);
    expect(Object.fromEntries(log.of('casapay', 'vs_1'))).toEqual({
      evt_1: { requestIds: ['req-1', 'req-2', 'req-3'] },
      evt_2: { requestIds: ['req-4'] },
    });
    expect(log.of('veriff', 'vs_1').size).toBe(0);
  });

  it('hears every complete line written to a stream, split across writes, and still writes it', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let written = '';
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (written += chunk));
    const heard: string[] = [];
    const stop = tapLines(stream, (l) => heard.push(l));
    stream.write('{"a":');
    stream.write(Buffer.from('1}\nsecond line\nthi'));
    stream.write('rd\n');
    stop();
    stream.write('after\n');
    expect(heard).toEqual(['{"a":1}', 'second line', 'third']);
    expect(written).toBe('{"a":1}\nsecond line\nthird\nafter\n');
    // Put back as it was: the prototype's write again.
    expect(Object.hasOwn(stream, 'write')).toBe(false);
  });

  it('keeps writing when a listener throws', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    const stop = tapLines(stream, () => {
      throw new Error('listener bug');
    });
    expect(() => stream.write('x\n')).not.toThrow();
    stop();
  });
});

describe('memory per session', () => {
  it('forgets the least recently written session first, and says which', () => {
    const forgotten: string[][] = [];
    const memory = new SessionMemory<string[]>(
      () => [],
      (value) => forgotten.push(value),
      2,
    );
    memory.write('p', 'a').push('a');
    memory.write('p', 'b').push('b');
    memory.write('p', 'a').push('a2');
    memory.write('p', 'c').push('c');
    expect(forgotten).toEqual([['b']]);
    expect(memory.read('p', 'a')).toEqual(['a', 'a2']);
    expect(memory.read('p', 'b')).toBeUndefined();
  });
});

/** A session at `version`, with a status of its own: each version is a change from the one before. */
const session = (version: number): SessionRecord => ({
  provider: 'casapay',
  sessionId: 'vs_1',
  version,
  createdAt: '2026-11-24T12:00:00.000Z',
  updatedAt: '2026-11-24T12:00:00.000Z',
  status: `status-${version}`,
  facts: {},
  summary: { outcome: null, final: false, actions: [], providerCreatedAt: null },
  events: [],
});

/** The change that brought the session to `version`, as the publisher computes it. */
function change(version: number): SessionChangeDetail {
  const detail = describeChange(session(version - 1), session(version));
  if (!detail) throw new Error('no change');
  return detail;
}

describe('the change log', () => {
  it('keeps each published change once, with the attempts to deliver it', () => {
    const log = new ChangeLog();
    const at = new Date('2026-11-24T12:00:01.000Z');
    log.published(change(1), at);
    log.published(change(2), at);
    // EventBridge may carry a change twice; the bus here too after a partial failure.
    log.published(change(2), at);
    const attempt = {
      changeId: change(2).changeId,
      attempt: 1,
      at: at.toISOString(),
      status: 503,
      delivered: false,
    };
    expect(log.attempted(attempt)).toEqual({ provider: 'casapay', sessionId: 'vs_1' });
    expect(log.attempted({ ...attempt, attempt: 2, status: 204, delivered: true })).toBeDefined();
    expect(log.attempted({ ...attempt, changeId: 'chg_unknown' })).toBeUndefined();
    const changes = log.of('casapay', 'vs_1');
    expect(changes.map((c) => [c.change.version, c.attempts.map((a) => a.status)])).toEqual([
      [1, []],
      [2, [503, 204]],
    ]);
  });
});

describe('live updates', () => {
  afterEach(() => vi.useRealTimers());

  const client = () => {
    const received: string[] = [];
    return { received, write: (text: string) => void received.push(text) } satisfies LiveClient & {
      received: string[];
    };
  };

  it('coalesce a burst of changes into one event naming each session once', () => {
    vi.useFakeTimers();
    const live = new LiveUpdates({ coalesceMs: 100 });
    const page = client();
    live.add(page);
    live.sessionChanged('casapay', 'vs_1');
    live.sessionChanged('casapay', 'vs_1');
    live.sessionChanged('veriff', 'v-2');
    live.quarantineChanged();
    expect(page.received).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(page.received).toEqual([
      `event: update\ndata: ${JSON.stringify({
        sessions: [
          ['casapay', 'vs_1'],
          ['veriff', 'v-2'],
        ],
        quarantine: true,
      })}\n\n`,
    ]);
    live.sessionChanged('casapay', 'vs_3');
    vi.advanceTimersByTime(100);
    expect(page.received[1]).toContain('"quarantine":false');
    live.close();
  });

  it('keep idle streams open with heartbeats, and refuse more streams than allowed', () => {
    vi.useFakeTimers();
    const live = new LiveUpdates({ heartbeatMs: 1_000, maxClients: 1 });
    const page = client();
    expect(live.add(page)).toBe(true);
    expect(live.add(client())).toBe(false);
    vi.advanceTimersByTime(2_000);
    expect(page.received).toEqual([': heartbeat\n\n', ': heartbeat\n\n']);
    live.remove(page);
    expect(live.size).toBe(0);
    live.close();
  });
});

describe('the event stream over HTTP', () => {
  it('stays open and carries each update until the page goes away', async () => {
    const live = new LiveUpdates({ coalesceMs: 10 });
    // As the inspector does for every request but a form: the (empty) body is read first.
    const server = createServer((request, response) => {
      request.resume();
      serveLiveUpdates(live, request, response);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const abort = new AbortController();
    try {
      const response = await fetch(`http://127.0.0.1:${port}/inspector/events`, {
        signal: abort.signal,
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const read = async () => new TextDecoder().decode((await reader.read()).value);
      expect(await read()).toBe('retry: 2000\n\n');
      // Later than the request's own end: the stream must outlive it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(live.size).toBe(1);
      live.sessionChanged('casapay', 'vs_1');
      expect(await read()).toContain('"sessions":[["casapay","vs_1"]]');
      abort.abort();
      await reader.cancel().catch(() => undefined);
      for (let i = 0; i < 50 && live.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(live.size).toBe(0);
    } finally {
      live.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('who the inspector answers', () => {
  it('takes loopback peers only', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopbackAddress(address), address).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.5', '::ffff:10.0.0.1', 'fe80::1', undefined])
      expect(isLoopbackAddress(address), String(address)).toBe(false);
  });

  it('takes loopback host names only (DNS rebinding names another host)', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', 'LOCALHOST', '[::1]:3000', '127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of [
      'evil.example:3000',
      '127.0.0.1.evil.example',
      '0.0.0.0:3000',
      '[::2]:1',
      '',
      undefined,
    ])
      expect(isLoopbackHost(host), String(host)).toBe(false);
  });

  it('takes forms from its own pages only', () => {
    const request = (headers: Record<string, string>) =>
      ({ headers: { host: '127.0.0.1:3000', ...headers } }) as unknown as IncomingMessage;
    expect(
      isSameOrigin(request({ origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })),
    ).toBe(true);
    // curl sends neither header: no browser, so no forged form.
    expect(isSameOrigin(request({}))).toBe(true);
    expect(isSameOrigin(request({ origin: 'http://evil.example' }))).toBe(false);
    expect(isSameOrigin(request({ origin: 'http://localhost:3000' }))).toBe(false);
    expect(isSameOrigin(request({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});
