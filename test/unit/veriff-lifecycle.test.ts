import { describe, expect, it } from 'vitest';
import { veriffRules } from '../../functions/providers/veriff/lifecycle.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { veriffDecision as decision, veriffEvent as event } from '../support/session-events.js';

const run = (...events: SessionEvent[]) => fold(veriffRules, events);
const where = (result: ReturnType<typeof run>) => ({
  status: result.state.status,
  outcome: result.summary.outcome,
  final: result.summary.final,
  actions: result.summary.actions,
});
const permutations = <T>(items: readonly T[]): T[][] =>
  items.length <= 1
    ? [[...items]]
    : items.flatMap((item, i) =>
        permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
      );

describe('Veriff lifecycle: event webhooks', () => {
  it('moves started -> submitted in either delivery order, with no outcome yet', () => {
    for (const order of permutations([event(7001), event(7002)])) {
      const result = run(...order);
      expect(where(result)).toEqual({
        status: 'submitted',
        outcome: null,
        final: false,
        actions: [],
      });
      expect(result.state.facts.attempts).toEqual([
        { attemptId: 'attempt-1', status: 'submitted', decision: null, flow: [] },
      ]);
      expect(result.history.every((h) => h.applied)).toBe(true);
    }
  });

  it('records every attempt; a new attempt never moves a submitted session back to started', () => {
    const result = run(
      event(7001, { attemptId: 'a-1' }),
      event(7002, { attemptId: 'a-1' }),
      event(7001, { attemptId: 'a-2' }),
    );
    expect(result.state.status).toBe('submitted');
    expect(result.state.facts.attempts.map((a) => [a.attemptId, a.status])).toEqual([
      ['a-1', 'submitted'],
      ['a-2', 'started'],
    ]);
  });

  it('keeps every web-flow event of each attempt, in flow-stage order, without touching the status', () => {
    const result = run(
      event(7001),
      event(7009, { reason: 'finished_screen_confirmed_clicked', state: 'finished_screen_shown' }),
      event(7011),
      event(7010, {
        reason: 'quit_session_confirmed',
        state: 'camera_access_blocked_screen_shown',
      }),
      event(7007, { attemptId: 'a-2', reason: 'final_decision_received' }),
    );
    expect(result.state.status).toBe('started');
    expect(result.state.facts.attempts).toEqual([
      {
        attemptId: 'a-2',
        status: null,
        decision: null,
        flow: [
          {
            code: 7007,
            action: 'waiting_complete',
            reason: 'final_decision_received',
            state: null,
          },
        ],
      },
      {
        attemptId: 'attempt-1',
        status: 'started',
        decision: null,
        flow: [
          { code: 7011, action: 'document_type_other_selected', reason: null, state: null },
          {
            code: 7010,
            action: 'flow_cancelled',
            reason: 'quit_session_confirmed',
            state: 'camera_access_blocked_screen_shown',
          },
          {
            code: 7009,
            action: 'flow_finished',
            reason: 'finished_screen_confirmed_clicked',
            state: 'finished_screen_shown',
          },
        ],
      },
    ]);
  });

  it('groups events that name no attempt under attemptId null', () => {
    const result = run(event(7010, { attemptId: null }));
    expect(result.state.facts.attempts).toEqual([
      {
        attemptId: null,
        status: null,
        decision: null,
        flow: [{ code: 7010, action: 'flow_cancelled', reason: null, state: null }],
      },
    ]);
    expect(result.state.status).toBeNull();
  });

  it('records an unknown code without changing anything', () => {
    const result = run(event(7001), event(7099));
    expect(result.state).toEqual(run(event(7001)).state);
    expect(result.history.find((h) => h.type === 'code_7099')).toMatchObject({
      applied: false,
      reason: 'unknown_event_type',
    });
  });

  it('keeps the integrator’s vendorData and endUserId', () => {
    const result = run(event(7001, { vendorData: 'customer-42' }));
    expect(result.state.facts.vendorData).toBe('customer-42');
  });
});

