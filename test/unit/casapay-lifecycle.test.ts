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
    // Nothing of a conflicting event is applied, not even the report it carries.
    expect(result.state.facts.report).toBeNull();

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

  it('keeps document uploads and identity checks by id, the later outcome winning', () => {
    const result = run(
      event('document_upload.processed', { id: 'evt_1', at: 10, objectId: 'du_1' }),
      event('document_upload.rejected', { id: 'evt_2', at: 20, objectId: 'du_1' }),
      event('document_upload.processed', { id: 'evt_3', at: 15, objectId: 'du_0' }),
      event('identity_check.failed', { id: 'evt_4', at: 10, objectId: 'ic_1' }),
      event('identity_check.passed', { id: 'evt_5', at: 11, objectId: 'ic_2' }),
    );
    expect(result.state.facts.documents).toEqual([
      { id: 'du_0', status: 'processed' },
      { id: 'du_1', status: 'rejected' },
    ]);
    expect(result.state.facts.checks).toEqual([
      { id: 'ic_1', status: 'failed' },
      { id: 'ic_2', status: 'passed' },
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
});
