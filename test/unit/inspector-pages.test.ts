// The inspector's pure cores: escaping, the sessions list (filters, order), the timeline (canonical
// and arrival order, deliveries), the quarantine's groups, and the send panel's form and plan.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../functions/local/scenarios.js';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { sessionView } from '../../functions/views/session-view.js';
import { escapeHtml, html } from '../../inspector/html.js';
import { sessionHref } from '../../inspector/layout.js';
import type { QuarantineEntry } from '../../inspector/local-tables.js';
import { groupQuarantine, quarantinePage } from '../../inspector/quarantine-page.js';
import { plannedDeliveries, readSendRequest } from '../../inspector/send-panel.js';
import {
  listSessions,
  MAX_ROWS,
  readFilters,
  sessionsPage,
} from '../../inspector/sessions-page.js';
import { readOrder, timelinePage, timelineRows } from '../../inspector/timeline-page.js';
import { casapayEvent } from '../support/session-events.js';

/** A session record as the store reads it, folded from real CasaPay events. */
function casapaySession(
  sessionId: string,
  events: readonly SessionEvent[],
  updatedAt = '2026-11-24T12:00:00.000Z',
): SessionRecord {
  const { state, history, summary } = fold(casapayRules, events);
  return {
    provider: 'casapay',
    sessionId,
    version: events.length,
    createdAt: '2026-11-24T11:00:00.000Z',
    updatedAt,
    status: state.status,
    facts: state.facts,
    summary,
    events: history,
  };
}

const veriffSession = (sessionId: string, updatedAt: string): SessionRecord => ({
  provider: 'veriff',
  sessionId,
  version: 1,
  createdAt: updatedAt,
  updatedAt,
  status: 'approved',
  facts: {},
  summary: { outcome: 'approved', final: true, actions: [], providerCreatedAt: null },
  events: [],
});

describe('html templates', () => {
  it('escape every interpolated value, in text and in attributes', () => {
    const id = `"><script>alert('x')</script>&`;
    const page = html`<a href="/s/${id}" title='${id}'>${id}</a>`.text;
    expect(page).not.toContain('<script>');
    expect(page).toBe(
      `<a href="/s/${escapeHtml(id)}" title='${escapeHtml(id)}'>${escapeHtml(id)}</a>`,
    );
    expect(escapeHtml(id)).toBe('&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;');
  });

  it('keep markup built by a template, and lists of it, as markup', () => {
    const items = ['a<b', 'c'].map((text) => html`<li>${text}</li>`);
    expect(html`<ul>${items}</ul>`.text).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.text).toBe('0');
  });

  it('render a hostile session id in the list and the timeline as text only', () => {
    const hostile = 'vs_<img src=x onerror=alert(1)>';
    const record = casapaySession(hostile, [
      casapayEvent('verification_session.created', { id: 'evt_<b>', at: 1, session: hostile }),
    ]);
    const list = sessionsPage(listSessions([record], {}), ['casapay', 'veriff']).text;
    const view = sessionView(record);
    const timeline = timelinePage({
      view,
      order: 'canonical',
      rows: timelineRows(view, new Map(), 'canonical'),
      changes: [],
      forwardTo: undefined,
    }).text;
    for (const page of [list, timeline]) {
      expect(page).not.toContain('<img');
      expect(page).not.toContain('<b>');
      expect(page).toContain('vs_&lt;img src=x onerror=alert(1)&gt;');
    }
    // The link to the session encodes the id as a path segment.
    expect(list).toContain(`href="${sessionHref('casapay', hostile)}"`);
    expect(sessionHref('casapay', 'a/b?c')).toBe('/inspector/sessions/casapay/a%2Fb%3Fc');
  });
});

