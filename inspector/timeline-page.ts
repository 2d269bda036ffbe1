// One session's page: where it stands, its timeline (one row per distinct event, in canonical or
// arrival order, with how often the consumer received it), and the changes published for it with,
// under `--forward-to`, every delivery attempt and the answer it got. Pure: rendered from the
// session view, the consumer's deliveries and the change log.
import type { SessionEventView, SessionView } from '../functions/views/session-view.js';
import type { PublishedChange } from './change-log.js';
import type { EventDeliveries } from './consumer-log.js';
import { type HtmlValue, html, type SafeHtml } from './html.js';
import {
  actionsText,
  detailList,
  detailValue,
  liveRegion,
  page,
  sessionHref,
  time,
} from './layout.js';

export type TimelineOrder = 'canonical' | 'arrival';

export const readOrder = (query: URLSearchParams): TimelineOrder =>
  query.get('order') === 'arrival' ? 'arrival' : 'canonical';

export interface TimelineRow {
  /** The event's place in the canonical order, from 1. */
  readonly position: number;
  readonly event: SessionEventView;
  /** Distinct deliveries the consumer received: 1 plus the duplicates. */
  readonly deliveries: number;
  /** The request ids of the deliveries other than the recorded one. */
  readonly duplicateRequestIds: readonly string[];
}

/**
 * The session's events with their deliveries, in canonical order (the order the state is folded
 * in) or arrival order (receipt time of the recorded delivery, ties in canonical order).
 */
export function timelineRows(
  view: SessionView,
  deliveries: ReadonlyMap<string, EventDeliveries>,
  order: TimelineOrder,
): TimelineRow[] {
  const rows = view.events.map((event, index) => {
    const received = deliveries.get(event.eventId)?.requestIds ?? [];
    // The recorded delivery counts even if its log line was never seen.
    const requestIds = received.includes(event.requestId)
      ? received
      : [event.requestId, ...received];
    return {
      position: index + 1,
      event,
      deliveries: requestIds.length,
      duplicateRequestIds: requestIds.filter((id) => id !== event.requestId),
    };
  });
  if (order === 'arrival')
    rows.sort(
      (a, b) => a.event.receivedAt.localeCompare(b.event.receivedAt) || a.position - b.position,
    );
  return rows;
}

export interface TimelineModel {
  readonly view: SessionView;
  readonly rows: readonly TimelineRow[];
  readonly order: TimelineOrder;
  readonly changes: readonly PublishedChange[];
  /** Where changes are forwarded (`--forward-to`), if anywhere. */
  readonly forwardTo: string | undefined;
}

/** The event's type, and its numeric code where the provider sends one (Veriff). */
function typeCell(event: SessionEventView): SafeHtml {
  const code = event.detail.code;
  return html`<span class="type">${event.type}</span>${code === undefined || code === null ? '' : html` <span class="code">code ${detailValue(code)}</span>`}`;
}

function appliedCell(event: SessionEventView): SafeHtml {
  return event.applied
    ? html`<span class="badge applied">applied</span>`
    : html`<span class="badge not-applied">not applied</span> <span class="reason">${event.reason ?? ''}</span>`;
}

function deliveriesCell(row: TimelineRow): SafeHtml {
  if (row.deliveries === 1) return html`<span class="deliveries" data-deliveries="1">1</span>`;
  const duplicates = row.duplicateRequestIds.length;
  return html`<span class="deliveries" data-deliveries="${row.deliveries}">${row.deliveries}</span> <span class="dupes">(${duplicates} ${duplicates === 1 ? 'duplicate' : 'duplicates'})</span>
<details class="ids"><summary>request ids</summary><ul>${row.duplicateRequestIds.map((id) => html`<li><code>${id}</code></li>`)}</ul></details>`;
}

function orderSwitch(view: SessionView, order: TimelineOrder): SafeHtml {
  const base = sessionHref(view.provider, view.sessionId);
  const link = (value: TimelineOrder, label: string) => {
    const href = value === 'canonical' ? base : `${base}?order=arrival`;
    return html`<a href="${href}"${value === order ? html` aria-current="true"` : ''}>${label}</a>`;
  };
  return html`<nav class="order" aria-label="Order of the timeline">Order: ${link('canonical', 'canonical (as the state is folded)')} ${link('arrival', 'arrival (as received)')}</nav>`;
}

function summary(view: SessionView): SafeHtml {
  const item = (term: string, value: HtmlValue) =>
    html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
  return html`<dl class="summary">
${item('Provider', view.provider)}
${item('Status', view.status ?? html`<span class="none">none yet</span>`)}
${item('Outcome', view.outcome === null ? html`<span class="none">none yet</span>` : html`<span class="badge outcome-${view.outcome}">${view.outcome}</span>`)}
${item('Final', view.final ? 'final' : 'no: more provider events can change it')}
${item('Pending actions', view.actions.length === 0 ? html`<span class="none">none</span>` : actionsText(view.actions))}
${item('Version', view.version)}
${item('Provider created', time(view.providerCreatedAt))}
${item('First received', time(view.createdAt))}
${item('Last change', time(view.updatedAt))}
</dl>`;
}

