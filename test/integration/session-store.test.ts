import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { addEvents } from '../../functions/sessions/engine.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { EVENT_RECORD_TTL_SECONDS, eventKey } from '../../functions/storage/tables.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { casapayEvent } from '../support/session-events.js';

const dynamodb = dynamodbClient();
const NOW = new Date('2026-11-24T12:00:00Z');
const adapter = { name: 'casapay', rules: casapayRules };
let table = '';
let store: DynamoDbSessionStore;

beforeAll(async () => {
  table = (await freshTables(dynamodb)).sessionsTable;
  store = new DynamoDbSessionStore(dynamodb, table, () => NOW);
});

function recordOf(sessionId: string, events: SessionEvent[], version = 1): SessionRecord {
  const { fold } = addEvents(casapayRules, [], events);
  return {
    provider: 'casapay',
    sessionId,
    version,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    status: fold.state.status,
    facts: fold.state.facts,
    summary: fold.summary,
    events: fold.history,
  };
}

const eventRecord = async (eventId: string) =>
  (
    await dynamodb.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: eventKey('casapay', eventId) } },
        ConsistentRead: true,
      }),
    )
  ).Item;

describe('DynamoDB session store (DynamoDB Local)', () => {
  it('commits a new session with its events’ dedupe records, and reads it back', async () => {
    const events = [
      casapayEvent('verification_session.created', { id: 'evt_s1_a', at: 1, session: 'vs_s1' }),
      casapayEvent('document_upload.processed', {
        id: 'evt_s1_b',
        at: 2,
        session: 'vs_s1',
        objectId: 'du_1',
      }),
    ];
    const record = recordOf('vs_s1', events);
    expect(await store.commit({ record, expectedVersion: 0, newEvents: events })).toEqual({
      kind: 'committed',
    });
    expect(await store.load('casapay', 'vs_s1', { consistent: true })).toEqual(record);
    const dedupe = unmarshall((await eventRecord('evt_s1_a')) ?? {});
    expect(dedupe).toMatchObject({
      sessionId: 'vs_s1',
      type: 'verification_session.created',
      expiresAt: Math.floor(NOW.getTime() / 1000) + EVENT_RECORD_TTL_SECONDS,
    });
  });

  it('leaves the session untouched when the version condition fails; the claim left behind is harmless', async () => {
    const first = casapayEvent('verification_session.created', {
      id: 'evt_s2_a',
      at: 1,
      session: 'vs_s2',
    });
    await store.commit({
      record: recordOf('vs_s2', [first]),
      expectedVersion: 0,
      newEvents: [first],
    });
    const late = casapayEvent('verification_session.pending', {
      id: 'evt_s2_b',
      at: 2,
      session: 'vs_s2',
    });
    const stale = recordOf('vs_s2', [late]);
    expect(await store.commit({ record: stale, expectedVersion: 0, newEvents: [late] })).toEqual({
      kind: 'version_conflict',
    });
    expect(
      await store.commit({
        record: { ...stale, version: 9 },
        expectedVersion: 8,
        newEvents: [late],
      }),
    ).toEqual({ kind: 'version_conflict' });
    const session = await store.load('casapay', 'vs_s2', { consistent: true });
    expect(session?.version).toBe(1);
    expect(session?.events.map((e) => e.eventId)).toEqual(['evt_s2_a']);
    // The refused commit claimed evt_s2_b for vs_s2: the retry that follows claims it again.
    expect(unmarshall((await eventRecord('evt_s2_b')) ?? {}).sessionId).toBe('vs_s2');
    const retry = recordOf('vs_s2', [first, late], 2);
    expect(await store.commit({ record: retry, expectedVersion: 1, newEvents: [late] })).toEqual({
      kind: 'committed',
    });
  });

  it('names an event id that is already claimed by another session, and writes no session', async () => {
    const original = casapayEvent('verification_session.created', {
      id: 'evt_shared',
      at: 1,
      session: 'vs_s3',
    });
    await store.commit({
      record: recordOf('vs_s3', [original]),
      expectedVersion: 0,
      newEvents: [original],
    });
    const reused = casapayEvent('verification_session.created', {
      id: 'evt_shared',
      at: 1,
      session: 'vs_s4',
    });
    expect(
      await store.commit({
        record: recordOf('vs_s4', [reused]),
        expectedVersion: 0,
        newEvents: [reused],
      }),
    ).toEqual({
      kind: 'event_conflicts',
      eventIds: ['evt_shared'],
    });
    expect(await store.load('casapay', 'vs_s4', { consistent: true })).toBeUndefined();
  });

  it('judges a commit by its conditions only, whatever was committed before with the same ids', async () => {
    const event = casapayEvent('verification_session.created', {
      id: 'evt_token_1',
      at: 1,
      session: 'vs_token',
    });
    const otherTable = new DynamoDbSessionStore(
      dynamodb,
      (await freshTables(dynamodb)).sessionsTable,
      () => NOW,
    );
    // The same session, version and event in another table is another session.
    expect(
      await store.commit({
        record: recordOf('vs_token', [event]),
        expectedVersion: 0,
        newEvents: [event],
      }),
    ).toEqual({ kind: 'committed' });
    expect(
      await otherTable.commit({
        record: recordOf('vs_token', [event]),
        expectedVersion: 0,
        newEvents: [event],
      }),
    ).toEqual({ kind: 'committed' });
    // A retry after a conflict, recomputed with a new `updatedAt`, is judged on its condition.
    const late = casapayEvent('verification_session.pending', {
      id: 'evt_token_2',
      at: 2,
      session: 'vs_token',
    });
    const stale = recordOf('vs_token', [event, late], 2);
    expect(await store.commit({ record: stale, expectedVersion: 5, newEvents: [late] })).toEqual({
      kind: 'version_conflict',
    });
    expect(
      await store.commit({
        record: { ...stale, updatedAt: '2026-11-24T12:00:01.000Z' },
        expectedVersion: 5,
        newEvents: [late],
      }),
    ).toEqual({ kind: 'version_conflict' });
    expect(
      await store.commit({
        record: { ...stale, updatedAt: '2026-11-24T12:00:02.000Z' },
        expectedVersion: 1,
        newEvents: [late],
      }),
    ).toEqual({ kind: 'committed' });
  });

  it('records a redelivered event once, without a second write', async () => {
    const options = { maxAttempts: 3, now: () => NOW, backoff: async () => undefined };
    const event = casapayEvent('verification_session.pending', {
      id: 'evt_s5_a',
      at: 1,
      session: 'vs_s5',
    });
    const first = await recordEvents(store, adapter, 'vs_s5', [event], options);
    const again = await recordEvents(
      store,
      adapter,
      'vs_s5',
      [{ ...event, requestId: 'provider-retry' }],
      options,
    );
    expect(first.added).toHaveLength(1);
    expect(again).toMatchObject({
      added: [],
      duplicates: [{ eventId: 'evt_s5_a' }],
      attempts: 1,
    });
    const session = await store.load('casapay', 'vs_s5', { consistent: true });
    expect(session?.version).toBe(1);
    expect(session?.events.map((e) => e.requestId)).toEqual([event.requestId]);
  });

  it('lets consumers racing on one session each commit, with bounded retries and no lost update', async () => {
    const options = {
      maxAttempts: 20,
      now: () => NOW,
      backoff: (n: number) => new Promise<void>((r) => setTimeout(r, Math.random() * 5 * n)),
    };
    const events = Array.from({ length: 12 }, (_, i) =>
      casapayEvent('document_upload.processed', {
        id: `evt_race_${i}`,
        at: i,
        session: 'vs_race',
        objectId: `du_${i}`,
      }),
    );
    const results = await Promise.all(
      events.map((event) => recordEvents(store, adapter, 'vs_race', [event], options)),
    );
    const session = await store.load('casapay', 'vs_race', { consistent: true });
    expect(session?.events.map((e) => e.eventId).sort()).toEqual(
      events.map((e) => e.eventId).sort(),
    );
    expect(session?.version).toBe(12);
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(1);
    for (const event of events) expect(await eventRecord(event.eventId)).toBeDefined();
  });
});
