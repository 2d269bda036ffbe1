// The local inspector: sessions, timelines, the quarantine and a send panel in the browser, served
// by `npm start` on its own port beside the webhook routes, to loopback callers only. It reads
// local mode's tables, its bus and the consumer's log lines; nothing of it is in a Lambda bundle
// or in the stack. docs/inspector.md describes it.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import type { DeliveryAttempt } from '../functions/local/forwarder.js';
import type { LocalPages, LocalPipeline } from '../functions/local/pipeline.js';
import { newSessionId, SCENARIOS, type Scenario } from '../functions/local/scenarios.js';
import type { LocalSecretDocuments } from '../functions/local/signed-request.js';
import { MAX_ID_LENGTH } from '../functions/providers/event-parsing.js';
import { PROVIDER_NAMES } from '../functions/providers/registry.js';
import { sessionView } from '../functions/views/session-view.js';
import { replayQuarantine } from '../scripts/operations/replay-quarantine.js';
import { ChangeLog } from './change-log.js';
import { consumedDelivery, DeliveryLog, tapLines } from './consumer-log.js';
import type { SafeHtml } from './html.js';
import {
  isLoopbackAddress,
  isLoopbackHost,
  isSameOrigin,
  readForm,
  redirect,
  SECURITY_HEADERS,
  sendHtml,
  sendProblem,
} from './http.js';
import { problemPage } from './layout.js';
import { LiveUpdates, serveLiveUpdates } from './live-updates.js';
import { LocalTables } from './local-tables.js';
import { quarantineLive, quarantinePage, type ReplayResult } from './quarantine-page.js';
import { RecentResults } from './recent-results.js';
import { type SendResult, sendPage } from './send-page.js';
import { deliver, plannedDeliveries, readSendRequest } from './send-panel.js';
import { listSessions, readFilters, sessionsLive, sessionsPage } from './sessions-page.js';
import { readOrder, timelineLive, timelinePage, timelineRows } from './timeline-page.js';

/** What the inspector reads: local mode's endpoints, tables, queues and bus. */
export type InspectorSources = Pick<
  LocalPipeline,
  'url' | 'tables' | 'queues' | 'bus' | 'sqsEndpoint' | 'dynamodbEndpoint'
>;

export interface InspectorOptions {
  /** The secret documents local mode verifies with: the send panel signs with them. */
  readonly secrets: LocalSecretDocuments;
  /** Where session changes are forwarded (`--forward-to`), if anywhere. */
  readonly forwardTo?: string;
  /** Where the consumer's log lines are written (default: standard output). */
  readonly consumerOutput?: NodeJS.WriteStream;
  readonly scenarios?: Readonly<Record<string, Scenario>>;
}

export interface Inspector extends LocalPages {
  /** Records an attempt of the forwarder to deliver a change to the developer's endpoint. */
  deliveryAttempted(attempt: DeliveryAttempt): void;
}

type Problem = { status: number; error: string; message: string; headers?: Record<string, string> };

const ASSETS = {
  'inspector.css': 'text/css; charset=utf-8',
  'inspector.js': 'text/javascript; charset=utf-8',
} as const;

interface Asset {
  readonly type: string;
  readonly body: Buffer;
  readonly etag: string;
}

function readAssets(): ReadonlyMap<string, Asset> {
  return new Map(
    Object.entries(ASSETS).map(([name, type]) => {
      const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
      const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
      return [name, { type, body, etag }];
    }),
  );
}

/** The path of a request target; `//x` is a path, not a host, as for the API routes. */
function pathAndQuery(target: string): URL {
  try {
    return new URL(`http://inspector.invalid${target.startsWith('/') ? '' : '/'}${target}`);
  } catch {
    return new URL('http://inspector.invalid/');
  }
}

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

