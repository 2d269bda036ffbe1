import { describe, expect, it } from 'vitest';
import { DeadlineSignals } from '../../functions/intake/deadline-signals.js';

describe('deadline signals', () => {
  it('reuses a controller given back untouched', () => {
    const signals = new DeadlineSignals();
    const first = signals.take();
    signals.give(first);
    expect(signals.take()).toBe(first);
  });

  it('never hands out an aborted controller again', () => {
    const signals = new DeadlineSignals();
    const first = signals.take();
    first.abort(new Error('deadline'));
    signals.give(first);
    const next = signals.take();
    expect(next).not.toBe(first);
    expect(next.signal.aborted).toBe(false);
  });

  it('does not reuse a controller whose signal something still listens to', () => {
    const signals = new DeadlineSignals();
    const first = signals.take();
    const onAbort = () => undefined;
    first.signal.addEventListener('abort', onAbort);
    signals.give(first);
    expect(signals.take()).not.toBe(first);

    first.signal.removeEventListener('abort', onAbort);
    signals.give(first);
    expect(signals.take()).toBe(first);
  });

  it('gives concurrent invocations distinct controllers', () => {
    const signals = new DeadlineSignals();
    const [a, b] = [signals.take(), signals.take()];
    expect(a).not.toBe(b);
    signals.give(a);
    signals.give(b);
    expect(new Set([signals.take(), signals.take()])).toEqual(new Set([a, b]));
  });
});
