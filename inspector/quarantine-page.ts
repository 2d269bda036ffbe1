// The quarantine: messages the consumer could not tie to a session, by provider and reason, with
// where the problem is (never the raw body, which may hold personal data), and the button that
// replays them all, as `npm run replay-quarantine -- --local` does. Pure.
import type { ReplaySummary } from '../scripts/operations/replay-quarantine.js';
import { html, type SafeHtml } from './html.js';
import { liveRegion, page, time } from './layout.js';
import type { QuarantineEntry } from './local-tables.js';

export interface QuarantineGroup {
  readonly provider: string;
  readonly reason: string;
  /** Most recently quarantined first. */
  readonly entries: readonly QuarantineEntry[];
}

/** Entries by provider, then reason (both in alphabetical order). */
export function groupQuarantine(entries: readonly QuarantineEntry[]): QuarantineGroup[] {
  const groups = new Map<
    string,
    { provider: string; reason: string; entries: QuarantineEntry[] }
  >();
  for (const entry of entries) {
    const key = `${entry.provider}\n${entry.reason}`;
    const group = groups.get(key) ?? {
      provider: entry.provider,
      reason: entry.reason,
      entries: [],
    };
    group.entries.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.reason.localeCompare(b.reason))
    .map((group) => ({
      ...group,
      entries: group.entries.sort(
        (a, b) =>
          b.lastQuarantinedAt.localeCompare(a.lastQuarantinedAt) || a.key.localeCompare(b.key),
      ),
    }));
}

/** The last replay from this page, shown once after it. */
export type ReplayResult =
  | { readonly ok: true; readonly summary: ReplaySummary }
  | { readonly ok: false; readonly message: string };

function replayNotice(result: ReplayResult | undefined): SafeHtml | '' {
  if (!result) return '';
  if (!result.ok)
    return html`<p class="notice failed" role="alert">The replay failed: ${result.message}. Nothing that was not replayed was removed; try again.</p>`;
  const { replayed, kept } = result.summary;
  return html`<p class="notice ok" role="status">Replayed ${replayed} ${replayed === 1 ? 'message' : 'messages'} to the webhook queue${kept > 0 ? html`; ${kept} quarantined again while replaying (kept)` : ''}. A message the consumer still cannot read comes back here.</p>`;
}

function groupSection(group: QuarantineGroup, index: number): SafeHtml {
  const id = `quarantine-group-${index}`;
  const count = group.entries.length;
  return html`<section class="group" aria-labelledby="${id}">
<h2 id="${id}"><span class="provider">${group.provider}</span> · <span class="reason">${group.reason}</span> <span class="count-inline">(${count} ${count === 1 ? 'entry' : 'entries'})</span></h2>
<div class="table-wrap"><table class="quarantine">
<caption class="visually-hidden">Quarantined ${group.provider} messages, reason ${group.reason}</caption>
<thead><tr><th scope="col">Entry</th><th scope="col">Detail</th><th scope="col">Times quarantined</th><th scope="col">First</th><th scope="col">Last</th><th scope="col">Last request id</th></tr></thead>
<tbody>${group.entries.map(
    (entry) => html`<tr data-entry="${entry.key}">
<td data-label="Entry"><code class="id small" title="${entry.key}">${entry.key.slice(0, 12)}</code></td>
<td data-label="Detail">${entry.detail ?? html`<span class="none">–</span>`}</td>
<td data-label="Times quarantined">${entry.deliveries}</td>
<td data-label="First">${time(entry.firstQuarantinedAt)}</td>
<td data-label="Last">${time(entry.lastQuarantinedAt)}</td>
<td data-label="Last request id">${entry.requestId === null ? html`<span class="none">–</span>` : html`<code class="id small">${entry.requestId}</code>`}</td>
</tr>`,
  )}</tbody></table></div>
</section>`;
}

/** The part of the page that live updates replace. */
export function quarantineLive(entries: readonly QuarantineEntry[]): SafeHtml {
  if (entries.length === 0)
    return html`<p class="count" data-count="0">The quarantine is empty: every message so far was tied to a session.</p>`;
  const groups = groupQuarantine(entries);
  return html`<p class="count" data-count="${entries.length}">${entries.length} quarantined ${entries.length === 1 ? 'message' : 'messages'} in ${groups.length} ${groups.length === 1 ? 'group' : 'groups'}.</p>
<form method="post" action="/inspector/quarantine/replay" class="replay">
<button type="submit">Replay all ${entries.length} to the webhook queue</button>
<p class="help">Re-sends each message exactly as it was queued, then removes its entry unless it was quarantined again meanwhile: what <code>npm run replay-quarantine -- --local</code> does. Replay after fixing what made them unreadable.</p>
</form>
${groups.map(groupSection)}`;
}

export function quarantinePage(
  entries: readonly QuarantineEntry[],
  replay?: ReplayResult,
): SafeHtml {
  return page({
    title: 'Quarantine',
    section: 'quarantine',
    live: true,
    body: html`<p class="lead">Messages the consumer could not tie to a session are kept here with the reason, for 30 days. Their bodies are kept for the replay and never shown: they may hold personal data.</p>
${replayNotice(replay)}
${liveRegion('quarantine', quarantineLive(entries))}`,
  });
}