export function createInspector(sources: InspectorSources, options: InspectorOptions): Inspector {
  const scenarios = options.scenarios ?? SCENARIOS;
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: sources.dynamodbEndpoint });
  const sqs = new SQSClient({
    ...LOCAL_AWS,
    endpoint: sources.sqsEndpoint,
    useQueueUrlAsEndpoint: false,
  });
  const tables = new LocalTables(dynamodb, sources.tables);
  const deliveries = new DeliveryLog();
  const changes = new ChangeLog();
  const live = new LiveUpdates();
  const sends = new RecentResults<SendResult>();
  const replays = new RecentResults<ReplayResult>();
  const assets = readAssets();
  let replaying: Promise<unknown> = Promise.resolve();

  const untap = tapLines(options.consumerOutput ?? process.stdout, (line) => {
    const delivery = consumedDelivery(line);
    if (!delivery) return;
    if (deliveries.record(delivery) && delivery.provider && delivery.sessionId)
      live.sessionChanged(delivery.provider, delivery.sessionId);
    if (delivery.outcome === 'quarantined') live.quarantineChanged();
  });
  const unsubscribe = sources.bus.subscribe(({ detail }) => {
    changes.published(detail, new Date());
    live.sessionChanged(detail.provider, detail.sessionId);
  });

  const fragment = (request: IncomingMessage) => request.headers['x-inspector-fragment'] === 'live';
  const problem = (request: IncomingMessage, response: ServerResponse, p: Problem) =>
    sendProblem(request, response, p, problemPage);
  const answer = (
    request: IncomingMessage,
    response: ServerResponse,
    whole: () => SafeHtml,
    part: () => SafeHtml,
  ) => sendHtml(response, 200, fragment(request) ? part() : whole());

  const sessionsRoute = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const list = listSessions(await tables.sessions(), readFilters(url.searchParams));
    answer(
      request,
      response,
      () => sessionsPage(list, PROVIDER_NAMES),
      () => sessionsLive(list),
    );
  };

  const timelineRoute = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    provider: string,
    sessionId: string,
  ) => {
    if (!(PROVIDER_NAMES as readonly string[]).includes(provider))
      return problem(request, response, {
        status: 404,
        error: 'unknown_provider',
        message: `No provider is called "${provider.slice(0, 60)}".`,
      });
    if (sessionId.length > MAX_ID_LENGTH)
      return problem(request, response, {
        status: 400,
        error: 'invalid_session_id',
        message: `Session ids are at most ${MAX_ID_LENGTH} characters.`,
      });
    const record = await tables.session(provider, sessionId);
    if (!record)
      return problem(request, response, {
        status: 404,
        error: 'session_not_found',
        message: `No event has been received for ${provider} session "${sessionId.slice(0, 80)}" yet.`,
      });
    const view = sessionView(record);
    const order = readOrder(url.searchParams);
    const model = {
      view,
      order,
      rows: timelineRows(view, deliveries.of(provider, sessionId), order),
      changes: changes.of(provider, sessionId),
      forwardTo: options.forwardTo,
    };
    answer(
      request,
      response,
      () => timelinePage(model),
      () => timelineLive(model),
    );
  };

  const quarantineRoute = async (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const entries = await tables.quarantine();
    const replay = replays.get(url.searchParams.get('replayed'));
    answer(
      request,
      response,
      () => quarantinePage(entries, replay),
      () => quarantineLive(entries),
    );
  };

  const replayRoute = async (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    // One replay at a time: a second click waits for the first, then replays what is left.
    const run = replaying.then(async (): Promise<ReplayResult> => {
      try {
        const summary = await replayQuarantine(
          {
            mode: 'local',
            sqs,
            dynamodb,
            queueUrl: sources.queues.queueUrl,
            deadLetterQueueUrl: sources.queues.deadLetterQueueUrl,
            quarantineTable: sources.tables.quarantineTable,
          },
          { dryRun: false, progress: () => undefined },
        );
        return { ok: true, summary };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.name : 'error' };
      }
    });
    replaying = run;
    const result = await run;
    live.quarantineChanged();
    redirect(response, `/inspector/quarantine?replayed=${replays.keep(result)}`);
  };

  const sendRoute = async (request: IncomingMessage, response: ServerResponse) => {
    const read = await readForm(request);
    if (!read.ok) return problem(request, response, read);
    const asked = readSendRequest(read.form, scenarios);
    if (!asked.ok) {
      response.writeHead(400, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
      response.end(sendPage(scenarios, undefined, `Nothing was sent: ${asked.message}.`).text);
      return;
    }
    const { request: send } = asked;
    const scenario = scenarios[send.scenario] as Scenario;
    const session =
      send.session ?? newSessionId(scenario.provider as Parameters<typeof newSessionId>[0]);
    const webhooks = plannedDeliveries(scenario, send, session, new Date());
    const sent = await deliver(sources.url, webhooks, options.secrets);
    const id = sends.keep({ request: send, provider: scenario.provider, session, sent });
    redirect(response, `/inspector/send?sent=${id}#sent`);
  };

  const assetRoute = (
    request: IncomingMessage,
    response: ServerResponse,
    name: string,
  ): boolean => {
    const asset = assets.get(name);
    if (!asset) return false;
    // Checked again on every use (a 304 on loopback costs nothing): a restart with newer assets
    // is never served from a stale cache.
    const headers = { ...SECURITY_HEADERS, 'cache-control': 'no-cache', etag: asset.etag };
    if (request.headers['if-none-match'] === asset.etag) {
      response.writeHead(304, headers);
      response.end();
      return true;
    }
    response.writeHead(200, { ...headers, 'content-type': asset.type });
    response.end(asset.body);
    return true;
  };

  const route = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ): Promise<void> => {
    const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
    const path = url.pathname;
    const allow = (methods: string, work: () => Promise<void> | void) => {
      if (methods.split(', ').includes(method)) return work();
      return problem(request, response, {
        status: 405,
        error: 'method_not_allowed',
        message: `${path} answers ${methods}.`,
        headers: { allow: methods },
      });
    };
    if (path === '/') return allow('GET, HEAD', () => sessionsRoute(request, response, url));
    if (path === '/inspector' || path === '/inspector/') return redirect(response, '/');
    if (path === '/inspector/events')
      return allow('GET', () => serveLiveUpdates(live, request, response));
    if (path === '/inspector/quarantine')
      return allow('GET, HEAD', () => quarantineRoute(request, response, url));
    if (path === '/inspector/quarantine/replay')
      return allow('POST', () => replayRoute(request, response));
    if (path === '/inspector/send') {
      if (method === 'POST') return sendRoute(request, response);
      return allow('GET, HEAD, POST', () =>
        answer(
          request,
          response,
          () => sendPage(scenarios, sends.get(url.searchParams.get('sent'))),
          () => sendPage(scenarios),
        ),
      );
    }
    const asset = /^\/inspector\/assets\/([a-z.-]+)$/.exec(path);
    if (asset && method === 'GET' && assetRoute(request, response, asset[1] ?? '')) return;
    const session = /^\/inspector\/sessions\/([^/]+)\/([^/]+)$/.exec(path);
    const provider = session ? decode(session[1] ?? '') : undefined;
    const sessionId = session ? decode(session[2] ?? '') : undefined;
    if (provider !== undefined && sessionId !== undefined)
      return allow('GET, HEAD', () => timelineRoute(request, response, url, provider, sessionId));
    return problem(request, response, {
      status: 404,
      error: 'not_found',
      message: `The inspector has no page ${path.slice(0, 80)}.`,
    });
  };

  return {
    async handle(request, response) {
      const url = pathAndQuery(request.url ?? '/');
      const path = url.pathname;
      const method = request.method ?? 'GET';
      // `/` is the inspector's for reading; everything else at `/` stays the API's 404.
      const own =
        path === '/'
          ? method === 'GET' || method === 'HEAD'
          : path === '/inspector' || path.startsWith('/inspector/');
      if (!own) return false;
      // Only forms are read; any other body is drained, so that answering never resets the
      // connection before the client reads the answer.
      if (method !== 'POST') request.resume();
      if (
        !isLoopbackAddress(request.socket.remoteAddress) ||
        !isLoopbackHost(request.headers.host)
      ) {
        request.resume();
        problem(request, response, {
          status: 403,
          error: 'forbidden',
          message:
            'The inspector answers requests from this machine only, to a loopback host name.',
        });
        return true;
      }
      if (method === 'POST' && !isSameOrigin(request)) {
        request.resume();
        problem(request, response, {
          status: 403,
          error: 'cross_site_request',
          message: 'The inspector accepts forms from its own pages only.',
        });
        return true;
      }
      try {
        await route(request, response, url);
      } catch (error) {
        if (response.headersSent) response.destroy();
        else
          problem(request, response, {
            status: 503,
            error: 'unavailable',
            message: `Local mode's tables could not be read (${error instanceof Error ? error.name : 'error'}); is local mode still running?`,
          });
      }
      return true;
    },
    deliveryAttempted(attempt) {
      const session = changes.attempted(attempt);
      if (session) live.sessionChanged(session.provider, session.sessionId);
    },
    close() {
      untap();
      unsubscribe();
      live.close();
      sqs.destroy();
      dynamodb.destroy();
    },
  };
}
