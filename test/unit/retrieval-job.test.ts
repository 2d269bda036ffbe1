// The retrieval rule's pattern against the Session Changed events the publisher produces from real
// folds (due: a job; under way, settled, another provider, no report: none), the matcher against
// the EventBridge semantics it stands in for, and the job as the fetcher reads it.
import { describe, expect, it } from 'vitest';
import { casapayRulesWith } from '../../functions/providers/casapay/lifecycle.js';
import {
  type RetrievalContext,
  reportAttemptedEvent,
  reportRetrievalOffEvent,
  reportRetrievedEvent,
} from '../../functions/providers/casapay/report-events.js';
import { veriffRules } from '../../functions/providers/veriff/lifecycle.js';
import {
  describeChange,
  type SessionChangedEnvelope,
  toEnvelope,
} from '../../functions/reactions/session-change.js';
import {
  matchesPattern,
  REPORT_DUE_PATTERN,
  readRetrievalJob,
} from '../../functions/reports/retrieval-job.js';
import type { SessionEvent, SessionRules } from '../../functions/sessions/session-event.js';
import type { SessionRecord } from '../../functions/sessions/session-record.js';
import { expectSessionChanged } from '../support/change-schema.js';
import { foldedRecord } from '../support/folded-record.js';
import { casapayEvent, veriffDecision, veriffEvent } from '../support/session-events.js';

const rules = casapayRulesWith({ awaitReports: true });
const at = 1_706_140_800;

function recordOf(
  provider: string,
  events: SessionEvent[],
  version: number,
  sessionRules: SessionRules<unknown> = rules as SessionRules<unknown>,
): SessionRecord {
  return foldedRecord(sessionRules, events, {
    provider,
    sessionId: events[0]?.sessionId ?? 'vs_1',
    version,
  });
}

/** The envelope of the change from `before` to `after` events, as the publisher puts it. */
function change(before: SessionEvent[], after: SessionEvent[], provider = 'casapay') {
  const sessionRules = (provider === 'casapay' ? rules : veriffRules) as SessionRules<unknown>;
  const detail = describeChange(
    before.length === 0 ? undefined : recordOf(provider, before, 1, sessionRules),
    recordOf(provider, after, before.length === 0 ? 1 : 2, sessionRules),
  );
  if (!detail) throw new Error('no change');
  const envelope = toEnvelope(detail, { id: 'e-1', account: '000000000000', region: 'us-east-1' });
  expectSessionChanged(envelope);
  return envelope;
}

const created = casapayEvent('verification_session.created', { id: 'evt_1', at });
const completed = casapayEvent('verification_session.completed', {
  id: 'evt_2',
  at: at + 2,
  report: 'vr_1',
});
const passed = casapayEvent('identity_check.passed', {
  id: 'evt_3',
  at: at + 3,
  objectId: 'idc_1',
});
const ctx = (attempt: number): RetrievalContext => ({
  sessionId: 'vs_1',
  reportId: 'vr_1',
  attempt,
  at: new Date((at + 60) * 1000),
  requestId: 'msg',
});
const attempted = reportAttemptedEvent(ctx(1), { reportStatus: 'pending' });
const retrieved = reportRetrievedEvent(
  ctx(2),
  {
    id: 'vr_1',
    status: 'completed',
    verified: true,
    selfieMatch: 0.9,
    documents: [],
    checks: [],
  },
  undefined,
);
const due = (envelope: SessionChangedEnvelope) => matchesPattern(REPORT_DUE_PATTERN, envelope);

