// Local stand-in for the EventBridge bus: the publisher puts session changes here, and the
// console, the forwarder to the developer's own endpoint and the tests subscribe to them.
import { randomUUID } from 'node:crypto';
import type { ChangeBus } from '../reactions/publish-changes.js';
import {
  type SessionChangeDetail,
  type SessionChangedEnvelope,
  toEnvelope,
} from '../reactions/session-change.js';
import { LOCAL_AWS } from './emulators.js';

export type ChangeListener = (envelope: SessionChangedEnvelope) => void;

export class LocalChangeBus implements ChangeBus {
  private readonly listeners = new Set<ChangeListener>();

  /** Calls `listener` with every change put from now on; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async put(changes: readonly SessionChangeDetail[]): Promise<{ failed: number[] }> {
    for (const change of changes) {
      // EventBridge gives each put event its own id; the change's own id is `detail.changeId`.
      const envelope = toEnvelope(change, {
        id: randomUUID(),
        account: '000000000000',
        region: LOCAL_AWS.region,
      });
      for (const listener of this.listeners) {
        try {
          listener(envelope);
        } catch (error) {
          // A listener's bug must not make the put fail, which would publish the change again.
          console.error(
            'local bus listener failed:',
            error instanceof Error ? error.message : error,
          );
        }
      }
    }
    return { failed: [] };
  }
}