describe('Veriff lifecycle: decisions', () => {
  it.each([
    ['approved', true, []],
    ['declined', true, []],
    ['expired', true, [{ action: 'remind_applicant' }]],
    ['abandoned', true, [{ action: 'remind_applicant' }]],
    ['review', false, []],
  ])('maps a %s decision to the same outcome (final: %s)', (status, final, actions) => {
    const result = run(event(7001), event(7002), decision(status));
    expect(where(result)).toEqual({ status, outcome: status, final, actions });
  });

  it('asks the backend to have the applicant resubmit, with Veriff’s reason code', () => {
    const result = run(
      event(7001),
      event(7002),
      decision('resubmission_requested', { code: 9103, reasonCode: 201, reason: 'Video missing' }),
    );
    expect(where(result)).toEqual({
      status: 'resubmission_requested',
      outcome: 'resubmission_requested',
      final: false,
      actions: [
        { action: 'resubmit', attemptId: 'attempt-1', reasonCode: 201, reason: 'Video missing' },
      ],
    });
  });

  it('reaches the same state whatever order events and decisions arrive in', () => {
    const events = [
      event(7001),
      event(7002),
      decision('review', { at: '2026-11-24T12:00:00Z' }),
      decision('approved', { at: '2026-11-24T13:00:00Z' }),
    ];
    const expected = run(...events);
    expect(where(expected)).toMatchObject({ status: 'approved', final: true });
    for (const order of permutations(events)) expect(run(...order).state).toEqual(expected.state);
  });

  it('lets a later decision override an earlier one, never the other way round', () => {
    const approved = decision('approved', { at: '2026-11-24T12:00:00Z' });
    const declined = decision('declined', { at: '2026-11-24T12:30:00Z', reasonCode: 102 });
    expect(run(approved, declined).state.status).toBe('declined');
    expect(run(declined, approved).state.status).toBe('declined');
    expect(run(declined, approved).state.facts.decision).toMatchObject({
      status: 'declined',
      reasonCode: 102,
      decisionTime: '2026-11-24T12:30:00Z',
    });
  });

  it('never lets a decision without a time override one that says when it was made', () => {
    const untimed = decision('abandoned', { at: null });
    const timed = decision('approved', { at: '2026-11-24T12:00:00Z' });
    expect(run(untimed, timed).state.status).toBe('approved');
    expect(run(timed, untimed).state.status).toBe('approved');
  });

  it('takes an expired or abandoned decision that arrives with no event before it', () => {
    const result = run(decision('expired', { attemptId: null }));
    expect(where(result)).toEqual({
      status: 'expired',
      outcome: 'expired',
      final: true,
      actions: [{ action: 'remind_applicant' }],
    });
  });

  it('goes back through started and submitted on a new attempt after a resubmission', () => {
    const first = [
      event(7001, { attemptId: 'a-1' }),
      event(7002, { attemptId: 'a-1' }),
      decision('resubmission_requested', { attemptId: 'a-1', at: '2026-11-24T12:00:00Z' }),
    ];
    const restarted = [...first, event(7001, { attemptId: 'a-2' })];
    expect(where(run(...restarted))).toEqual({
      status: 'started',
      outcome: null,
      final: false,
      actions: [],
    });
    const resubmitted = [...restarted, event(7002, { attemptId: 'a-2' })];
    expect(run(...resubmitted).state.status).toBe('submitted');
    const approved = [
      ...resubmitted,
      decision('approved', { attemptId: 'a-2', at: '2026-11-24T13:00:00Z' }),
    ];
    const result = run(...approved);
    expect(where(result)).toMatchObject({ status: 'approved', outcome: 'approved', final: true });
    expect(result.state.facts.attempts.map((a) => [a.attemptId, a.status, a.decision])).toEqual([
      ['a-1', 'submitted', 'resubmission_requested'],
      ['a-2', 'submitted', 'approved'],
    ]);
    for (const order of permutations(approved)) expect(run(...order).state).toEqual(result.state);
  });

  it('loops through several resubmissions, each new attempt starting over', () => {
    const events: SessionEvent[] = [];
    for (let n = 1; n <= 3; n++) {
      events.push(event(7001, { attemptId: `a-${n}` }), event(7002, { attemptId: `a-${n}` }));
      events.push(
        decision('resubmission_requested', { attemptId: `a-${n}`, at: `2026-11-24T1${n}:00:00Z` }),
      );
    }
    expect(run(...events).state.status).toBe('resubmission_requested');
    expect(run(...events, event(7001, { attemptId: 'a-4' })).state.status).toBe('started');
  });

  it('keeps decision codes, reasons, risk labels and Veriff’s acceptance time', () => {
    const result = run(
      decision('declined', {
        code: 9102,
        reasonCode: 106,
        reason: 'Known fraud',
        acceptanceTime: '2026-11-24T11:55:00.000Z',
        riskLabels: [['document_integration_level_crosslinked_with_fraud', 'document']],
        vendorData: 'customer-42',
      }),
    );
    expect(result.state.facts).toMatchObject({
      vendorData: 'customer-42',
      acceptanceTime: '2026-11-24T11:55:00.000Z',
      decision: {
        status: 'declined',
        code: 9102,
        reasonCode: 106,
        reason: 'Known fraud',
        riskLabels: [
          { label: 'document_integration_level_crosslinked_with_fraud', category: 'document' },
        ],
      },
    });
    expect(result.summary.providerCreatedAt).toBe(Date.parse('2026-11-24T11:55:00.000Z'));
  });

  it('records a decision status it does not know without changing anything', () => {
    const result = run(event(7002), decision('escalated'));
    expect(result.state).toEqual(run(event(7002)).state);
    expect(result.history.find((h) => h.type === 'decision.escalated')).toMatchObject({
      applied: false,
      reason: 'unknown_event_type',
    });
  });

  it('keeps other webhook kinds in the history as not applied', () => {
    const screening: SessionEvent = {
      eventId: 'vo_1',
      sessionId: 's',
      type: 'watchlist_screening.initial_result',
      receivedAt: 0,
      requestId: 'r',
      detail: { kind: 'watchlist_screening', attemptId: 'attempt-1', matchStatus: 'no_match' },
    };
    const result = run(event(7002), screening);
    expect(result.state).toEqual(run(event(7002)).state);
    expect(result.history.find((h) => h.eventId === 'vo_1')).toMatchObject({
      applied: false,
      reason: 'unsupported_webhook_kind',
    });
  });
});
