// The inspector's HTTP edge: who may ask (loopback callers, same-origin forms), reading a form,
// and answering with a page, a redirect or a problem (HTML for a browser, JSON otherwise), always
// with headers that keep the pages from being framed, sniffed, cached or fed foreign scripts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import type { SafeHtml } from './html.js';

/** What every inspector answer carries: its own scripts and styles only, never framed or cached. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Whether a socket's peer address is on this machine (127.0.0.0/8, ::1, or IPv4-mapped). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return address === '::1';
}

/**
 * Whether a Host header names this machine: `localhost`, a 127.x address or `[::1]`, with any
 * port. Anything else is a page of another site reaching loopback through DNS rebinding.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const match = /^(\[::1\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host.trim().toLowerCase());
  const name = match?.[1];
  if (name === undefined) return false;
  return name === 'localhost' || name === '[::1]' || (isIPv4(name) && name.startsWith('127.'));
}

/**
 * Whether a state-changing request comes from the inspector's own pages. Browsers send `Origin`
 * with every form POST and `Sec-Fetch-Site` with every request: a page of another site that posts
 * a form to loopback is refused. A client that sends neither (curl) is no browser, and no forgery.
 */
export function isSameOrigin(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${request.headers.host ?? ''}`;
}

/** Whether the caller would rather read HTML (a browser) than JSON. */
const wantsHtml = (request: IncomingMessage) =>
  (request.headers.accept ?? '').includes('text/html');

export function sendHtml(response: ServerResponse, status: number, page: SafeHtml): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    vary: 'x-inspector-fragment',
  });
  response.end(page.text);
}

/** 303 See Other: the answer to a form POST, so that reloading the page sends nothing again. */
export function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { ...SECURITY_HEADERS, location });
  response.end();
}

/** A problem page or, for a client that is not a browser, `{"error","message"}`. */
export function sendProblem(
  request: IncomingMessage,
  response: ServerResponse,
  problem: { status: number; error: string; message: string; headers?: Record<string, string> },
  page: (problem: { status: number; message: string }) => SafeHtml,
): void {
  const headers = { ...SECURITY_HEADERS, ...problem.headers };
  if (wantsHtml(request)) {
    response.writeHead(problem.status, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    response.end(page(problem).text);
    return;
  }
  response.writeHead(problem.status, { ...headers, 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: problem.error, message: problem.message }));
}

/** The largest form the inspector reads: its forms hold a few short fields. */
export const MAX_FORM_BYTES = 16 * 1024;

export type FormResult =
  | { readonly ok: true; readonly form: URLSearchParams }
  | {
      readonly ok: false;
      readonly status: 413 | 415;
      readonly error: string;
      readonly message: string;
    };

/** Reads an `application/x-www-form-urlencoded` body of at most MAX_FORM_BYTES. */
export async function readForm(request: IncomingMessage): Promise<FormResult> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    request.resume();
    return {
      ok: false,
      status: 415,
      error: 'unsupported_media_type',
      message: 'send the form as application/x-www-form-urlencoded',
    };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request) {
    bytes += (chunk as Buffer).length;
    if (bytes <= MAX_FORM_BYTES) chunks.push(chunk as Buffer);
  }
  if (bytes > MAX_FORM_BYTES) {
    return {
      ok: false,
      status: 413,
      error: 'form_too_large',
      message: `the form is over ${MAX_FORM_BYTES} bytes`,
    };
  }
  return { ok: true, form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')) };
}
