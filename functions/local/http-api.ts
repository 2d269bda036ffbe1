// A loopback stand-in for API Gateway's HTTP API: turns each request into a payload v2 event,
// invokes the same Lambda handler the stack deploys, and writes its result back.

import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

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

/** Header names in lower case, repeated headers joined by commas, as API Gateway presents them. */
function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] ?? '').toLowerCase();
    const value = request.rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 30_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
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
    route.parameters.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]),
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

const NOT_FOUND = {
  statusCode: 404,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Not Found"}',
};

/** Serves `routes` on `host:port`; anything unrouted gets API Gateway's own 404. */
export async function startHttpApi(
  routes: readonly Route[],
  host: string,
  port: number,
): Promise<Server> {
  const compiled = routes.map(compile);
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? host}`);
      const body = await readBody(request);
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
      send(response, { statusCode: 500, body: '{"message":"Internal Server Error"}' });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return server;
}
