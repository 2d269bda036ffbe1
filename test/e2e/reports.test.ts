// `npm start -- --forward-to` with CASAPAY_SECRETS carrying an API key, as the README tells a
// developer to run it: CasaPay webhooks complete two sessions, the committed change queues the
// retrieval job, the report fetcher gets each report from local mode's CasaPay API stand-in (which
// answers 429, then 500, then `pending` first), and the outcome the report gives (approved,
// declined) reaches the session view and the forwarded Session Changed event. Then an audit: no
// personal or financial field of the reports (the stand-in serves them all) is in the output, the
// view, the forwarded events, or any item of DynamoDB Local's tables.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_PII } from '../../functions/local/casapay-report-sample.js';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { LOCAL_TABLES } from '../../functions/local/pipeline.js';
import { type CasaPayEventType, casapaySample } from '../../functions/local/samples.js';
import {
  type LocalSecretDocuments,
  signatureHeaders,
} from '../../functions/local/signed-request.js';
import { newSecret } from '../../functions/providers/standard-webhooks/signature.js';
import type { SessionChangedEnvelope } from '../../functions/reactions/session-change.js';
import { fromSessionItem } from '../../functions/storage/session-item.js';
import { expectSessionChanged } from '../support/change-schema.js';
import { type RunningLocalMode, startLocalMode } from '../support/local-mode.js';

const FORWARD_SECRET = newSecret();
const CASAPAY_SECRETS = {
  signingSecrets: ['whsec_e2e_reports_signing'],
  apiKey: 'sk_test_e2e_reports',
};
const SECRETS: LocalSecretDocuments = { ...DEV_SECRET_DOCUMENTS, casapay: CASAPAY_SECRETS };
const forwarded: SessionChangedEnvelope[] = [];
const bodies: string[] = [];
let endpoint: Server;
let local: RunningLocalMode;

beforeAll(async () => {
  endpoint = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    bodies.push(body);
    forwarded.push(
      new Webhook(FORWARD_SECRET).verify(body, {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      }) as SessionChangedEnvelope,
    );
    response.writeHead(204).end();
  });
  endpoint.listen(0, '127.0.0.1');
  await once(endpoint, 'listening');
  const { port } = endpoint.address() as { port: number };
  local = await startLocalMode({
    CASAPAY_SECRETS: JSON.stringify(CASAPAY_SECRETS),
    CASAPAY_STANDIN: '429,500,pending',
    FORWARD_TO: `http://127.0.0.1:${port}/idv/session-changed`,
    FORWARD_SECRET,
  });
});
afterAll(async () => {
  await local?.stop();
  await new Promise<void>((resolve) => endpoint.close(() => resolve()));
});

async function send(session: string, types: readonly CasaPayEventType[]): Promise<void> {
  const created = Math.floor(Date.now() / 1000);
  for (const [index, type] of types.entries()) {
    const body = casapaySample(type, { session, created: created + index });
    const response = await fetch(`${local.url}/webhooks/casapay`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders('casapay', body, SECRETS),
      },
      body,
    });
    expect(response.status).toBe(200);
  }
}

interface View {
  readonly outcome: string | null;
  readonly final: boolean;
  readonly facts: { verificationReport?: { retrieval?: string; attempts?: number } };
  readonly events: { eventId: string; type: string }[];
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const view = async (session: string) =>
  (await (await fetch(`${local.url}/sessions/casapay/${session}`)).json()) as View;
const retrieved = (v: View) => v.facts?.verificationReport?.retrieval === 'retrieved';

const SESSIONS = [
  {
    session: 'vs_e2e_report_pass',
    types: ['identity_check.passed', 'verification_session.completed'],
    outcome: 'approved',
  },
  {
    session: 'vs_e2e_report_fail',
    types: ['identity_check.failed', 'verification_session.completed'],
    outcome: 'declined',
  },
] as const;

describe('CasaPay reports over npm start: webhook, state, job, fetcher, report event, outcome', () => {
  beforeAll(async () => {
    for (const s of SESSIONS) await send(s.session, s.types);
  }, 60_000);

  it('says where reports come from', () => {
    expect(local.output()).toContain('CasaPay reports: retrieved from the CasaPay API stand-in');
    expect(local.output()).not.toContain(CASAPAY_SECRETS.apiKey);
  });

  it.each(SESSIONS)(
    '$session: the report decides the outcome ($outcome), in the view and in the forwarded change',
    async ({ session, outcome }) => {
      const settled = await until(() => view(session), retrieved);
      expect(settled.outcome).toBe(outcome);
      expect(settled.final).toBe(true);
      // 429 and 500 were retried within the first attempt; `pending` made it check again later.
      expect(settled.facts.verificationReport?.attempts).toBe(2);
      const reportEvents = settled.events.filter((e) => e.eventId.startsWith('report:'));
      expect(reportEvents.map((e) => e.type)).toContain('report.retrieved');
      expect(new Set(reportEvents.map((e) => e.eventId)).size).toBe(reportEvents.length);

      const changes = await until(
        () => forwarded.filter((e) => e.detail.sessionId === session),
        (list) => list.some((e) => e.detail.outcome === outcome),
      );
      for (const change of changes) expectSessionChanged(change);
      const last = changes.find((e) => e.detail.outcome === outcome);
      expect(last?.detail).toMatchObject({ status: 'completed', outcome, final: true });
      expect((last?.detail.facts as View['facts'] | undefined)?.verificationReport?.retrieval).toBe(
        'retrieved',
      );
      // Before the report, the completed session awaited it: no outcome yet.
      expect(
        changes.some((e) => e.detail.status === 'completed' && e.detail.outcome === null),
      ).toBe(true);
      expect(local.output()).toMatch(
        new RegExp(`change casapay ${session} .*report vr_\\S+ retrieved`),
      );
    },
    40_000,
  );

  it('keeps every personal and financial field of the reports out of the output, the view, the forwarded events and DynamoDB', async () => {
    for (const s of SESSIONS)
      expect(retrieved(await until(() => view(s.session), retrieved))).toBe(true);
    const endpoint = /on DynamoDB Local at (http:\/\/\S+)/.exec(local.output())?.[1];
    expect(endpoint).toBeDefined();
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint });
    const items: unknown[] = [];
    for (const table of Object.values(LOCAL_TABLES)) {
      const { Items = [] } = await dynamodb.send(
        new ScanCommand({ TableName: table, ConsistentRead: true }),
      );
      // Sessions as stored and as decoded: their history and facts travel deflated.
      items.push(
        ...Items.map((item) => (item.kind?.S === 'session' ? [item, fromSessionItem(item)] : item)),
      );
    }
    dynamodb.destroy();
    const stored = JSON.stringify(items);
    // The audit means something: the reports' outcomes and ids are there.
    expect(stored).toContain('report.retrieved');
    const views = JSON.stringify(await Promise.all(SESSIONS.map((s) => view(s.session))));
    const places = { output: local.output(), view: views, forwarded: bodies.join('\n'), stored };
    for (const [place, text] of Object.entries(places))
      for (const [field, value] of Object.entries(REPORT_PII))
        expect(text.includes(String(value)), `${field} in ${place}`).toBe(false);
  });
});
