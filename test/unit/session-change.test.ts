import { describe, expect, it } from 'vitest';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { veriffRules } from '../../functions/providers/veriff/lifecycle.js';
import {
  changeIdOf,
  describeChange,
  type SessionChangeDetail,
  toEnvelope,
} from '../../functions/reactions/session-change.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent, SessionRules } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { expectSessionChanged } from '../support/change-schema.js';
import { casapayEvent, veriffDecision, veriffEvent } from '../support/session-events.js';

/** The record a consumer commits after `events`, at `version`. */
function record<F>(
  rules: SessionRules<F>,
  provider: string,
  events: SessionEvent[],
  version: number,
): SessionRecord {
  const { state, history, summary } = fold(rules, events);
  return {
    provider,
    sessionId: events[0]?.sessionId ?? 's',
    version,
    createdAt: '2026-11-24T12:00:00.000Z',
    updatedAt: `2026-11-24T12:00:0${version}.000Z`,
    status: state.status,
    facts: state.facts,
    summary,
    events: history,
  };
}

const casapay = (events: SessionEvent[], version: number) =>
  record(casapayRules, 'casapay', events, version);
const origin = { id: 'e-1', account: '123456789012', region: 'eu-west-1' };
const described = (before: SessionRecord | undefined, after: SessionRecord) => {
  const change = describeChange(before, after);
  expectSessionChanged(toEnvelope(change as SessionChangeDetail, origin));
  return change as SessionChangeDetail;
};

const created = casapayEvent('verification_session.created', { id: 'evt_1', at: 1 });
const pending = casapayEvent('verification_session.pending', { id: 'evt_2', at: 2 });
const expired = casapayEvent('verification_session.expired', { id: 'evt_3', at: 3 });

describe('session change', () => {
  it('describes a new session from nothing to its first state', () => {
    const change = described(undefined, casapay([created], 1));
    expect(change).toMatchObject({
      schemaVersion: 1,
      provider: 'casapay',
      sessionId: 'vs_1',
      version: 1,
      previousVersion: 0,
      status: 'created',
      previousStatus: null,
      outcome: null,
      previousOutcome: null,
      final: false,
      actions: [],
      facts: { report: null, documents: [], checks: [] },
      eventIds: ['evt_1'],
      committedAt: '2026-11-24T12:00:01.000Z',
    });
    expect(change.changed).toEqual(['status', 'facts']);
  });

  it('carries the outcome, finality and actions a reaction routes on', () => {
    const change = described(
      casapay([created, pending], 2),
      casapay([created, pending, expired], 3),
    );
    expect(change).toMatchObject({
      status: 'expired',
      previousStatus: 'pending',
      outcome: 'expired',
      previousOutcome: null,
      final: true,
      actions: [{ action: 'remind_applicant' }],
      eventIds: ['evt_3'],
      changed: ['status', 'outcome', 'final', 'actions'],
    });
  });

  it('is one change for several events folded into one commit, from the state before to after', () => {
    const change = described(casapay([created], 1), casapay([created, pending, expired], 2));
    expect(change.previousStatus).toBe('created');
    expect(change.status).toBe('expired');
    expect([...change.eventIds].sort()).toEqual(['evt_2', 'evt_3']);
  });

  it('is nothing for a write that only records an event that was not applied', () => {
    const late = casapayEvent('verification_session.pending', { id: 'evt_late', at: 9 });
    expect(
      describeChange(casapay([created, expired], 2), casapay([created, expired, late], 3)),
    ).toBe(undefined);
  });

  it('is a change when only the facts move (a document outcome)', () => {
    const document = casapayEvent('document_upload.processed', {
      id: 'evt_d',
      at: 3,
      objectId: 'du_1',
    });
    const change = described(casapay([created], 1), casapay([created, document], 2));
    expect(change.changed).toEqual(['facts']);
  });

  it('compares facts whatever their key order (DynamoDB keeps none)', () => {
    const before = casapay([created], 1);
    const after = { ...casapay([created], 2), facts: { checks: [], documents: [], report: null } };
    expect(describeChange(before, after)).toBeUndefined();
  });

  it('ignores an image that is not newer than the one before it', () => {
    expect(describeChange(casapay([created, pending], 2), casapay([created], 1))).toBeUndefined();
  });

  it('has a change id that is the same for the same commit and differs between commits', () => {
    const one = casapay([created], 1);
    expect(changeIdOf(one)).toBe(changeIdOf({ ...one }));
    expect(changeIdOf(one)).not.toBe(changeIdOf(casapay([created, pending], 2)));
    expect(changeIdOf(one)).not.toBe(changeIdOf({ ...one, sessionId: 'vs_2' }));
    expect(changeIdOf(one)).not.toBe(changeIdOf({ ...one, createdAt: '2027-01-01T00:00:00.000Z' }));
  });

  it('describes a Veriff decision with its reasons and no applicant data', () => {
    const before = record(veriffRules, 'veriff', [veriffEvent(7002)], 1);
    const after = record(
      veriffRules,
      'veriff',
      [
        veriffEvent(7002),
        veriffDecision('resubmission_requested', { reasonCode: 201, reason: 'Video missing' }),
      ],
      2,
    );
    const change = described(before, after);
    expect(change).toMatchObject({
      status: 'resubmission_requested',
      outcome: 'resubmission_requested',
      actions: [
        { action: 'resubmit', attemptId: 'attempt-1', reasonCode: 201, reason: 'Video missing' },
      ],
    });
  });

  it('has a schema that refuses what it does not describe', () => {
    const envelope = toEnvelope(
      describeChange(undefined, casapay([created], 1)) as SessionChangeDetail,
      origin,
    );
    for (const broken of [
      { ...envelope, detail: { ...envelope.detail, applicant: { email: 'jane.doe@example.com' } } },
      { ...envelope, detail: { ...envelope.detail, outcome: 'passed' } },
      { ...envelope, detail: { ...envelope.detail, changed: [] } },
      { ...envelope, source: 'someone-else' },
    ]) {
      expect(() => expectSessionChanged(broken)).toThrow();
    }
  });
});
