// A stand-in for CasaPay's report API on loopback, which `npm start` runs when CASAPAY_API_URL is
// not set: `GET /v1/verification_reports/{id}` with the API key local mode runs with, answering a
// plausible report (personal and financial sections included) for every report a session names.
// CASAPAY_STANDIN makes the first answers for each report misbehave, for tests and demos.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionChangeDetail } from '../reactions/session-change.js';
import { casapayReportSample, type ReportSubject } from './casapay-report-sample.js';
import { LocalSetupError } from './setup-errors.js';

/**
 * What one answer does: `429` (Retry-After: 1), `500`, `slow` (answers after `slowMs`, past the
 * local client's timeout), `pending` and `processing` (the report is not ready yet), `error` (the
 * report failed at CasaPay), `404` (no such report).
 */
export const STANDIN_BEHAVIOURS = [
  '429',
  '500',
  'slow',
  'pending',
  'processing',
  'error',
  '404',
] as const;
export type StandInBehaviour = (typeof STANDIN_BEHAVIOURS)[number];

/** `CASAPAY_STANDIN=429,500,pending`: the first answers for each report, in order. */
export function readStandInBehaviours(text: string | undefined): StandInBehaviour[] {
  const items = (text ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = items.filter((item) => !(STANDIN_BEHAVIOURS as readonly string[]).includes(item));
  if (unknown.length > 0) {
    throw new LocalSetupError(
      `CASAPAY_STANDIN lists what the stand-in answers first, from ${STANDIN_BEHAVIOURS.join(', ')}; not ${unknown.join(', ')}`,
    );
  }
  return items as StandInBehaviour[];
}

export interface StandInOptions {
  /** The key it accepts as a Bearer token; undefined accepts none. */
  readonly apiKey: string | undefined;
  readonly behaviours: readonly StandInBehaviour[];
  /** How long a `slow` answer takes. Default 3 s, past local mode's 2 s client timeout. */
  readonly slowMs?: number;
}

export interface CasaPayApiStandIn {
  /** The base URL, `http://127.0.0.1:<port>/v1`. */
  readonly url: string;
  /** Makes the report a committed change names retrievable, with the session's facts. */
  learn(change: SessionChangeDetail): void;
  /** Every request answered so far: the report and the status given. */
  readonly answered: readonly { readonly reportId: string; readonly status: number }[];
  stop(): Promise<void>;
}

const REPORT_PATH = /^\/v1\/verification_reports\/([^/?]+)$/;

function answer(response: ServerResponse, status: number, body: unknown, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const apiError = (type: string, message: string) => ({ error: { type, message } });

interface CasaPayFactsShape {
  readonly report?: unknown;
  readonly documents?: ReportSubject['documents'];
  readonly checks?: ReportSubject['checks'];
}

export async function startCasaPayApiStandIn(options: StandInOptions): Promise<CasaPayApiStandIn> {
  const subjects = new Map<string, ReportSubject>();
  const requests = new Map<string, number>();
  const answered: { reportId: string; status: number }[] = [];
  const slowMs = options.slowMs ?? 3_000;
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const match = request.method === 'GET' ? REPORT_PATH.exec(request.url ?? '') : null;
    const reportId = decodeURIComponent(match?.[1] ?? '');
    const reply = (status: number, body: unknown, headers = {}) => {
      answered.push({ reportId, status });
      answer(response, status, body, headers);
    };
    if (!match) return reply(404, apiError('invalid_request_error', 'Unrecognized request URL.'));
    const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (options.apiKey === undefined || key !== options.apiKey) {
      return reply(401, apiError('authentication_error', 'Invalid API Key provided.'));
    }
    const subject = subjects.get(reportId);
    const count = requests.get(reportId) ?? 0;
    requests.set(reportId, count + 1);
    const behaviour = options.behaviours[count];
    if (!subject || behaviour === '404') {
      return reply(404, apiError('invalid_request_error', `No such verification_report.`));
    }
    switch (behaviour) {
      case '429':
        return reply(429, apiError('rate_limit_error', 'Too many requests.'), {
          'retry-after': '1',
        });
      case '500':
        return reply(500, apiError('api_error', 'Something went wrong on our end.'));
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!response.destroyed) reply(200, casapayReportSample(reportId, subject, 'completed'));
        }, slowMs);
        timers.add(timer);
        return;
      }
      case 'pending':
      case 'processing':
      case 'error':
        return reply(200, casapayReportSample(reportId, subject, behaviour));
      default:
        return reply(200, casapayReportSample(reportId, subject, 'completed'));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    answered,
    learn(change) {
      if (change.provider !== 'casapay') return;
      const facts = change.facts as CasaPayFactsShape;
      if (typeof facts.report !== 'string') return;
      subjects.set(facts.report, {
        sessionId: change.sessionId,
        documents: facts.documents ?? [],
        checks: facts.checks ?? [],
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
