// The abort signals of the ingest's deadlines, reused from one invocation to the next.
import { getEventListeners } from 'node:events';

/**
 * A pool of abort controllers. Creating an AbortSignal for every webhook cost the warm ingest
 * about 40 µs of CPU, 8% of its floor (docs/benchmarks.md, measurement 1), while almost every
 * deadline passes without firing. An invocation takes a controller and gives it back when it has
 * answered; the pool keeps it only if it was not aborted and nothing listens to it any more, so a
 * signal never carries one invocation's cancellation or leftover listeners into another.
 * Concurrent invocations (local mode serves several at once) each take their own.
 */
export class DeadlineSignals {
  private readonly idle: AbortController[] = [];

  take(): AbortController {
    return this.idle.pop() ?? new AbortController();
  }

  give(controller: AbortController): void {
    const { signal } = controller;
    if (!signal.aborted && getEventListeners(signal, 'abort').length === 0) {
      this.idle.push(controller);
    }
  }
}
