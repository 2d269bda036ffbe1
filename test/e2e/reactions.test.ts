// `npm start` with FORWARD_TO, as `npm start -- --forward-to` runs it: a developer's endpoint on
// loopback receives the signed Session Changed events of a whole CasaPay and a whole Veriff
// lifecycle delivered out of order and with duplicates, and the last of them says what the session
// view says. Signatures are checked with the Standard Webhooks reference library.
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { SCENARIOS } from '../../functions/local/scenarios.js';
import { signatureHeaders } from '../../functions/local/signed-request.js';
import { newSecret } from '../../functions/providers/standard-webhooks/signature.js';
import type { SessionChangedEnvelope } from '../../functions/reactions/session-change.js';
import { canonicalJson } from '../../functions/sessions/canonical-json.js';
import { expectSessionChanged } from '../support/change-schema.js';
import { type RunningLocalMode, startLocalMode } from '../support/local-mode.js';

const FORWARD_SECRET = newSecret();
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let endpoint: Server;
let local: RunningLocalMode;

beforeAll(async () => {
  // The first delivery of every change is refused once: the forwarder must retry it.
  const refusedOnce = new Set<string>();
  endpoint = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const id = String(request.headers['webhook-id']);
    if (!refusedOnce.has(id)) {
      refusedOnce.add(id);
      response.writeHead(503).end();
      return;
    }
    received.push({ headers: request.headers, body });
    response.writeHead(204).end();
  });
  endpoint.listen(0, '127.0.0.1');
  await once(endpoint, 'listening');
  const { port } = endpoint.address() as { port: number };
  local = await startLocalMode({
    FORWARD_TO: `http://127.0.0.1:${port}/idv/session-changed`,
    FORWARD_SECRET,
  });
});
afterAll(async () => {
  await local?.stop();
  await new Promise<void>((resolve) => endpoint.close(() => resolve()));
});

/** Verifies a delivery as the developer's app would, and returns the event. */
function verified({ headers, body }: (typeof received)[number]): SessionChangedEnvelope {
  const event = new Webhook(FORWARD_SECRET).verify(body, {
    'webhook-id': String(headers['webhook-id']),
    'webhook-timestamp': String(headers['webhook-timestamp']),
    'webhook-signature': String(headers['webhook-signature']),
  }) as SessionChangedEnvelope;
  expect(headers['webhook-id']).toBe(event.detail.changeId);
  expectSessionChanged(event);
  return event;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('session changes forwarded to a developer endpoint (npm start -- --forward-to)', () => {
  it('says where it forwards and with which secret (a fingerprint of one you gave)', () => {
    expect(local.output()).toContain('POSTed to http://127.0.0.1:');
    expect(local.output()).toMatch(
      /FORWARD_SECRET from your environment \(fingerprint sha256:[0-9a-f]{8}\)/,
    );
    expect(local.output()).not.toContain(FORWARD_SECRET);
  });

  it.each(['casapay-happy-path', 'veriff-resubmission'])(
    'delivers %s, sent out of order and twice, ending where the session view ends',
    async (name) => {
      const scenario = SCENARIOS[name] as (typeof SCENARIOS)[string];
      const session = `${name}-e2e`;
      const webhooks = scenario.webhooks(session, new Date());
      const deliveries = [...webhooks].reverse().flatMap((w) => [w, w]);
      for (const webhook of deliveries) {
        const response = await fetch(`${local.url}/webhooks/${webhook.provider}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...signatureHeaders(webhook.provider, webhook.body, DEV_SECRET_DOCUMENTS),
          },
          body: webhook.body,
        });
        expect(response.status).toBe(200);
      }
      type View = Pick<
        SessionChangedEnvelope['detail'],
        'version' | 'status' | 'outcome' | 'final' | 'actions' | 'facts'
      > & { events: { eventId: string }[] };
      // Settled: every webhook in, and a CasaPay report's retrieval over (local mode retrieves
      // it after the completion: docs/reports.md), so no change is still to come.
      const report = (v: View) =>
        (v.facts as { verificationReport?: { retrieval?: string } } | undefined)?.verificationReport
          ?.retrieval;
      const view = await until(
        async () =>
          (await (
            await fetch(`${local.url}/sessions/${scenario.provider}/${session}`)
          ).json()) as View,
        (v) =>
          v.events?.filter((e) => !e.eventId.startsWith('report:')).length === webhooks.length &&
          !['due', 'retrying'].includes(report(v) ?? ''),
      );
      const newest = (list: SessionChangedEnvelope[]) =>
        list.reduce<SessionChangedEnvelope | undefined>(
          (a, b) => (a === undefined || b.detail.version > a.detail.version ? b : a),
          undefined,
        );
      // Facts read back from DynamoDB keep no key order: compared as canonical JSON.
      const where = (d: Partial<View> | undefined) =>
        canonicalJson([d?.status, d?.outcome, d?.final, d?.actions, d?.facts]);
      const events = await until(
        async () => received.map(verified).filter((e) => e.detail.sessionId === session),
        (list) => where(newest(list)?.detail) === where(view),
      );
      // A commit that only recorded an event that was not applied publishes nothing, so the
      // newest event may be older than the view's version, never newer, and says the same.
      const last = newest(events);
      expect(where(last?.detail)).toBe(where(view));
      expect(last?.detail.version).toBeLessThanOrEqual(view.version);
      // One delivery per change however often it was retried, and every change accounted for.
      const ids = events.map((e) => e.detail.changeId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(local.output()).toMatch(new RegExp(`change ${scenario.provider} ${session} `));
    },
  );
});