describe('the report-due rule, on the changes the publisher produces', () => {
  it('matches the commit that names the report, and later changes while it is still due', () => {
    expect(due(change([created], [created, completed]))).toBe(true);
    expect(due(change([], [created, completed]))).toBe(true);
    expect(due(change([created, completed], [created, completed, passed]))).toBe(true);
    // The report named by verification_report.ready before completed: due just the same.
    const ready = casapayEvent('verification_report.ready', { id: 'evt_r', at, objectId: 'vr_1' });
    expect(due(change([created], [created, ready]))).toBe(true);
  });

  it('matches nothing once an attempt is recorded, or the report settled, or retrieval is off', () => {
    const base = [created, completed];
    expect(due(change(base, [...base, attempted]))).toBe(false);
    expect(due(change([...base, attempted], [...base, attempted, retrieved]))).toBe(false);
    expect(due(change(base, [...base, retrieved]))).toBe(false);
    expect(due(change(base, [...base, reportRetrievalOffEvent(ctx(0))]))).toBe(false);
  });

  it('matches nothing before a report is named, nor any Veriff change', () => {
    expect(due(change([], [created]))).toBe(false);
    const started = veriffEvent(7001);
    expect(due(change([], [started], 'veriff'))).toBe(false);
    expect(due(change([started], [started, veriffDecision('approved')], 'veriff'))).toBe(false);
  });

  it('matches nothing where reports are not awaited (no retrieval fact)', () => {
    const detail = describeChange(
      undefined,
      recordOf('casapay', [created, completed], 1, casapayRulesWith() as SessionRules<unknown>),
    );
    if (!detail) throw new Error('no change');
    expect(due(toEnvelope(detail, { id: 'e', account: '0', region: 'r' }))).toBe(false);
  });
});

describe('the EventBridge pattern matcher', () => {
  const event = {
    source: 'idv-webhooks',
    detail: {
      provider: 'casapay',
      status: null,
      changed: ['facts', 'outcome'],
      actions: [{ action: 'remind_applicant' }, { action: 'request_new_document' }],
      facts: { report: 'vr_123' },
    },
  };

  it('matches a listed value, any element of an array, and any element of an array of objects', () => {
    expect(matchesPattern({ detail: { provider: ['veriff', 'casapay'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { provider: ['veriff'] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { changed: ['outcome'] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { changed: ['status'] } }, event)).toBe(false);
    expect(
      matchesPattern({ detail: { actions: { action: ['request_new_document'] } } }, event),
    ).toBe(true);
    expect(matchesPattern({ detail: { actions: { action: ['resubmit'] } } }, event)).toBe(false);
  });

  it('requires every field of the pattern, and never matches a missing one by value', () => {
    expect(
      matchesPattern({ source: ['idv-webhooks'], detail: { provider: ['veriff'] } }, event),
    ).toBe(false);
    expect(matchesPattern({ detail: { missing: ['x'] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { facts: { report: { id: ['vr_123'] } } } }, event)).toBe(
      false,
    );
  });

  it('matches null, prefixes and existence as EventBridge does', () => {
    expect(matchesPattern({ detail: { status: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [''] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { facts: { report: [{ prefix: 'vr_' }] } } }, event)).toBe(
      true,
    );
    expect(matchesPattern({ detail: { facts: { report: [{ prefix: 'du_' }] } } }, event)).toBe(
      false,
    );
    expect(matchesPattern({ detail: { facts: { report: [{ exists: true }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { facts: { other: [{ exists: false }] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { facts: { report: [{ exists: false }] } } }, event)).toBe(
      false,
    );
    expect(() => matchesPattern({ detail: { status: [{ numeric: ['>', 1] }] } }, event)).toThrow(
      /unsupported/,
    );
  });
});

describe('a retrieval job', () => {
  it('is the Session Changed event the rule delivers', () => {
    const envelope = change([created], [created, completed]);
    expect(readRetrievalJob(JSON.stringify(envelope))).toEqual({
      sessionId: 'vs_1',
      reportId: 'vr_1',
      changeId: envelope.detail.changeId,
    });
  });

  it('is no job when it is not JSON, not a Session Changed event, or names no report', () => {
    const envelope = change([created], [created, completed]);
    for (const body of [
      'not json',
      '{}',
      JSON.stringify({ ...envelope, source: 'elsewhere' }),
      JSON.stringify({ ...envelope, detail: { ...envelope.detail, provider: 'veriff' } }),
      JSON.stringify({ ...envelope, detail: { ...envelope.detail, facts: { report: null } } }),
    ])
      expect(readRetrievalJob(body), body.slice(0, 40)).toBeUndefined();
  });
});
