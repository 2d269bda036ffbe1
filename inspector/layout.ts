// The frame every inspector page shares (head, navigation, the live-update status) and the small
// formatting rules its pages share: times, values of an event's detail, links to a session.
import { type HtmlValue, html, type SafeHtml } from './html.js';

export type Section = 'sessions' | 'quarantine' | 'send';

const NAV: readonly { section: Section; href: string; label: string }[] = [
  { section: 'sessions', href: '/', label: 'Sessions' },
  { section: 'quarantine', href: '/inspector/quarantine', label: 'Quarantine' },
  { section: 'send', href: '/inspector/send', label: 'Send' },
];

export interface Frame {
  /** The page's own part of the title and its heading. */
  readonly title: string;
  readonly section?: Section;
  /** Whether the page has a live region (and so shows whether live updates are on). */
  readonly live?: boolean;
  readonly body: HtmlValue;
}

/** A whole page: landmarks, a skip link, the navigation, and the live-update status. */
export function page({ title, section, live = false, body }: Frame): SafeHtml {
  const links = NAV.map(
    (item) =>
      html`<li><a href="${item.href}"${item.section === section ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · idv-webhooks inspector</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/inspector/assets/inspector.css">
<script src="/inspector/assets/inspector.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand"><a href="/">idv-webhooks <span>local inspector</span></a></p>
<nav aria-label="Inspector"><ul class="nav-list">${links}</ul></nav>
${live ? html`<p class="live-state" id="live-state" data-state="off">Live updates off</p>` : ''}
</header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
<footer class="bottom"><p>Local mode only: ids, codes and times, never applicant data or raw bodies. Times in UTC.</p></footer>
</body>
</html>
`;
}

/** The region of a page that live updates replace, and what it shows (for the client). */
export function liveRegion(
  scope: string,
  content: HtmlValue,
  session?: readonly [string, string],
): SafeHtml {
  const key = session ? html` data-session="${JSON.stringify(session)}"` : '';
  return html`<div class="live" data-live="${scope}"${key}>${content}</div>`;
}

/** An ISO time as `2026-11-24 12:00:07.123`, in a `<time>` element; a dash when absent. */
export function time(iso: string | null | undefined): SafeHtml {
  if (!iso) return html`<span class="none">–</span>`;
  const shown = iso.replace('T', ' ').replace(/Z$/, '');
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** A value of an event's detail or facts, compact: text as is, anything else as JSON. */
export const detailValue = (value: unknown): string =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** `key=value` pairs of an event's detail, as a definition list. */
export function detailList(detail: Readonly<Record<string, unknown>>): SafeHtml {
  const entries = Object.entries(detail).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return html`<span class="none">–</span>`;
  return html`<dl class="detail">${entries.map(
    ([key, value]) => html`<div><dt>${key}</dt><dd>${detailValue(value)}</dd></div>`,
  )}</dl>`;
}

/** The inspector's page of one session. */
export const sessionHref = (provider: string, sessionId: string): string =>
  `/inspector/sessions/${encodeURIComponent(provider)}/${encodeURIComponent(sessionId)}`;

/** The actions a backend should take, as short text: `request_new_document (du_1, passport)`. */
export function actionsText(actions: readonly Readonly<Record<string, unknown>>[]): string {
  return actions
    .map(({ action, ...rest }) => {
      const ids = Object.values(rest).filter((v) => v !== null && v !== undefined);
      return ids.length === 0
        ? String(action)
        : `${String(action)} (${ids.map(detailValue).join(', ')})`;
    })
    .join('; ');
}

/** A problem as a page: the status, what went wrong, and a way back. */
export function problemPage({ status, message }: { status: number; message: string }): SafeHtml {
  return page({
    title: status === 404 ? 'Not found' : `Error ${status}`,
    body: html`<p class="problem" role="alert">${message}</p><p><a href="/">Back to the sessions</a></p>`,
  });
}
