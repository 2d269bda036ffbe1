import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  type ChangeBus,
  type ChangeStreamRecord,
  publishChanges,
} from '../../functions/reactions/publish-changes.js';
import type { SessionChangeDetail } from '../../functions/reactions/session-change.js';
import { fromSessionItem, toSessionItem } from '../../functions/storage/session-item.js';
import { previousEncoding } from '../support/fixtures.js';
import { sessionCommitRecord } from '../support/stream-records.js';

/** A bus that refuses the entries `refuse` picks, and remembers what it took. */
function bus(refuse: (change: SessionChangeDetail, call: number) => boolean = () => false) {
  const taken: SessionChangeDetail[] = [];
  let calls = 0;
  const port: ChangeBus = {
    put: async (changes) => {
      calls++;
      const failed = changes.flatMap((c, i) => (refuse(c, calls) ? [i] : []));
      taken.push(...changes.filter((_, i) => !failed.includes(i)));
      return { failed };
    },
  };
  return { port, taken, calls: () => calls };
}

const ports = (port: ChangeBus) => ({
  bus: port,
  maxPutAttempts: 3,
  backoff: async () => undefined,
});
const ids = (changes: readonly SessionChangeDetail[]) =>
  changes.map((c) => `${c.sessionId}@${c.version}`);

describe('publishing session changes from the stream', () => {
  it('publishes each session change in stream order, in puts of at most 10', async () => {
    const records = Array.from({ length: 4 }, (_, v) =>
      Array.from({ length: 3 }, (_, s) => sessionCommitRecord(`vs_${s}`, v + 1, `${v}${s}`)),
    ).flat();
    const target = bus();
    const result = await publishChanges(records, ports(target.port));
    expect(ids(result.published)).toEqual(ids(target.taken));
    expect(ids(target.taken)).toEqual(
      records.map((r) => {
        const image = fromSessionItem(r.dynamodb?.NewImage as Record<string, AttributeValue>);
        return `${image.sessionId}@${image.version}`;
      }),
    );
    expect(target.calls()).toBe(2);
    expect(result.resumeFrom).toBeUndefined();
  });

  it('reads a stream image in the previous encoding: the first commit after an upgrade', async () => {
    const { record, item } = previousEncoding('veriff');
    const decision = record.events.find((e) => e.type.startsWith('decision.'));
    if (!decision) throw new Error('the fixture holds a decision');
    const after = {
      ...record,
      version: record.version + 1,
      updatedAt: '2025-11-24T16:09:00.000Z',
      summary: { ...record.summary, final: !record.summary.final },
      events: [...record.events, { ...decision, eventId: 'vd_after_upgrade' }],
    };
    const target = bus();
    const result = await publishChanges(
      [
        {
          eventName: 'MODIFY',
          dynamodb: { SequenceNumber: '1', OldImage: item, NewImage: toSessionItem(after) },
        },
      ],
      ports(target.port),
    );
    expect(result.published).toEqual([
      expect.objectContaining({
        sessionId: record.sessionId,
        version: record.version + 1,
        previousVersion: record.version,
        previousStatus: record.status,
        changed: ['final'],
        eventIds: ['vd_after_upgrade'],
      }),
    ]);
  });

  it('skips what is not a session change: event claims, removals, writes nothing visible changed', async () => {
    // The per-event claims of the first design stay in a table until their TTL expires.
    const claim = {
      eventName: 'INSERT',
      dynamodb: {
        SequenceNumber: '1',
        NewImage: marshall({
          pk: 'event#casapay#evt_x',
          kind: 'event',
          sessionId: 'vs_1',
          expiresAt: 1_790_000_000,
        }),
      },
    };
    const removal = {
      eventName: 'REMOVE',
      dynamodb: { SequenceNumber: '2', OldImage: marshall({ kind: 'event' }) },
    };
    const same = sessionCommitRecord('vs_1', 2, '3');
    const unchanged = {
      ...same,
      dynamodb: { ...same.dynamodb, OldImage: { ...same.dynamodb?.NewImage, version: { N: '1' } } },
    };
    const target = bus();
    const result = await publishChanges(
      [claim, removal, unchanged] as ChangeStreamRecord[],
      ports(target.port),
    );
    expect(result).toMatchObject({ published: [], skipped: 3 });
    expect(target.calls()).toBe(0);
  });

  it('puts again what the bus refused, then takes it', async () => {
    const target = bus((c, call) => c.sessionId === 'vs_1' && call === 1);
    const result = await publishChanges(
      [sessionCommitRecord('vs_0', 1, '1'), sessionCommitRecord('vs_1', 1, '2')],
      ports(target.port),
    );
    expect(ids(result.published).sort()).toEqual(['vs_0@1', 'vs_1@1']);
    expect(target.calls()).toBe(2);
  });

  it('hands the batch back from the first change the bus keeps refusing', async () => {
    const target = bus((c) => c.sessionId === 'vs_1');
    const records = [
      sessionCommitRecord('vs_0', 1, '1'),
      sessionCommitRecord('vs_1', 1, '2'),
      sessionCommitRecord('vs_2', 1, '3'),
    ];
    const result = await publishChanges(records, ports(target.port));
    expect(result).toMatchObject({ resumeFrom: '2', stoppedBy: 'put_failed' });
    expect(target.calls()).toBe(3);
  });

  it('retries a bus that is down instead of throwing', async () => {
    let calls = 0;
    const down: ChangeBus = {
      put: async () => {
        calls++;
        throw new Error('connection refused');
      },
    };
    const result = await publishChanges([sessionCommitRecord('vs_0', 1, '7')], ports(down));
    expect(result).toMatchObject({ published: [], resumeFrom: '7', stoppedBy: 'put_failed' });
    expect(calls).toBe(3);
  });

  it('publishes what comes before an undecodable session image and resumes from it', async () => {
    const broken = {
      eventName: 'MODIFY',
      dynamodb: { SequenceNumber: '2', NewImage: { kind: { S: 'session' }, history: { S: '{' } } },
    } as ChangeStreamRecord;
    const target = bus();
    const result = await publishChanges(
      [sessionCommitRecord('vs_0', 1, '1'), broken, sessionCommitRecord('vs_2', 1, '3')],
      ports(target.port),
    );
    expect(ids(result.published)).toEqual(['vs_0@1']);
    expect(result).toMatchObject({ resumeFrom: '2', stoppedBy: 'undecodable_record' });
  });
});
