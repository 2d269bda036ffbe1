// Compares the sessions the real consumer stored with the reference model.
import { expect } from 'vitest';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import type { SessionStore } from '../../functions/sessions/session-record.js';
import { type CasaPayModelOptions, casapayModel, veriffModel } from './reference-model.js';

/** A provider event a session received, from a webhook or (CasaPay) a report retrieval. */
export interface ReceivedEvent {
  readonly provider: 'casapay' | 'veriff';
  readonly event: SessionEvent;
}

export async function expectSessionsMatchModel(
  store: Pick<SessionStore, 'load'>,
  webhooks: readonly ReceivedEvent[],
  options: CasaPayModelOptions = {},
): Promise<void> {
  const sessions = new Map<
    string,
    { provider: 'casapay' | 'veriff'; sessionId: string; events: SessionEvent[] }
  >();
  for (const w of webhooks) {
    const key = `${w.provider}#${w.event.sessionId}`;
    const entry = sessions.get(key) ?? {
      provider: w.provider,
      sessionId: w.event.sessionId,
      events: [],
    };
    entry.events.push(w.event);
    sessions.set(key, entry);
  }
  for (const { provider, sessionId, events } of sessions.values()) {
    const model = provider === 'casapay' ? casapayModel(events, options) : veriffModel(events);
    const record = await store.load(provider, sessionId, { consistent: true });
    expect(record, `${provider} ${sessionId} was never stored`).toBeDefined();
    expect({ status: record?.status, facts: record?.facts, summary: record?.summary }).toEqual({
      status: model.status,
      facts: model.facts,
      summary: model.summary,
    });
    const outcomes = new Map(
      record?.events.map((e) => [e.eventId, e.applied ? 'applied' : (e.reason ?? '')]),
    );
    expect(outcomes).toEqual(model.outcomes);
  }
}
