import { describe, expect, it } from 'vitest';
import { veriffRules } from '../../functions/providers/veriff/lifecycle.js';
import { fold } from '../../functions/sessions/engine.js';
import { veriffEvent as event } from '../support/session-events.js';

describe('Veriff lifecycle', () => {
  it('moves started -> submitted in either delivery order', () => {
    const started = event(7001);
    const submitted = event(7002);
    for (const order of [
      [started, submitted],
      [submitted, started],
    ]) {
      const result = fold(veriffRules, order);
      expect(result.state.status).toBe('submitted');
      expect(result.state.facts.attempts).toEqual([
        { attemptId: 'attempt-1', status: 'submitted' },
      ]);
      expect(result.history.every((h) => h.applied)).toBe(true);
    }
  });

  it('records every attempt; a new attempt never moves the session back to started', () => {
    const result = fold(veriffRules, [
      event(7001, { attemptId: 'a-1' }),
      event(7002, { attemptId: 'a-1' }),
      event(7001, { attemptId: 'a-2' }),
    ]);
    expect(result.state.status).toBe('submitted');
    expect(result.state.facts.attempts).toEqual([
      { attemptId: 'a-1', status: 'submitted' },
      { attemptId: 'a-2', status: 'started' },
    ]);
  });

  it('keeps the furthest web-flow event as the flow facts without touching the status', () => {
    const result = fold(veriffRules, [
      event(7001),
      event(7009, { reason: 'finished_screen_confirmed_clicked', state: 'finished_screen_shown' }),
      event(7011),
      event(7010, {
        reason: 'quit_session_confirmed',
        state: 'camera_access_blocked_screen_shown',
      }),
    ]);
    expect(result.state.status).toBe('started');
    expect(result.state.facts.flow).toEqual({
      action: 'flow_finished',
      code: 7009,
      reason: 'finished_screen_confirmed_clicked',
      state: 'finished_screen_shown',
      attemptId: 'attempt-1',
    });
  });

  it('orders flow events by how far the end-user got: the decision received is furthest', () => {
    const result = fold(veriffRules, [
      event(7007, { reason: 'final_decision_received' }),
      event(7008),
      event(7009),
    ]);
    expect(result.state.facts.flow?.action).toBe('waiting_complete');
  });

  it('records an attempt first seen in a flow event, with no status', () => {
    const result = fold(veriffRules, [event(7010, { attemptId: 'a-9' })]);
    expect(result.state).toEqual({
      status: null,
      facts: {
        attempts: [{ attemptId: 'a-9', status: null }],
        flow: { action: 'flow_cancelled', code: 7010, reason: null, state: null, attemptId: 'a-9' },
      },
    });
  });

  it('records an unknown code without changing anything', () => {
    const result = fold(veriffRules, [event(7001), event(7099)]);
    expect(result.state).toEqual(fold(veriffRules, [event(7001)]).state);
    expect(result.history.find((h) => h.type === 'code_7099')).toMatchObject({
      applied: false,
      reason: 'unknown_event_type',
    });
  });
});
