// The CasaPay report client against a real HTTP server on loopback (no mocked fetch): what it
// sends, which answers it retries and how long it waits, its timeouts, and what it ends with.
import { once } from 'node:events';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  casapayReportClient,
  type ReportClientOptions,
  retryAfterSeconds,
} from '../../functions/reports/report-client.js';

type Answer = (response: ServerResponse) => void;

let server: Server;
let baseUrl = '';
/** What the server answers next, in order; the last one repeats. */
let answers: Answer[] = [];
const requests: { method: string; url: string; headers: IncomingHttpHeaders; at: number }[] = [];

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
const REPORT = { id: 'vr_1', object: 'verification_report', status: 'completed' };

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      at: Date.now(),
    });
    const answer = answers.length > 1 ? answers.shift() : answers[0];
    answer?.(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  requests.length = 0;
  answers = [json(200, REPORT)];
});

/** The client with short test timings; `waits` collects every wait it asks for. */
function client(overrides: Partial<ReportClientOptions> = {}) {
  const waits: number[] = [];
  const api = casapayReportClient({
    apiKey: 'sk_test_client',
    baseUrl,
    timeoutMs: 500,
    maxCalls: 3,
    backoffBaseMs: 20,
    backoffMaxMs: 80,
    maxRetryAfterMs: 1_500,
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
    },
    ...overrides,
  });
  return { api, waits };
}

describe('the CasaPay report client', () => {
  it('GETs the report at /v1/verification_reports/{id} with the key as a Bearer token', async () => {
    const { api } = client({ apiVersion: '2025-01-15' });
    const result = await api.retrieve('vr_1');
    expect(result).toMatchObject({ ok: true, json: REPORT, calls: 1 });
    expect(result.ok && Buffer.from(result.body).toString()).toBe(JSON.stringify(REPORT));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      method: 'GET',
      url: '/v1/verification_reports/vr_1',
      headers: {
        authorization: 'Bearer sk_test_client',
        accept: 'application/json',
        'casapay-version': '2025-01-15',
      },
    });
  });

  it('sends no CasaPay-Version unless one is set, and percent-encodes the id', async () => {
    await client().api.retrieve('vr_a/../b');
    expect(requests[0]?.url).toBe('/v1/verification_reports/vr_a%2F..%2Fb');
    expect(requests[0]?.headers).not.toHaveProperty('casapay-version');
  });

  it('retries a 500 and a 503 with jittered backoff, then takes the report', async () => {
    answers = [json(500, {}), json(503, {}), json(200, REPORT)];
    const { api, waits } = client({ random: () => 0.5 });
    expect(await api.retrieve('vr_1')).toMatchObject({ ok: true, calls: 3 });
    // Full jitter: half of 20 ms, then half of 40 ms.
    expect(waits).toEqual([10, 20]);
  });

  it('ends with the last error after its calls are spent', async () => {
    answers = [json(502, {})];
    const { api, waits } = client({ random: () => 1 });
    expect(await api.retrieve('vr_1')).toEqual({
      ok: false,
      error: 'server_error',
      status: 502,
      calls: 3,
    });
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([20, 40]);
  });

  it('waits what a 429 asks for in Retry-After (seconds, or an HTTP date)', async () => {
    answers = [json(429, {}, { 'retry-after': '1' }), json(200, REPORT)];
    const { api, waits } = client();
    expect(await api.retrieve('vr_1')).toMatchObject({ ok: true, calls: 2 });
    expect(waits).toEqual([1_000]);
    expect(
      retryAfterSeconds('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)),
    ).toBe(10);
    expect(retryAfterSeconds('soon', 0)).toBeUndefined();
    expect(retryAfterSeconds(null, 0)).toBeUndefined();
  });

  it('hands a longer Retry-After back instead of waiting for it', async () => {
    answers = [json(429, {}, { 'retry-after': '120' })];
    const { api, waits } = client();
    expect(await api.retrieve('vr_1')).toEqual({
      ok: false,
      error: 'rate_limited',
      status: 429,
      retryAfterSeconds: 120,
      calls: 1,
    });
    expect(waits).toEqual([]);
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'report_not_found'],
    [400, 'rejected'],
    [422, 'rejected'],
  ])('does not retry a %i (%s)', async (status, error) => {
    answers = [json(status, { error: { type: 'invalid_request_error' } })];
    expect(await client().api.retrieve('vr_1')).toEqual({ ok: false, error, status, calls: 1 });
    expect(requests).toHaveLength(1);
  });

  it('times out a call that does not answer, and retries it', async () => {
    answers = [() => undefined, json(200, REPORT)];
    const started = Date.now();
    const result = await client({ timeoutMs: 200 }).api.retrieve('vr_1');
    expect(result).toMatchObject({ ok: true, calls: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('times out a body that stops half-way', async () => {
    answers = [
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"id":"vr_1",');
      },
    ];
    expect(await client({ timeoutMs: 200, maxCalls: 1 }).api.retrieve('vr_1')).toEqual({
      ok: false,
      error: 'timeout',
      calls: 1,
    });
  });

  it('calls a refused connection a network error, and retries it', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { api, waits } = client({ baseUrl: `http://127.0.0.1:${port}/v1` });
    expect(await api.retrieve('vr_1')).toEqual({ ok: false, error: 'network_error', calls: 3 });
    expect(waits).toHaveLength(2);
  });

  it('starts no call or wait that would end after the deadline', async () => {
    answers = [json(500, {})];
    const { api } = client({ timeoutMs: 400 });
    const result = await api.retrieve('vr_1', Date.now() + 300);
    expect(result).toMatchObject({ ok: false, error: 'server_error', calls: 1 });
  });

  it('refuses a body that is not JSON or larger than the limit, as an invalid report', async () => {
    answers = [
      (response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>maintenance</html>');
      },
    ];
    expect(await client({ maxCalls: 1 }).api.retrieve('vr_1')).toMatchObject({
      ok: false,
      error: 'invalid_report',
    });
    answers = [json(200, { ...REPORT, padding: 'x'.repeat(5_000) })];
    expect(await client({ maxCalls: 1, maxBodyBytes: 1_000 }).api.retrieve('vr_1')).toMatchObject({
      ok: false,
      error: 'invalid_report',
    });
  });

  it('does not follow a redirect (the key would go along to another host)', async () => {
    answers = [
      (response) => {
        response.writeHead(302, { location: 'http://127.0.0.1:9/elsewhere' });
        response.end();
      },
    ];
    expect(await client({ maxCalls: 1 }).api.retrieve('vr_1')).toMatchObject({
      ok: false,
      error: 'network_error',
    });
  });
});
