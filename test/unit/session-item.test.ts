// The session item's codec: what it writes, that it reads back what it wrote and what the previous
// encoding wrote, and that a typical session stays within one write unit (under 1 KB).
import { describe, expect, it } from 'vitest';
import { writeUnits } from '../../bench/item-size.js';
import {
  CASAPAY_LIFECYCLE,
  casapayBody,
  VERIFF_LIFECYCLE,
  veriffStepBody,
} from '../../bench/workload.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { addEvents } from '../../functions/sessions/engine.js';
import type { HistoryEntry } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { fromSessionItem, toSessionItem } from '../../functions/storage/session-item.js';
import { previousEncoding } from '../support/fixtures.js';

const adapters = providerAdapters();

/** The record a session has after `bodies`, delivered one by one. */
function sessionAfter(provider: 'casapay' | 'veriff', sessionId: string, bodies: string[]) {
  const adapter = adapters.get(provider);
  if (!adapter) throw new Error(provider);
  let events: readonly HistoryEntry[] = [];
  const records: SessionRecord[] = [];
  bodies.forEach((body, i) => {
    const parsed = adapter.parseEvent(Buffer.from(body), {
      receivedAt: 1_790_000_000_000 + i * 90_000,
      requestId: `Rq${String(i).padStart(2, '0')}AbCdEfGhIjk=`,
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const { fold } = addEvents(adapter.rules, events, [parsed.event]);
    events = fold.history;
    records.push({
      provider,
      sessionId,
      version: i + 1,
      createdAt: '2026-09-22T10:00:00.000Z',
      updatedAt: new Date(Date.parse('2026-09-22T10:00:00.000Z') + i * 90_000).toISOString(),
      status: fold.state.status,
      facts: fold.state.facts,
      summary: fold.summary,
      events,
    });
  });
  return records;
}

const CASAPAY_SESSION = 'vs_0a1b2c3d4e5f';
const VERIFF_SESSION = 'f04bdb47-d3be-4b28-b028-a652feb060b5';
const casapayLifecycle = () =>
  sessionAfter(
    'casapay',
    CASAPAY_SESSION,
    CASAPAY_LIFECYCLE.map((type, i) => casapayBody(type, CASAPAY_SESSION, 1_790_000_000 + i)),
  );
const veriffLifecycle = () =>
  sessionAfter(
    'veriff',
    VERIFF_SESSION,
    VERIFF_LIFECYCLE.map((step) => veriffStepBody(step, VERIFF_SESSION)),
  );

describe('session item', () => {
  it('reads back every record it writes, commit after commit of both lifecycles', () => {
    for (const record of [...casapayLifecycle(), ...veriffLifecycle()]) {
      expect(fromSessionItem(toSessionItem(record))).toEqual(record);
    }
  });

  it('keeps a not-applied event, its reason and its provider time', () => {
    const { record } = previousEncoding('casapay');
    expect(record.events.filter((e) => !e.applied).map((e) => e.reason)).toEqual([
      'session_already_final',
    ]);
    expect(fromSessionItem(toSessionItem(record)).events).toEqual(record.events);
  });

  it('reads the items of the previous encoding as the records they were written from', () => {
    for (const provider of ['casapay', 'veriff'] as const) {
      const { record, item } = previousEncoding(provider);
      expect(fromSessionItem(item)).toEqual(record);
    }
  });

  it('writes the summary as top-level attributes, each left out at its default', () => {
    const [first] = casapayLifecycle();
    const last = casapayLifecycle().at(-1);
    if (!first || !last) throw new Error('lifecycle');
    expect(Object.keys(toSessionItem(first)).sort()).toEqual(
      [
        'createdAt',
        'kind',
        'packed',
        'pk',
        'providerCreatedAt',
        'status',
        'updatedAt',
        'version',
      ].sort(),
    );
    expect(toSessionItem(last)).toMatchObject({
      kind: { S: 'session' },
      status: { S: 'completed' },
      outcome: { S: 'approved' },
      final: { BOOL: true },
    });
  });

  it('keeps every commit of a typical session within one write unit (under 1 KB)', () => {
    for (const record of [...casapayLifecycle(), ...veriffLifecycle()]) {
      expect(writeUnits(toSessionItem(record)), `${record.provider} v${record.version}`).toBe(1);
    }
  });
});