describe('the sessions list', () => {
  const created = (id: string, session: string, at: number) =>
    casapayEvent('verification_session.created', { id, at, session });
  const completed = casapaySession(
    'vs_done',
    [
      created('evt_a1', 'vs_done', 1),
      casapayEvent('verification_session.completed', { id: 'evt_A2', at: 2, session: 'vs_done' }),
    ],
    '2026-11-24T12:00:03.000Z',
  );
  const pending = casapaySession(
    'vs_open',
    [created('evt_b1', 'vs_open', 1)],
    '2026-11-24T12:00:05.000Z',
  );
  const approved = veriffSession('f04bdb47-0000', '2026-11-24T12:00:04.000Z');
  const all = [completed, pending, approved];

  it('shows every provider, newest change first', () => {
    const list = listSessions(all, {});
    expect(list.rows.map((r) => r.sessionId)).toEqual(['vs_open', 'f04bdb47-0000', 'vs_done']);
    expect(list).toMatchObject({ matching: 3, total: 3 });
    expect(list.statuses).toEqual(['approved', 'completed', 'created']);
  });

  it('filters by provider, status and outcome, "none" meaning no outcome yet', () => {
    const ids = (filters: Parameters<typeof listSessions>[1]) =>
      listSessions(all, filters).rows.map((r) => r.sessionId);
    expect(ids({ provider: 'veriff' })).toEqual(['f04bdb47-0000']);
    expect(ids({ status: 'created' })).toEqual(['vs_open']);
    expect(ids({ outcome: 'none' })).toEqual(['vs_open', 'vs_done']);
    expect(ids({ outcome: 'approved' })).toEqual(['f04bdb47-0000']);
    expect(ids({ provider: 'casapay', outcome: 'approved' })).toEqual([]);
  });

  it('matches free text within session, event and request ids, whatever the case', () => {
    const ids = (q: string) => listSessions(all, { q }).rows.map((r) => r.sessionId);
    expect(ids('DONE')).toEqual(['vs_done']);
    expect(ids('evt_a2')).toEqual(['vs_done']);
    expect(ids('req-evt_b1')).toEqual(['vs_open']);
    expect(ids('nothing-like-it')).toEqual([]);
  });

  it('reads its filters from the query string, ignoring empty and overlong values', () => {
    const query = new URLSearchParams({ provider: 'casapay', status: ' ', q: 'x'.repeat(257) });
    expect(readFilters(query)).toEqual({ provider: 'casapay' });
    expect(readFilters(new URLSearchParams('outcome=none&q=%20vs_1%20'))).toEqual({
      outcome: 'none',
      q: 'vs_1',
    });
  });

  it(`shows the newest ${MAX_ROWS} rows of a longer list, and says so`, () => {
    const many = Array.from({ length: MAX_ROWS + 5 }, (_, i) =>
      veriffSession(`s-${i}`, new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString()),
    );
    const list = listSessions(many, {});
    expect(list.rows).toHaveLength(MAX_ROWS);
    expect(list.rows[0]?.sessionId).toBe(`s-${MAX_ROWS + 4}`);
    expect(sessionsPage(list, ['veriff']).text).toContain(`Showing the newest ${MAX_ROWS}`);
  });
});

