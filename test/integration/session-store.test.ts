import { GetItemCommand, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { addEvents } from '../../functions/sessions/engine.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { sessionKey } from '../../functions/storage/tables.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { previousEncoding } from '../support/fixtures.js';
import { casapayEvent } from '../support/session-events.js';

const dynamodb = dynamodbClient();
const NOW = new Date('2026-11-24T12:00:00Z');
const adapter = { name: 'casapay', rules: casapayRules };
let table = '';
let store: DynamoDbSessionStore;

beforeAll(async () => {
  table = (await freshTables(dynamodb)).sessionsTable;
  store = new DynamoDbSessionStore(dynamodb, table);
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

const itemOf = async (provider: string, sessionId: string) =>
  (
    await dynamodb.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: sessionKey(provider, sessionId) } },
        ConsistentRead: true,
      }),
    )
  ).Item;

/** Every item of the table whose key mentions `text`. */
const itemsMentioning = async (text: string) =>
  (await dynamodb.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items?.filter(
    (item) => item.pk?.S?.includes(text),
  ) ?? [];

describe('DynamoDB session store (DynamoDB Local)', () => {
  it('commits a new session as one item, and reads it back', async () => {
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
    expect(await store.commit({ record, expectedVersion: 0 })).toEqual({ kind: 'committed' });
    expect(await store.load('casapay', 'vs_s1', { consistent: true })).toEqual(record);
    // No record per event: the session's history is the deduplication.
    expect(await itemsMentioning('vs_s1')).toHaveLength(1);
    expect(await itemsMentioning('evt_s1_a')).toHaveLength(0);
    const item = await itemOf('casapay', 'vs_s1');
    expect(item?.packed?.B).toBeDefined();
    expect(item?.status).toEqual({ S: 'created' });
  });

  it('leaves the session untouched when the version condition fails', async () => {
    const first = casapayEvent('verification_session.created', {
      id: 'evt_s2_a',
      at: 1,
      session: 'vs_s2',
    });
    await store.commit({ record: recordOf('vs_s2', [first]), expectedVersion: 0 });
    const late = casapayEvent('verification_session.pending', {
      id: 'evt_s2_b',
      at: 2,
      session: 'vs_s2',
    });
    const stale = recordOf('vs_s2', [late]);
    expect(await store.commit({ record: stale, expectedVersion: 0 })).toEqual({
      kind: 'version_conflict',
    });
    expect(await store.commit({ record: { ...stale, version: 9 }, expectedVersion: 8 })).toEqual({
      kind: 'version_conflict',
    });
    const session = await store.load('casapay', 'vs_s2', { consistent: true });
    expect(session?.version).toBe(1);
    expect(session?.events.map((e) => e.eventId)).toEqual(['evt_s2_a']);
    const retry = recordOf('vs_s2', [first, late], 2);
    expect(await store.commit({ record: retry, expectedVersion: 1 })).toEqual({
      kind: 'committed',
    });
  });

  it('records an event id seen in two sessions in each: the history is per session', async () => {
    // Provider-issued ids are unique per event (docs/storage.md), so only a provider signing one
    // id for two sessions gets here; each session then holds what was signed about it.
    const original = casapayEvent('verification_session.created', {
      id: 'evt_shared',
      at: 1,
      session: 'vs_s3',
    });
    const reused = { ...original, sessionId: 'vs_s4' };
    expect(
      await store.commit({ record: recordOf('vs_s3', [original]), expectedVersion: 0 }),
    ).toEqual({ kind: 'committed' });
    expect(await store.commit({ record: recordOf('vs_s4', [reused]), expectedVersion: 0 })).toEqual(
      {
        kind: 'committed',
      },
    );
    for (const session of ['vs_s3', 'vs_s4']) {
      const stored = await store.load('casapay', session, { consistent: true });
      expect(stored?.events.map((e) => [e.eventId, e.sessionId])).toEqual([
        ['evt_shared', session],
      ]);
    }
  });

  it('reads a session written in the previous encoding, and rewrites it packed at its next commit', async () => {
    for (const provider of ['casapay', 'veriff'] as const) {
      const { record, item } = previousEncoding(provider);
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: item }));
      expect(await store.load(provider, record.sessionId, { consistent: true })).toEqual(record);
    }
    const { record } = previousEncoding('casapay');
    const late = casapayEvent('verification_session.pending', {
      id: 'evt_after_upgrade',
      at: 1_764_000_030,
      session: record.sessionId,
    });
    const options = { maxAttempts: 3, now: () => NOW, backoff: async () => undefined };
    const result = await recordEvents(store, adapter, record.sessionId, [late], options);
    expect(result.added.map((e) => e.eventId)).toEqual(['evt_after_upgrade']);
    const item = await itemOf('casapay', record.sessionId);
    expect(item?.packed?.B).toBeDefined();
    expect(item?.history).toBeUndefined();
    const upgraded = await store.load('casapay', record.sessionId, { consistent: true });
    expect(upgraded?.version).toBe(record.version + 1);
    expect(upgraded?.createdAt).toBe(record.createdAt);
    expect(upgraded?.events.filter((e) => e.eventId !== 'evt_after_upgrade')).toEqual(
      record.events,
    );
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
    );
    // The same session, version and event in another table is another session.
    expect(
      await store.commit({
        record: recordOf('vs_token', [event]),
        expectedVersion: 0,
      }),
    ).toEqual({ kind: 'committed' });
    expect(
      await otherTable.commit({
        record: recordOf('vs_token', [event]),
        expectedVersion: 0,
      }),
    ).toEqual({ kind: 'committed' });
    // A retry after a conflict, recomputed with a new `updatedAt`, is judged on its condition.
    const late = casapayEvent('verification_session.pending', {
      id: 'evt_token_2',
      at: 2,
      session: 'vs_token',
    });
    const stale = recordOf('vs_token', [event, late], 2);
    expect(await store.commit({ record: stale, expectedVersion: 5 })).toEqual({
      kind: 'version_conflict',
    });
    expect(
      await store.commit({
        record: { ...stale, updatedAt: '2026-11-24T12:00:01.000Z' },
        expectedVersion: 5,
      }),
    ).toEqual({ kind: 'version_conflict' });
    expect(
      await store.commit({
        record: { ...stale, updatedAt: '2026-11-24T12:00:02.000Z' },
        expectedVersion: 1,
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
    expect(await itemsMentioning('vs_race')).toHaveLength(1);
  });
});
