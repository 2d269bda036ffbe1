import { describe, expect, it } from 'vitest';
import {
  createReactions,
  inMemorySeenChanges,
  type ReactionEffects,
  type SessionChangedEvent,
} from '../../examples/reactions/handler.js';
import type { SessionChangeDetail } from '../../functions/reactions/session-change.js';
import { changeDetail } from '../support/session-changes.js';

const base = changeDetail({
  changeId: 'chg_00000000000000000000000000000001',
  version: 1,
  previousVersion: 0,
  changed: ['status', 'facts'],
  status: 'processing',
  previousStatus: null,
  eventIds: ['evt_1'],
});
const event = (detail: Partial<SessionChangeDetail>): SessionChangedEvent => ({
  version: '0',
  id: 'e',
  'detail-type': 'Session Changed',
  source: 'idv-webhooks',
  account: '123456789012',
  time: base.committedAt,
  region: 'eu-west-1',
  resources: [],
  detail: { ...base, ...detail },
});

function recording() {
  const calls: string[] = [];
  const effects: ReactionEffects = {
    processVerificationResult: async (c) => void calls.push(`result ${c.sessionId} ${c.outcome}`),
    sendReminder: async (c) => void calls.push(`remind ${c.sessionId}`),
    requestNewDocument: async (c, a) => void calls.push(`document ${c.sessionId} ${a.documentId}`),
  };
  return { calls, react: createReactions(effects, inMemorySeenChanges()) };
}

describe('the example reactions (the CasaPay seed handler on Session Changed events)', () => {
  it('processes the result of a completed session once its outcome is final', async () => {
    const { calls, react } = recording();
    await react(
      event({
        status: 'completed',
        outcome: 'approved',
        final: true,
        changed: ['status', 'outcome', 'final'],
      }),
    );
    expect(calls).toEqual(['result vs_1 approved']);
  });

  it('sends a reminder for an expired session, and processes no result for it', async () => {
    const { calls, react } = recording();
    await react(
      event({
        status: 'expired',
        outcome: 'expired',
        final: true,
        changed: ['status', 'outcome', 'final', 'actions'],
        actions: [{ action: 'remind_applicant' }],
      }),
    );
    expect(calls).toEqual(['remind vs_1']);
  });

  it('requests a new document for a rejected one', async () => {
    const { calls, react } = recording();
    await react(
      event({
        changed: ['facts', 'actions'],
        actions: [
          {
            action: 'request_new_document',
            documentId: 'du_1',
            documentType: 'passport',
            reason: 'fraud_detected',
          },
        ],
      }),
    );
    expect(calls).toEqual(['document vs_1 du_1']);
  });

  it('handles a redelivered change once, and skips one older than a change already handled', async () => {
    const { calls, react } = recording();
    const done = event({
      version: 3,
      status: 'completed',
      outcome: 'declined',
      final: true,
      changed: ['outcome'],
    });
    expect(await react(done)).toEqual(['processed_result']);
    expect(await react(done)).toEqual([]);
    expect(
      await react(
        event({ version: 2, actions: [{ action: 'request_new_document', documentId: 'du_1' }] }),
      ),
    ).toEqual([]);
    expect(calls).toEqual(['result vs_1 declined']);
  });
});