function timelineTable(model: TimelineModel): SafeHtml {
  const { rows, order } = model;
  const deliveries = rows.reduce((sum, row) => sum + row.deliveries, 0);
  return html`<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
${orderSwitch(model.view, order)}
<p class="count" data-count="${rows.length}">${rows.length} distinct ${rows.length === 1 ? 'event' : 'events'}, ${deliveries} ${deliveries === 1 ? 'delivery' : 'deliveries'} received.</p>
<div class="table-wrap"><table class="timeline">
<caption class="visually-hidden">Events of the session in ${order} order</caption>
<thead><tr><th scope="col">#</th><th scope="col">Type or code</th><th scope="col">Provider time</th><th scope="col">Received</th><th scope="col">Applied</th><th scope="col">Detail</th><th scope="col">Request id</th><th scope="col">Deliveries</th></tr></thead>
<tbody>${rows.map(
    (row) => html`<tr data-event="${row.event.eventId}">
<td data-label="#">${row.position}</td>
<td data-label="Type or code">${typeCell(row.event)}<br><code class="id small">${row.event.eventId}</code></td>
<td data-label="Provider time">${time(row.event.occurredAt)}</td>
<td data-label="Received">${time(row.event.receivedAt)}</td>
<td data-label="Applied">${appliedCell(row.event)}</td>
<td data-label="Detail">${detailList(row.event.detail)}</td>
<td data-label="Request id"><code class="id small">${row.event.requestId}</code></td>
<td data-label="Deliveries">${deliveriesCell(row)}</td>
</tr>`,
  )}</tbody></table></div>
</section>`;
}

function attemptsList(change: PublishedChange, forwardTo: string | undefined): SafeHtml {
  if (forwardTo === undefined) return html`<span class="none">not forwarded</span>`;
  if (change.attempts.length === 0) return html`<span class="none">waiting</span>`;
  return html`<ol class="attempts">${change.attempts.map(
    (a) =>
      html`<li class="${a.delivered ? 'ok' : 'failed'}">${time(a.at)} attempt ${a.attempt}: ${a.status === null ? `no answer (${a.error ?? 'error'})` : `HTTP ${a.status}`}${a.delivered ? ' delivered' : ''}</li>`,
  )}</ol>`;
}

function changesTable(model: TimelineModel): SafeHtml {
  const { changes, forwardTo } = model;
  const where =
    forwardTo === undefined
      ? html`Not forwarded: start local mode with <code>npm start -- --forward-to &lt;url&gt;</code> to POST each change to your app.`
      : html`Forwarded to <code>${forwardTo}</code>; each attempt and its answer below.`;
  const rows =
    changes.length === 0
      ? html`<p class="count" data-count="0">No change published yet (a commit that only records an event that is not applied publishes nothing).</p>`
      : html`<p class="count" data-count="${changes.length}">${changes.length} Session Changed ${changes.length === 1 ? 'event' : 'events'} published.</p>
<div class="table-wrap"><table class="changes">
<caption class="visually-hidden">Session Changed events published for the session</caption>
<thead><tr><th scope="col">Version</th><th scope="col">Changed</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Actions</th><th scope="col">Events</th><th scope="col">Committed</th><th scope="col">Deliveries to your app</th></tr></thead>
<tbody>${[...changes].reverse().map(
          ({ change, ...rest }) => html`<tr data-change="${change.changeId}">
<td data-label="Version">v${change.version}<br><code class="id small">${change.changeId}</code></td>
<td data-label="Changed">${change.changed.join(', ')}</td>
<td data-label="Status">${change.previousStatus ?? '(new)'} → ${change.status ?? '–'}</td>
<td data-label="Outcome">${change.outcome ?? 'none'}${change.final ? ' (final)' : ''}</td>
<td data-label="Actions">${change.actions.length === 0 ? html`<span class="none">none</span>` : actionsText(change.actions)}</td>
<td data-label="Events" class="event-ids">${change.eventIds.map((id) => html`<code class="id small">${id}</code>`)}</td>
<td data-label="Committed">${time(change.committedAt)}</td>
<td data-label="Deliveries to your app">${attemptsList({ change, ...rest }, forwardTo)}</td>
</tr>`,
        )}</tbody></table></div>`;
  return html`<section aria-labelledby="changes-heading">
<h2 id="changes-heading">Published changes</h2>
<p>${where}</p>
${rows}
</section>`;
}

/** The part of the page that live updates replace. */
export function timelineLive(model: TimelineModel): SafeHtml {
  return html`${summary(model.view)}
<details class="facts"><summary>Facts (the provider's codes and ids)</summary><pre>${JSON.stringify(model.view.facts, null, 2)}</pre></details>
${timelineTable(model)}
${changesTable(model)}`;
}

export function timelinePage(model: TimelineModel): SafeHtml {
  const { view } = model;
  const json = `/sessions/${encodeURIComponent(view.provider)}/${encodeURIComponent(view.sessionId)}`;
  return page({
    title: `Session ${view.sessionId}`,
    section: 'sessions',
    live: true,
    body: html`<p class="lead"><a href="/">All sessions</a> · ${view.provider} · <a href="${json}">the session view as JSON</a></p>
${liveRegion('session', timelineLive(model), [view.provider, view.sessionId])}`,
  });
}
