import { describe, expect, it } from 'vitest';
import { casapayRules } from '../../functions/providers/casapay/lifecycle.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { casapayEvent as event } from '../support/session-events.js';

const run = (...events: SessionEvent[]) => fold(casapayRules, events);
const outcome = (result: ReturnType<typeof run>, id: string) => {
  const entry = result.history.find((h) => h.eventId === id);
  return entry?.applied ? 'applied' : entry?.reason;
};

describe('CasaPay lifecycle', () => {
  it('moves created -> pending -> processing -> completed, whatever the delivery order', () => {
    const events = [
      event('verification_session.completed', { id: 'evt_d', at: 40, report: 'vr_1' }),
      event('verification_session.pending', { id: 'evt_b', at: 20 }),
      event('verification_session.created', { id: 'evt_a', at: 10 }),
      event('verification_session.processing', { id: 'evt_c', at: 30 }),
    ];
    const result = run(...events);
    expect(result.state).toEqual({
      status: 'completed',
      facts: { report: 'vr_1', documents: [], checks: [] },
    });
    // Completed means the checks finished; with no check outcome known there is no outcome yet.
    expect(result.summary).toMatchObject({ outcome: null, final: false, actions: [] });
    expect(result.summary.providerCreatedAt).toBe(10_000);
    expect(result.history.map((h) => [h.eventId, h.applied])).toEqual([
      ['evt_a', true],
      ['evt_b', true],
      ['evt_c', true],
      ['evt_d', true],
    ]);
  });

  it('never moves the status back: an older status that is later in time is recorded, not applied', () => {
    const result = run(
      event('verification_session.processing', { id: 'evt_p', at: 10 }),
      event('verification_session.pending', { id: 'evt_q', at: 20 }),
    );
    expect(result.state.status).toBe('processing');
    expect(outcome(result, 'evt_q')).toBe('status_not_forward');
  });

  it('orders a session’s lifecycle within one second by stage, not by event id', () => {
    const result = run(
      event('verification_session.created', { id: 'evt_z', at: 10 }),
      event('verification_session.pending', { id: 'evt_a', at: 10 }),
    );
    expect(result.state.status).toBe('pending');
    expect(result.history.every((h) => h.applied)).toBe(true);
  });

  it('lets the earlier of two conflicting final statuses win, ties broken by event id', () => {
    const failed = event('verification_session.failed', { id: 'evt_f', at: 50 });
    const completed = event('verification_session.completed', {
      id: 'evt_c',
      at: 60,
      report: 'vr_late',
    });
    const result = run(completed, failed);
    expect(result.state.status).toBe('failed');
    expect(outcome(result, 'evt_c')).toBe('session_already_final');
    // The status of a conflicting event is not applied, but the report it names is kept.
    expect(result.state.facts.report).toBe('vr_late');

    const tie = run(
      event('verification_session.expired', { id: 'evt_2', at: 70 }),
      event('verification_session.completed', { id: 'evt_1', at: 70 }),
    );
    expect(tie.state.status).toBe('completed');
    expect(outcome(tie, 'evt_2')).toBe('session_already_final');
  });

  it('records the report from verification_report.ready', () => {
    const result = run(
      event('verification_report.ready', { id: 'evt_r', at: 5, objectId: 'vr_9' }),
    );
    expect(result.state).toEqual({
      status: null,
      facts: { report: 'vr_9', documents: [], checks: [] },
    });
  });

  it('keeps document uploads and identity checks by id with their codes, the later outcome winning', () => {
    const result = run(
      event('document_upload.processed', { id: 'evt_1', at: 10, objectId: 'du_1' }),
      event('document_upload.rejected', {
        id: 'evt_2',
        at: 20,
        objectId: 'du_1',
        documentType: 'passport',
        rejectionReason: 'fraud_detected',
      }),
      event('document_upload.processed', { id: 'evt_3', at: 15, objectId: 'du_0' }),
      event('identity_check.failed', {
        id: 'evt_4',
        at: 10,
        objectId: 'ic_1',
        checkType: 'selfie_match',
      }),
      event('identity_check.passed', { id: 'evt_5', at: 11, objectId: 'ic_2' }),
      event('identity_check.inconclusive', { id: 'evt_6', at: 12, objectId: 'ic_3' }),
    );
    expect(result.state.facts.documents).toEqual([
      {
        id: 'du_0',
        status: 'processed',
        documentType: null,
        rejectionReason: null,
        reportedAt: 15,
      },
      {
        id: 'du_1',
        status: 'rejected',
        documentType: 'passport',
        rejectionReason: 'fraud_detected',
        reportedAt: 20,
      },
    ]);
    expect(result.state.facts.checks).toEqual([
      { id: 'ic_1', status: 'failed', checkType: 'selfie_match' },
      { id: 'ic_2', status: 'passed', checkType: null },
      { id: 'ic_3', status: 'inconclusive', checkType: null },
    ]);
  });

  it('records facts about a session that is already final', () => {
    const result = run(
      event('verification_session.completed', { id: 'evt_c', at: 10 }),
      event('document_upload.rejected', { id: 'evt_d', at: 20, objectId: 'du_1' }),
    );
    expect(outcome(result, 'evt_d')).toBe('applied');
  });

  it('records an unknown event type without changing anything', () => {
    const before = run(event('verification_session.processing', { id: 'evt_1', at: 1 }));
    const after = run(
      event('verification_session.processing', { id: 'evt_1', at: 1 }),
      event('verification_session.requires_input', { id: 'evt_2', at: 2 }),
      event('fraud_signal.raised', { id: 'evt_3', at: 3 }),
    );
    expect(after.state).toEqual(before.state);
    expect(outcome(after, 'evt_2')).toBe('unknown_event_type');
    expect(outcome(after, 'evt_3')).toBe('unknown_event_type');
  });

  it('refuses an event whose object does not match its type', () => {
    const odd = { ...event('document_upload.processed', { id: 'evt_x', at: 1, objectId: 'du_1' }) };
    const mismatched = { ...odd, detail: { ...odd.detail, object: 'identity_check' } };
    expect(outcome(run(mismatched), 'evt_x')).toBe('object_type_mismatch');
  });

  const session = (...events: SessionEvent[]) => run(...events).summary;
  const completed = (at = 100) =>
    event('verification_session.completed', { id: 'evt_done', at, report: 'vr_1' });
  const check = (status: string, id: string, at = 50) =>
    event(`identity_check.${status}`, { id: `evt_${id}`, at, objectId: id });

  it.each([
    ['a failed check', ['passed', 'failed', 'inconclusive'], 'declined', true],
    ['an inconclusive check and no failed one', ['passed', 'inconclusive'], 'review', false],
    ['passed checks only', ['passed', 'passed'], 'approved', true],
  ])('gives a completed session with %s the outcome %s', (_, statuses, outcome, final) => {
    const checks = statuses.map((status, i) => check(status, `ic_${i}`));
    expect(session(...checks, completed())).toMatchObject({ outcome, final, actions: [] });
  });

  it('takes each check’s latest outcome: a failed check that later passed no longer declines', () => {
    const summary = session(check('failed', 'ic_1', 10), check('passed', 'ic_1', 20), completed());
    expect(summary).toMatchObject({ outcome: 'approved', final: true });
  });

  it('maps expired and failed sessions to their outcome; an expired one asks for a reminder', () => {
    expect(session(event('verification_session.expired', { id: 'evt_x', at: 1 }))).toMatchObject({
      outcome: 'expired',
      final: true,
      actions: [{ action: 'remind_applicant' }],
    });
    expect(session(event('verification_session.failed', { id: 'evt_f', at: 1 }))).toMatchObject({
      outcome: 'failed',
      final: true,
      actions: [],
    });
  });

  const rejected = (id: string, at: number, documentType = 'passport') =>
    event('document_upload.rejected', {
      id: `evt_${id}`,
      at,
      objectId: id,
      documentType,
      rejectionReason: 'fraud_detected',
    });
  const processed = (id: string, at: number, documentType = 'passport') =>
    event('document_upload.processed', { id: `evt_${id}_ok`, at, objectId: id, documentType });
  const pending = event('verification_session.pending', { id: 'evt_p', at: 1 });

  it('asks for a new document when one is rejected, without declining the session', () => {
    expect(session(pending, rejected('du_1', 10))).toEqual({
      outcome: null,
      final: false,
      actions: [
        {
          action: 'request_new_document',
          documentId: 'du_1',
          documentType: 'passport',
          reason: 'fraud_detected',
        },
      ],
      providerCreatedAt: 1000,
    });
  });

  it('drops the request once a document of the same type is processed after the rejection', () => {
    expect(session(pending, rejected('du_1', 10), processed('du_2', 20)).actions).toEqual([]);
    // An earlier processed document, or one of another type, does not replace the rejected one.
    expect(session(pending, processed('du_0', 5), rejected('du_1', 10)).actions).toHaveLength(1);
    expect(
      session(pending, rejected('du_1', 10), processed('du_2', 20, 'utility_bill')).actions,
    ).toHaveLength(1);
  });

  it('asks for nothing about documents once the session is final', () => {
    expect(session(rejected('du_1', 10), completed()).actions).toEqual([]);
  });

  it('says when the provider created the session, from the session object where it is sent', () => {
    const created = {
      ...event('verification_session.created', { id: 'evt_c', at: 500 }),
    };
    const withObjectTime = {
      ...created,
      detail: { ...created.detail, sessionCreated: 400 },
    };
    expect(session(created).providerCreatedAt).toBe(500_000);
    expect(session(withObjectTime).providerCreatedAt).toBe(400_000);
    expect(session().providerCreatedAt).toBeNull();
  });
});
