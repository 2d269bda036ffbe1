import type { Server } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, startHttpApi } from '../../functions/local/http-api.js';
import { rawRequest } from '../support/raw-http.js';

describe('local HTTP API', () => {
  let server: Server;
  let url = '';
  const events: APIGatewayProxyEventV2[] = [];

  beforeAll(async () => {
    const echo = async (event: APIGatewayProxyEventV2) => {
      events.push(event);
      return { statusCode: 202, headers: { 'x-route': event.routeKey }, body: 'ok' };
    };
    server = await startHttpApi(
      [{ routeKey: 'POST /webhooks/{provider}', functionName: 'echo', handler: echo }],
      '127.0.0.1',
      0,
    );
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('turns a request into a payload v2 event with path parameters and lowercased headers', async () => {
    const response = await fetch(`${url}/webhooks/casapay?x=1`, {
      method: 'POST',
      headers: { 'X-CasaPay-Signature': 't=1,v1=ab', 'Content-Type': 'application/json' },
      body: '{"id":"evt_1"}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-route')).toBe('POST /webhooks/{provider}');
    const event = events.at(-1);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /webhooks/{provider}',
      rawPath: '/webhooks/casapay',
      rawQueryString: 'x=1',
      pathParameters: { provider: 'casapay' },
      isBase64Encoded: false,
      body: '{"id":"evt_1"}',
      headers: { 'x-casapay-signature': 't=1,v1=ab', 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST' }, stage: '$default' },
    });
    expect(event?.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hands binary bodies over base64-encoded', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x80]);
    await fetch(`${url}/webhooks/veriff`, { method: 'POST', body: bytes });
    const event = events.at(-1);
    expect(event?.isBase64Encoded).toBe(true);
    expect(Buffer.from(event?.body ?? '', 'base64').equals(bytes)).toBe(true);
  });

  it('answers 404 like API Gateway for other methods and paths', async () => {
    const before = events.length;
    for (const [method, path] of [
      ['GET', '/webhooks/casapay'],
      ['POST', '/webhooks'],
      ['POST', '/webhooks/a/b'],
    ]) {
      const response = await fetch(`${url}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
    expect(events.length).toBe(before);
  });

  it('answers requests the parser refuses, CONNECT and payloads over 10 MiB with JSON, as API Gateway would', async () => {
    const port = Number(new URL(url).port);
    const before = events.length;
    const answers = [
      ['GARBAGE\r\n\r\n', 400, 'Bad Request'],
      [
        `GET / HTTP/1.1\r\nhost: x\r\nx-padding: ${'p'.repeat(20_000)}\r\n\r\n`,
        431,
        'Request Header Fields Too Large',
      ],
      ['CONNECT 127.0.0.1:443 HTTP/1.1\r\nhost: x\r\n\r\n', 404, 'Not Found'],
      [
        `POST /webhooks/casapay HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: ${MAX_PAYLOAD_BYTES + 1}\r\n\r\n${'a'.repeat(MAX_PAYLOAD_BYTES + 1)}`,
        413,
        'Request Entity Too Large',
      ],
      // No Host header (HTTP/1.1 requires one; API Gateway routes the request all the same).
      [
        'POST //webhooks HTTP/1.1\r\nconnection: close\r\ncontent-length: 0\r\n\r\n',
        404,
        'Not Found',
      ],
    ] as const;
    for (const [request, status, message] of answers) {
      const response = await rawRequest(port, Buffer.from(request, 'latin1'));
      expect([response.status, JSON.parse(response.body.toString())]).toEqual([
        status,
        { message },
      ]);
      expect(response.headers['content-type']).toBe('application/json');
    }
    expect(events.length).toBe(before);
  });

  it('passes a path segment that is not valid UTF-8 as sent, and ignores a Host header that is no host', async () => {
    const port = Number(new URL(url).port);
    const response = await rawRequest(
      port,
      Buffer.from(
        'POST /webhooks/%FF%2F HTTP/1.1\r\nhost: not a host\r\nconnection: close\r\ncontent-length: 2\r\n\r\n{}',
      ),
    );
    expect(response.status).toBe(202);
    expect(events.at(-1)?.pathParameters).toEqual({ provider: '%FF%2F' });
  });
});
