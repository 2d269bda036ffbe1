// A loopback stand-in for API Gateway's HTTP API: turns each request into a payload v2 event,
// invokes the same Lambda handler the stack deploys, and writes its result back.

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { lambdaContext } from './lambda-context.js';
import { LocalSetupError } from './setup-errors.js';

export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Route {
  /** API Gateway route key, e.g. `POST /webhooks/{provider}`. */
  readonly routeKey: string;
  readonly functionName: string;
  readonly handler: HttpApiHandler;
}

interface CompiledRoute extends Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly parameters: readonly string[];
}

function compile(route: Route): CompiledRoute {
  const [method = '', template = ''] = route.routeKey.split(' ');
  const parameters: string[] = [];
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
      parameters.push(name);
      return '([^/]+)';
    });
  return { ...route, method, pattern: new RegExp(`^${source}$`), parameters };
}

/**
 * Header names in lower case, repeated headers joined by commas, as API Gateway presents them. A
 * header named `__proto__` or `constructor` is only a header (the object has no prototype).
 */
function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier},${value}`;
  }
  return headers;
}

/**
 * Serves a request no API route takes (local mode's inspector, beside the webhook routes); resolves
 * true when it answered, false to leave the request to API Gateway's 404.
 */
export type PageHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

/** API Gateway's payload quota for HTTP APIs (10 MB): larger requests never reach the function. */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The body, or undefined once it passes MAX_PAYLOAD_BYTES (the rest is read and dropped). */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request) {
    bytes += (chunk as Buffer).length;
    if (bytes <= MAX_PAYLOAD_BYTES) chunks.push(chunk as Buffer);
  }
  return bytes <= MAX_PAYLOAD_BYTES ? Buffer.concat(chunks) : undefined;
}

/**
 * The URL of a request target. The path comes from the request line (the Host header is the
 * caller's and may be anything), and a target such as `//x` is a path, not a host.
 */
function requestUrl(target: string, host: string): URL {
  const base = `http://${host}`;
  try {
    return /^[a-z][a-z\d+.-]*:\/\//i.test(target)
      ? new URL(target)
      : new URL(`${base}${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    // Nothing is routed there: API Gateway's 404.
    return new URL(`${base}/`);
  }
}

/** A path segment decoded as API Gateway decodes it; one that is not valid UTF-8 is passed as sent. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function toEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  route: CompiledRoute,
  match: RegExpExecArray,
): APIGatewayProxyEventV2 {
  const now = new Date();
  const pathParameters = Object.fromEntries(
    route.parameters.map((name, index) => [name, decodeSegment(match[index + 1] ?? '')]),
  );
  // API Gateway hands text bodies over as strings and binary ones base64-encoded.
  const text = isUtf8(body);
  const headers = headersOf(request);
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(route.parameters.length > 0 ? { pathParameters } : {}),
    isBase64Encoded: !text,
    ...(body.length > 0 ? { body: body.toString(text ? 'utf8' : 'base64') } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: url.host,
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

/** API Gateway's own answers, which never reach a function. */
const gatewayAnswer = (statusCode: number, message: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message }),
});
const NOT_FOUND = gatewayAnswer(404, 'Not Found');
const PAYLOAD_TOO_LARGE = gatewayAnswer(413, 'Request Entity Too Large');
const INTEGRATION_FAILED = gatewayAnswer(500, 'Internal Server Error');

/** Sockets answered by `answerOnSocket`: Node reports a parse error again for every later chunk. */
const answered = new WeakSet<Duplex>();

/** Writes an API Gateway-style JSON answer straight to a socket, then closes the connection. */
function answerOnSocket(socket: Duplex, status: number, reason: string): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ message: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  // Read what the client is still sending: closing on unread data would reset the connection,
  // and the client could lose the answer. It has a few seconds to finish.
  socket.resume();
  setTimeout(() => socket.destroy(), 5_000).unref();
}

/** A request the HTTP parser refused (a malformed line, a header too large): a JSON answer too. */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    answerOnSocket(socket, 431, 'Request Header Fields Too Large');
  else answerOnSocket(socket, 400, 'Bad Request');
}

/**
 * Serves `routes` on `host:port`; anything unrouted goes to `pages` if given, and otherwise gets
 * API Gateway's own 404.
 */
export async function startHttpApi(
  routes: readonly Route[],
  host: string,
  port: number,
  pages?: PageHandler,
): Promise<Server> {
  const compiled = routes.map(compile);
  const routed = (method: string | undefined, path: string) =>
    compiled.some((route) => route.method === method && route.pattern.test(path));
  // API Gateway routes a request without a Host header like any other; so does this stand-in.
  const server = createServer({ requireHostHeader: false }, async (request, response) => {
    try {
      const url = requestUrl(request.url ?? '/', host);
      if (pages && !routed(request.method, url.pathname) && (await pages(request, response)))
        return;
      const body = await readBody(request);
      if (body === undefined) {
        send(response, PAYLOAD_TOO_LARGE);
        return;
      }
      for (const route of compiled) {
        const match = request.method === route.method ? route.pattern.exec(url.pathname) : null;
        if (match) {
          const event = toEvent(request, url, body, route, match);
          send(response, await route.handler(event, lambdaContext(route.functionName)));
          return;
        }
      }
      send(response, NOT_FOUND);
    } catch {
      // API Gateway's answer when the integration itself fails.
      if (!response.headersSent) send(response, INTEGRATION_FAILED);
      else response.destroy();
    }
  });
  server.on('clientError', answerClientError);
  // No route takes CONNECT (a proxy tunnel): without this, Node would close the socket unanswered.
  server.on('connect', (_request, socket: Duplex) => answerOnSocket(socket, 404, 'Not Found'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(
              `port ${port} on ${host} is already in use: stop what listens there, or choose another port, e.g. PORT=${port + 1} npm start`,
            )
          : error,
      ),
    );
    server.listen(port, host, resolve);
  });
  return server;
}