describe('a session timeline', () => {
  // Delivered out of order: completed arrived first, created last.
  const events = [
    {
      ...casapayEvent('verification_session.created', { id: 'evt_1', at: 100 }),
      receivedAt: 3_000,
    },
    {
      ...casapayEvent('verification_session.pending', { id: 'evt_2', at: 101 }),
      receivedAt: 2_000,
    },
    {
      ...casapayEvent('verification_session.completed', { id: 'evt_3', at: 102 }),
      receivedAt: 1_000,
    },
  ];
  const view = sessionView(casapaySession('vs_1', events));

  it('lists one row per distinct event in canonical order, and in arrival order on request', () => {
    const canonical = timelineRows(view, new Map(), 'canonical');
    expect(canonical.map((r) => r.event.eventId)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    const arrival = timelineRows(view, new Map(), 'arrival');
    expect(arrival.map((r) => r.event.eventId)).toEqual(['evt_3', 'evt_2', 'evt_1']);
    // The place in the canonical order stays with the event.
    expect(arrival.map((r) => r.position)).toEqual([3, 2, 1]);
    expect(readOrder(new URLSearchParams('order=arrival'))).toBe('arrival');
    expect(readOrder(new URLSearchParams('order=anything'))).toBe('canonical');
  });

  it('counts the deliveries of each event, the recorded one included', () => {
    const deliveries = new Map([
      ['evt_1', { requestIds: ['req-evt_1', 'req-again', 'req-third'] }],
      // Its recorded delivery's line was not seen: it still counts.
      ['evt_2', { requestIds: ['req-late'] }],
    ]);
    const rows = timelineRows(view, deliveries, 'canonical');
    expect(rows.map((r) => [r.deliveries, r.duplicateRequestIds])).toEqual([
      [3, ['req-again', 'req-third']],
      [2, ['req-late']],
      [1, []],
    ]);
    const page = timelinePage({
      view,
      order: 'canonical',
      rows,
      changes: [],
      forwardTo: undefined,
    });
    expect(page.text).toContain('3 distinct events, 6 deliveries received.');
    expect(page.text).toContain('(2 duplicates)');
    expect(page.text).toContain('Not forwarded');
  });
});

describe('the quarantine', () => {
  const entry = (key: string, provider: string, reason: string, at: string): QuarantineEntry => ({
    key,
    provider,
    reason,
    detail: reason === 'invalid_shape' ? 'data.object: expected Object' : null,
    deliveries: 1,
    firstQuarantinedAt: at,
    lastQuarantinedAt: at,
    requestId: `req-${key}`,
  });

  it('groups entries by provider, then reason, the latest first in each group', () => {
    const groups = groupQuarantine([
      entry('k1', 'veriff', 'not_json', '2026-11-24T12:00:01Z'),
      entry('k2', 'casapay', 'not_json', '2026-11-24T12:00:01Z'),
      entry('k3', 'casapay', 'invalid_shape', '2026-11-24T12:00:01Z'),
      entry('k4', 'casapay', 'not_json', '2026-11-24T12:00:09Z'),
    ]);
    expect(groups.map((g) => [g.provider, g.reason, g.entries.map((e) => e.key)])).toEqual([
      ['casapay', 'invalid_shape', ['k3']],
      ['casapay', 'not_json', ['k4', 'k2']],
      ['veriff', 'not_json', ['k1']],
    ]);
  });

  it('offers the replay only when there is something to replay, and reports the last one', () => {
    expect(quarantinePage([]).text).not.toContain('Replay all');
    const page = quarantinePage([entry('k1', 'casapay', 'invalid_shape', '2026-11-24T12:00:01Z')], {
      ok: true,
      summary: { found: 2, replayed: 1, kept: 1, byReason: {}, dryRun: false },
    }).text;
    expect(page).toContain('Replay all 1 to the webhook queue');
    expect(page).toContain('data.object: expected Object');
    expect(page).toContain('Replayed 1 message to the webhook queue; 1 quarantined again');
  });
});

describe('the send panel', () => {
  const form = (fields: Record<string, string | string[]>) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const v of [value].flat()) params.append(name, v);
    return params;
  };
  const happy = SCENARIOS['casapay-happy-path'];

  it('reads a scenario, its steps, the order, the copies and the session from the form', () => {
    expect(
      readSendRequest(
        form({
          scenario: 'casapay-happy-path',
          step: ['5', '0', '5'],
          order: 'reversed',
          copies: '2',
          session: ' vs_mine ',
        }),
        SCENARIOS,
      ),
    ).toEqual({
      ok: true,
      request: {
        scenario: 'casapay-happy-path',
        steps: [0, 5],
        order: 'reversed',
        copies: 2,
        session: 'vs_mine',
      },
    });
  });

  it.each([
    [{ scenario: 'nope', step: '0' }, 'unknown scenario'],
    [{ scenario: '__proto__', step: '0' }, 'unknown scenario'],
    [{ scenario: 'casapay-expired' }, 'at least one step'],
    [{ scenario: 'casapay-expired', step: '3' }, 'steps are numbered 0 to 2'],
    [{ scenario: 'casapay-expired', step: '0', order: 'random' }, 'the order is one of'],
    [{ scenario: 'casapay-expired', step: '0', copies: '6' }, '1 to 5 times'],
    [{ scenario: 'casapay-expired', step: '0', session: 'has space' }, 'printable characters'],
  ])('refuses %j: %s', (fields, message) => {
    const result = readSendRequest(form(fields), SCENARIOS);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toContain(message);
  });

  it('plans the chosen steps in the order asked, each delivered as often as asked', () => {
    if (!happy) throw new Error('no casapay-happy-path scenario');
    const labels = (
      order: 'provider' | 'reversed' | 'shuffled',
      copies = 1,
      random?: () => number,
    ) =>
      plannedDeliveries(
        happy,
        { scenario: 'x', steps: [0, 1, 5], order, copies },
        'vs_p',
        new Date(0),
        random,
      ).map((w) => w.label);
    expect(labels('provider')).toEqual([
      'verification_session.created',
      'verification_session.pending',
      'verification_session.completed',
    ]);
    expect(labels('reversed', 2)).toEqual([
      'verification_session.completed',
      'verification_session.completed',
      'verification_session.pending',
      'verification_session.pending',
      'verification_session.created',
      'verification_session.created',
    ]);
    // Math.random() = 0 moves every element to the front in turn: a rotation.
    expect(labels('shuffled', 1, () => 0)).toEqual([
      'verification_session.pending',
      'verification_session.completed',
      'verification_session.created',
    ]);
    // The copies are the same body: a retry of one request.
    const twice = plannedDeliveries(
      happy,
      { scenario: 'x', steps: [0], order: 'provider', copies: 2 },
      'vs_p',
      new Date(0),
    );
    expect(twice[0]).toBe(twice[1]);
    expect(twice[0]?.body).toContain('"vs_p"');
  });
});
