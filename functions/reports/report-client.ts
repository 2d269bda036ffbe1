// The HTTP client of CasaPay's report API: `GET /v1/verification_reports/{id}` with the secret
// API key, a timeout on every call, and retries with jittered backoff on network errors, 5xx and
// 429 (honouring Retry-After). What it ends with is a value: the report's bytes and JSON, or the
// error code of the last call (docs/reports.md, "Retries").
import type { RetrievalError } from '../providers/casapay/report-events.js';
import { API_VERSION_HEADER, reportUrl } from './casapay-api.js';

export interface ReportClientOptions {
  /** CasaPay's secret API key (`sk_test_...`, `sk_live_...`), sent as a Bearer token. */
  readonly apiKey: string;
  /** The API's base URL (CASAPAY_API_BASE_URL, or a stand-in's). */
  readonly baseUrl: string;
  /** Pins CasaPay's API version with the CasaPay-Version header, when given. */
  readonly apiVersion?: string | undefined;
  /** Each call's limit, from connecting to the last byte of the body. */
  readonly timeoutMs: number;
  /** Calls per retrieval, the first included. */
  readonly maxCalls: number;
  /** Full-jitter backoff between calls: a random wait up to base x 2^(n-1), at most `max`. */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /**
   * The longest Retry-After waited here. A longer one ends the retrieval at once, with the wait
   * asked for, which the fetcher honours by re-checking later (the invocation is not held up).
   */
  readonly maxRetryAfterMs: number;
  /** The largest report body read (default 1 MiB); a larger one is an invalid report. */
  readonly maxBodyBytes?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
  /** The HTTP client (default: the global fetch); the fault-injection tests wrap it. */
  readonly fetch?: typeof fetch;
}

export type ReportResponse =
  | {
      readonly ok: true;
      /** The body exactly as received, for the archive. */
      readonly body: Uint8Array;
      readonly json: unknown;
      /** Calls made, the successful one included. */
      readonly calls: number;
      /** Duration of the successful call. */
      readonly latencyMs: number;
    }
  | {
      readonly ok: false;
      readonly error: RetrievalError;
      /** The HTTP status of the last call, when one answered. */
      readonly status?: number;
      /** What the API asked for (Retry-After), in seconds. */
      readonly retryAfterSeconds?: number;
      readonly calls: number;
    };

/** Retrieves verification reports. */
export interface ReportApi {
  /** `deadline` (epoch ms): no call or wait is started that could end after it. */
  retrieve(reportId: string, deadline?: number): Promise<ReportResponse>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Retry-After values beyond this are read as this (SQS cannot hide a message longer). */
const LONGEST_RETRY_AFTER_SECONDS = 12 * 3600;

/** Retry-After as seconds: a delay in seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value)
    ? Number(value)
    : Math.ceil((Date.parse(value) - nowMs) / 1000);
  if (!Number.isFinite(seconds)) return undefined;
  return Math.min(Math.max(seconds, 0), LONGEST_RETRY_AFTER_SECONDS);
}

type CallResult =
  | { readonly ok: true; readonly body: Uint8Array; readonly json: unknown }
  | {
      readonly ok: false;
      readonly error: RetrievalError;
      readonly retryable: boolean;
      readonly status?: number;
      readonly retryAfterSeconds?: number;
    };

/** What an HTTP status other than 2xx means for the retrieval. */
function statusError(status: number): { error: RetrievalError; retryable: boolean } {
  if (status === 401) return { error: 'unauthorized', retryable: false };
  if (status === 403) return { error: 'forbidden', retryable: false };
  if (status === 404) return { error: 'report_not_found', retryable: false };
  if (status === 429) return { error: 'rate_limited', retryable: true };
  if (status >= 500) return { error: 'server_error', retryable: true };
  return { error: 'rejected', retryable: false };
}

/** The body, or undefined once it passes `limit` bytes (reading stops there). */
async function readLimited(response: Response, limit: number): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const isTimeout = (error: unknown) =>
  error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');

export function casapayReportClient(options: ReportClientOptions): ReportApi {
  const sleep =
    options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const http = options.fetch ?? fetch;
  const headers: Record<string, string> = {
    authorization: `Bearer ${options.apiKey}`,
    accept: 'application/json',
    'user-agent': 'idv-webhooks',
    ...(options.apiVersion ? { [API_VERSION_HEADER]: options.apiVersion } : {}),
  };

  const call = async (url: string): Promise<CallResult> => {
    try {
      const response = await http(url, {
        headers,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now());
        return {
          ok: false,
          ...statusError(response.status),
          status: response.status,
          ...(retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter }),
        };
      }
      const body = await readLimited(response, maxBodyBytes);
      if (body === undefined) return { ok: false, error: 'invalid_report', retryable: true };
      try {
        return { ok: true, body, json: JSON.parse(Buffer.from(body).toString('utf8')) };
      } catch {
        return { ok: false, error: 'invalid_report', retryable: true, status: response.status };
      }
    } catch (error) {
      return { ok: false, error: isTimeout(error) ? 'timeout' : 'network_error', retryable: true };
    }
  };

  return {
    async retrieve(reportId, deadline = Number.POSITIVE_INFINITY) {
      const url = reportUrl(options.baseUrl, reportId);
      let calls = 0;
      for (;;) {
        const started = now();
        const result = await call(url);
        calls++;
        if (result.ok) return { ...result, calls, latencyMs: now() - started };
        const { retryable, ...failure } = result;
        const ended = { ...failure, calls };
        if (!retryable || calls >= options.maxCalls) return ended;
        const cap = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** (calls - 1));
        const waitMs =
          failure.retryAfterSeconds === undefined
            ? Math.floor(random() * cap)
            : failure.retryAfterSeconds * 1000;
        if (waitMs > options.maxRetryAfterMs) return ended;
        if (now() + waitMs + options.timeoutMs > deadline) return ended;
        await sleep(waitMs);
      }
    },
  };
}
