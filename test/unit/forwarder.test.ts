// The forwarder against a real HTTP server on loopback; signatures are checked with the
// Standard Webhooks reference library (`standardwebhooks`), not with our own code.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwarder, type DeliveryAttempt } from '../../functions/local/forwarder.js';
import { newSecret } from '../../functions/providers/standard-webhooks/signature.js';
import {
  type SessionChangedEnvelope,
  toEnvelope,
} from '../../functions/reactions/session-change.js';
import { changeDetail } from '../support/session-changes.js';

const detail = changeDetail();
const envelope = toEnvelope(detail, { id: 'e-1', account: '000000000000', region: 'us-east-1' });

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** A developer's endpoint that answers each request with the next of `statuses` (then 200). */
async function endpoint(statuses: number[] = []) {
  const received: Received[] = [];
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ headers: request.headers, body });
    response.writeHead(statuses.shift() ?? 200).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks`, received };
}

describe('forwarding session changes to a developer endpoint', () => {
  it('posts the EventBridge envelope signed per Standard Webhooks, keyed on the change id', async () => {
    const secret = newSecret();
    const { url, received } = await endpoint();
    const forwarder = createForwarder({ url, secret });
    forwarder.forward(envelope);
    await forwarder.idle();
    const [request] = received;
    expect(request?.headers['webhook-id']).toBe(detail.changeId);
    const verified = new Webhook(secret).verify(request?.body ?? '', {
      'webhook-id': String(request?.headers['webhook-id']),
      'webhook-timestamp': String(request?.headers['webhook-timestamp']),
      'webhook-signature': String(request?.headers['webhook-signature']),
    }) as SessionChangedEnvelope;
    expect(verified).toEqual(envelope);
    expect(() =>
      new Webhook(newSecret()).verify(request?.body ?? '', {
        'webhook-id': String(request?.headers['webhook-id']),
        'webhook-timestamp': String(request?.headers['webhook-timestamp']),
        'webhook-signature': String(request?.headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('retries a non-2xx answer with backoff until it is delivered, recording each attempt', async () => {
    const { url, received } = await endpoint([500, 503]);
    const attempts: DeliveryAttempt[] = [];
    const forwarder = createForwarder({
      url,
      secret: newSecret(),
      retryDelaysMs: [10, 10, 10],
      onAttempt: (a) => attempts.push(a),
    });
    forwarder.forward(envelope);
    await forwarder.idle();
    expect(attempts.map((a) => [a.attempt, a.status, a.delivered])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    expect(new Set(received.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([detail.changeId]),
    );
  });

  it('reports a change as undelivered once every attempt failed, and never throws', async () => {
    const undelivered: DeliveryAttempt[] = [];
    const forwarder = createForwarder({
      url: 'http://127.0.0.1:9/nothing-listens-here',
      secret: newSecret(),
      retryDelaysMs: [5, 5],
      onUndelivered: (_, last) => undelivered.push(last),
    });
    forwarder.forward(envelope);
    await forwarder.idle();
    expect(undelivered).toEqual([
      expect.objectContaining({
        attempt: 3,
        status: null,
        delivered: false,
        error: expect.any(String),
      }),
    ]);
  });
});
