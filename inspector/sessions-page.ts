// The sessions list: every session of every provider, newest change first, filtered by provider,
// status, outcome and free text on ids (session, event and request ids). Pure: the records come
// from the table, the page is rendered from them.
import { OUTCOMES } from '../functions/sessions/session-event.js';
import type { SessionRecord } from '../functions/sessions/session-record.js';
import { html, type SafeHtml } from './html.js';
import { actionsText, liveRegion, page, sessionHref, time } from './layout.js';

/** The filters of the list, as the query string gives them; absent means any. */
export interface SessionFilters {
  readonly provider?: string;
  readonly status?: string;
  /** An outcome, or `none` for sessions without one yet. */
  readonly outcome?: string;
  /** Free text, matched case-insensitively within session, event and request ids. */
  readonly q?: string;
}

/** Longest filter value read: ids are at most 256 characters. */
const MAX_FILTER_CHARS = 256;
/** Rows shown at most; the filters narrow the rest down. */
export const MAX_ROWS = 200;

/** The filters in a query string; empty and overlong values are ignored. */
export function readFilters(query: URLSearchParams): SessionFilters {
  const value = (name: keyof SessionFilters) => {
    const text = query.get(name)?.trim();
    return text && text.length <= MAX_FILTER_CHARS ? { [name]: text } : {};
  };
  return { ...value('provider'), ...value('status'), ...value('outcome'), ...value('q') };
}

export interface SessionRow {
  readonly provider: string;
  readonly sessionId: string;
  readonly status: string | null;
  readonly outcome: string | null;
  readonly final: boolean;
  readonly actions: readonly Readonly<Record<string, unknown>>[];
  readonly updatedAt: string;
  readonly version: number;
  readonly events: number;
}

export interface SessionList {
  readonly rows: readonly SessionRow[];
  /** Sessions that match the filters (rows holds at most MAX_ROWS of them). */
  readonly matching: number;
  readonly total: number;
  /** Every status present, for the status filter. */
  readonly statuses: readonly string[];
  readonly filters: SessionFilters;
}

function matches(record: SessionRecord, filters: SessionFilters): boolean {
  if (filters.provider && record.provider !== filters.provider) return false;
  if (filters.status && record.status !== filters.status) return false;
  if (filters.outcome) {
    const outcome = record.summary.outcome ?? 'none';
    if (outcome !== filters.outcome) return false;
  }
  if (filters.q) {
    const q = filters.q.toLowerCase();
    const ids = [record.sessionId, ...record.events.flatMap((e) => [e.eventId, e.requestId])];
    if (!ids.some((id) => id.toLowerCase().includes(q))) return false;
  }
  return true;
}

/** The rows to show: matching sessions, newest change first (ties by provider, then id). */
export function listSessions(
  records: readonly SessionRecord[],
  filters: SessionFilters,
): SessionList {
  const matching = records
    .filter((record) => matches(record, filters))
    .sort(
      (a, b) =>
        b.updatedAt.localeCompare(a.updatedAt) ||
        a.provider.localeCompare(b.provider) ||
        a.sessionId.localeCompare(b.sessionId),
    );
  const statuses = [
    ...new Set(records.flatMap((r) => (r.status === null ? [] : [r.status]))),
  ].sort();
  return {
    rows: matching.slice(0, MAX_ROWS).map((record) => ({
      provider: record.provider,
      sessionId: record.sessionId,
      status: record.status,
      outcome: record.summary.outcome,
      final: record.summary.final,
      actions: record.summary.actions,
      updatedAt: record.updatedAt,
      version: record.version,
      events: record.events.length,
    })),
    matching: matching.length,
    total: records.length,
    statuses,
    filters,
  };
}

function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  chosen: string | undefined,
): SafeHtml {
  return html`<div class="field"><label for="filter-${name}">${label}</label>
<select id="filter-${name}" name="${name}"><option value="">Any</option>${options.map(
    ([value, text]) =>
      html`<option value="${value}"${value === chosen ? html` selected` : ''}>${text}</option>`,
  )}</select></div>`;
}

