// Session Changed details for tests of what consumes them (the forwarder, the bus adapter, the
// example reactions): a plausible change, with the fields a test cares about overridden.
import type { SessionChangeDetail } from '../../functions/reactions/session-change.js';

export function changeDetail(overrides: Partial<SessionChangeDetail> = {}): SessionChangeDetail {
  return {
    schemaVersion: 1,
    changeId: 'chg_0123456789abcdef0123456789abcdef',
    provider: 'casapay',
    sessionId: 'vs_1',
    version: 2,
    previousVersion: 1,
    changed: ['status'],
    status: 'pending',
    previousStatus: 'created',
    outcome: null,
    previousOutcome: null,
    final: false,
    actions: [],
    facts: {},
    eventIds: ['evt_2'],
    providerCreatedAt: null,
    committedAt: '2026-11-24T12:00:00.000Z',
    ...overrides,
  };
}