function filterForm(list: SessionList, providers: readonly string[]): SafeHtml {
  const { filters } = list;
  const statuses = new Set(list.statuses);
  // A status filtered on stays selectable even when no session has it any more.
  if (filters.status) statuses.add(filters.status);
  return html`<form class="filters" role="search" method="get" action="/" data-filters aria-label="Filter the sessions">
${select(
  'provider',
  'Provider',
  providers.map((p) => [p, p]),
  filters.provider,
)}
${select(
  'status',
  'Status',
  [...statuses].sort().map((s) => [s, s]),
  filters.status,
)}
${select('outcome', 'Outcome', [...OUTCOMES.map((o) => [o, o] as const), ['none', 'none yet'] as const], filters.outcome)}
<div class="field grow"><label for="filter-q">Id contains</label>
<input id="filter-q" name="q" type="search" value="${filters.q ?? ''}" maxlength="256" autocomplete="off" spellcheck="false" aria-describedby="filter-q-help">
<p class="help" id="filter-q-help">A session, event or request id, or part of one.</p></div>
<div class="field actions"><button type="submit">Apply</button> <a href="/">Clear</a></div>
</form>`;
}

const outcomeBadge = (outcome: string | null) =>
  outcome === null
    ? html`<span class="none">none yet</span>`
    : html`<span class="badge outcome-${outcome}">${outcome}</span>`;

function table(list: SessionList): SafeHtml {
  const filtered = Object.keys(list.filters).length > 0;
  const count =
    list.total === 0
      ? 'No session yet.'
      : filtered
        ? `${list.matching} of ${list.total} sessions match.`
        : `${list.total} ${list.total === 1 ? 'session' : 'sessions'}.`;
  const more =
    list.matching > list.rows.length
      ? html` <strong>Showing the newest ${list.rows.length}</strong>: narrow the filters to see the others.`
      : '';
  if (list.rows.length === 0) {
    const hint =
      list.total === 0
        ? html` <a href="/inspector/send">Send a scenario</a> or run <code>npm run send -- scenario casapay-happy-path</code>; it appears here as it arrives.`
        : '';
    return html`<p class="count" data-count="0">${count}${hint}</p>`;
  }
  return html`<p class="count" data-count="${list.matching}">${count}${more}</p>
<div class="table-wrap"><table class="sessions">
<caption class="visually-hidden">Sessions, newest change first</caption>
<thead><tr><th scope="col">Provider</th><th scope="col">Session</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Final</th><th scope="col">Pending actions</th><th scope="col">Events</th><th scope="col">Last change</th></tr></thead>
<tbody>${list.rows.map(
    (row) => html`<tr data-session="${row.provider}/${row.sessionId}">
<td data-label="Provider">${row.provider}</td>
<td data-label="Session"><a class="id" href="${sessionHref(row.provider, row.sessionId)}">${row.sessionId}</a></td>
<td data-label="Status">${row.status ?? html`<span class="none">none yet</span>`}</td>
<td data-label="Outcome">${outcomeBadge(row.outcome)}</td>
<td data-label="Final">${row.final ? 'final' : 'no'}</td>
<td data-label="Pending actions">${row.actions.length === 0 ? html`<span class="none">none</span>` : actionsText(row.actions)}</td>
<td data-label="Events">${row.events}</td>
<td data-label="Last change">${time(row.updatedAt)} <span class="version">v${row.version}</span></td>
</tr>`,
  )}</tbody></table></div>`;
}

/** The part of the page that live updates replace. */
export const sessionsLive = (list: SessionList): SafeHtml => table(list);

export function sessionsPage(list: SessionList, providers: readonly string[]): SafeHtml {
  return page({
    title: 'Sessions',
    section: 'sessions',
    live: true,
    body: html`${filterForm(list, providers)}${liveRegion('sessions', sessionsLive(list))}`,
  });
}
