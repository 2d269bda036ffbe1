// CasaPay's rules with report retrieval: a completed session awaits its report, the report's
// verdict becomes the outcome, findings about another report or after the report settled are
// recorded and not applied, and without retrieval everything is as before.
import { describe, expect, it } from 'vitest';
import {
  type CasaPayFacts,
  casapayRules,
  casapayRulesWith,
} from '../../functions/providers/casapay/lifecycle.js';
import {
  type KeptReport,
  type RetrievalContext,
  reportAttemptedEvent,
  reportGaveUpEvent,
  reportRetrievalOffEvent,
  reportRetrievedEvent,
} from '../../functions/providers/casapay/report-events.js';
import { fold } from '../../functions/sessions/engine.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { casapayEvent as webhook } from '../support/session-events.js';

const awaiting = casapayRulesWith({ awaitReports: true });
const at = 1_706_140_800;

const completedWith = (report = 'vr_1', checks: ('passed' | 'failed' | 'inconclusive')[] = []) => [
  webhook('verification_session.created', { id: 'evt_1', at }),
  ...checks.map((status, i) =>
    webhook(`identity_check.${status}`, { id: `evt_c${i}`, at: at + 1, objectId: `idc_${i}` }),
  ),
  webhook('verification_session.completed', { id: 'evt_2', at: at + 2, report }),
];

const context = (attempt: number, reportId = 'vr_1'): RetrievalContext => ({
  sessionId: 'vs_1',
  reportId,
  attempt,
  at: new Date((at + 60 * attempt) * 1000),
  requestId: `msg-${attempt}`,
});

const report = (overrides: Partial<KeptReport> = {}): KeptReport => ({
  id: 'vr_1',
  status: 'completed',
  verified: true,
  selfieMatch: 0.97,
  documents: [{ id: 'du_1', documentType: 'passport', status: 'verified' }],
  checks: [{ id: 'idc_1', checkType: 'selfie_match', status: 'passed', score: 0.99 }],
  ...overrides,
});

const run = (events: SessionEvent[], rules = awaiting) => fold(rules, events);
const factsOf = (result: ReturnType<typeof run>) => result.state.facts as CasaPayFacts;
const reasonOf = (result: ReturnType<typeof run>, id: string) => {
  const entry = result.history.find((h) => h.eventId === id);
  return entry?.applied ? 'applied' : entry?.reason;
};

describe('CasaPay reports in the session', () => {
  it('awaits the report of a completed session: no outcome, not final, retrieval due', () => {
    const result = run(completedWith('vr_1', ['passed']));
    expect(result.summary).toMatchObject({ outcome: null, final: false });
    expect(factsOf(result).verificationReport).toEqual({
      id: 'vr_1',
      retrieval: 'due',
      attempts: 0,
      lastError: null,
      status: null,
      verified: null,
      selfieMatch: null,
      documents: [],
      checks: [],
      archiveKey: null,
      retrievedAt: null,
    });
  });

  it('keeps only ids, statuses, the verdict, scores and the archive key of a retrieved report', () => {
    const retrieved = reportRetrievedEvent(context(2), report(), 'casapay/vs_1/vr_1.json');
    expect(retrieved.eventId).toBe('report:vr_1:completed');
    const result = run([
      ...completedWith('vr_1', ['passed']),
      reportAttemptedEvent(context(1), { error: 'rate_limited' }),
      retrieved,
    ]);
    expect(result.summary).toMatchObject({ outcome: 'approved', final: true, actions: [] });
    expect(factsOf(result).verificationReport).toEqual({
      id: 'vr_1',
      retrieval: 'retrieved',
      attempts: 2,
      lastError: 'rate_limited',
      status: 'completed',
      verified: true,
      selfieMatch: 0.97,
      documents: [{ id: 'du_1', documentType: 'passport', status: 'verified' }],
      checks: [{ id: 'idc_1', checkType: 'selfie_match', status: 'passed', score: 0.99 }],
      archiveKey: 'casapay/vs_1/vr_1.json',
      retrievedAt: at + 120,
    });
  });

  it.each([
    ['verified, no failed check', report(), [], 'approved', true],
    ['not verified', report({ verified: false }), ['passed'], 'declined', true],
    ['verified, but a check failed (webhook)', report(), ['failed'], 'review', false],
    [
      'verified, but a check failed (report)',
      report({ checks: [{ id: 'idc_9', checkType: 'x', status: 'failed', score: 0.1 }] }),
      [],
      'review',
      false,
    ],
    ['no verdict in the report', report({ verified: null }), [], 'review', false],
    [
      'the report failed at CasaPay',
      report({ status: 'error', verified: null }),
      [],
      'review',
      false,
    ],
    ['inconclusive webhook check, verified report', report(), ['inconclusive'], 'approved', true],
  ] as const)('takes the outcome from the report: %s', (_, kept, checks, outcome, final) => {
    const result = run([
      ...completedWith('vr_1', [...checks]),
      reportRetrievedEvent(context(1), kept, undefined),
    ]);
    expect(result.summary).toMatchObject({ outcome, final });
  });

  it('goes to review when the retrieval gives up, and says why', () => {
    const result = run([
      ...completedWith('vr_1', ['passed']),
      reportAttemptedEvent(context(1), { reportStatus: 'pending' }),
      reportGaveUpEvent(context(2), 'report_not_final'),
    ]);
    expect(result.summary).toMatchObject({ outcome: 'review', final: false });
    expect(factsOf(result).verificationReport).toMatchObject({
      retrieval: 'gave_up',
      attempts: 2,
      lastError: 'report_not_final',
      status: 'pending',
    });
  });

  it('falls back to the checks when retrieval is off (no API key), as without reports', () => {
    const result = run([...completedWith('vr_1', ['passed']), reportRetrievalOffEvent(context(0))]);
    expect(result.summary).toMatchObject({ outcome: 'approved', final: true });
    expect(factsOf(result).verificationReport).toMatchObject({
      retrieval: 'off',
      attempts: 0,
      lastError: 'no_api_key',
    });
    // A key added later: the next attempt takes over.
    const later = run([
      ...completedWith('vr_1', ['passed']),
      reportRetrievalOffEvent(context(0)),
      reportRetrievedEvent(context(1), report({ verified: false }), undefined),
    ]);
    expect(later.summary).toMatchObject({ outcome: 'declined', final: true });
  });

  it('shows a retrieval under way: attempts, the last error, the status seen', () => {
    const result = run([
      ...completedWith(),
      reportAttemptedEvent(context(2), { error: 'server_error' }),
      reportAttemptedEvent(context(1), { reportStatus: 'processing' }),
    ]);
    expect(factsOf(result).verificationReport).toMatchObject({
      retrieval: 'retrying',
      attempts: 2,
      lastError: 'server_error',
      status: 'processing',
    });
    expect(result.summary).toMatchObject({ outcome: null, final: false });
  });

  it('records, without applying, a finding about a report the session no longer names', () => {
    const stale = reportRetrievedEvent(context(1, 'vr_old'), report({ id: 'vr_old' }), undefined);
    const result = run([
      ...completedWith('vr_old'),
      stale,
      webhook('verification_report.ready', { id: 'evt_9', at: at + 9, objectId: 'vr_new' }),
    ]);
    expect(factsOf(result).report).toBe('vr_new');
    expect(factsOf(result).verificationReport).toMatchObject({ id: 'vr_new', retrieval: 'due' });
    expect(reasonOf(result, stale.eventId)).toBe('report_superseded');
  });

  it('lets the first settling finding win; later ones are recorded as settled', () => {
    const first = reportRetrievedEvent(context(1), report(), undefined);
    const second = reportRetrievedEvent(context(2), report({ status: 'error' }), undefined);
    const after = reportAttemptedEvent(context(3), { error: 'timeout' });
    const result = run([after, second, ...completedWith(), first]);
    expect(factsOf(result).verificationReport).toMatchObject({ status: 'completed', attempts: 1 });
    expect(reasonOf(result, second.eventId)).toBe('report_settled');
    expect(reasonOf(result, after.eventId)).toBe('report_settled');
  });

  it('folds findings after every webhook, whatever their times say', () => {
    // A retrieval time before the webhooks' (a skewed clock) changes nothing.
    const early = reportRetrievedEvent(
      { ...context(1), at: new Date((at - 3_600) * 1000) },
      report(),
      undefined,
    );
    const result = run([early, ...completedWith()]);
    expect(result.history.at(-1)?.eventId).toBe(early.eventId);
    expect(result.summary.outcome).toBe('approved');
    // And the session still began when CasaPay says, not at the retrieval.
    expect(result.summary.providerCreatedAt).toBe(at * 1000);
  });

  it('does not take a webhook that merely looks like a finding for one', () => {
    const forged = webhook('report.retrieved', { id: 'evt_forged', at: at + 5 });
    const result = run([...completedWith(), forged]);
    expect(reasonOf(result, 'evt_forged')).toBe('unknown_event_type');
    expect(factsOf(result).verificationReport?.retrieval).toBe('due');
  });

  it('without retrieval: no report facts, and the checks decide as before', () => {
    const result = run(completedWith('vr_1', ['passed']), casapayRules);
    expect(factsOf(result)).not.toHaveProperty('verificationReport');
    expect(result.summary).toMatchObject({ outcome: 'approved', final: true });
    // A finding recorded before retrieval was switched off still counts.
    const recorded = run(
      [
        ...completedWith('vr_1', ['passed']),
        reportRetrievedEvent(context(1), report({ verified: false }), undefined),
      ],
      casapayRules,
    );
    expect(recorded.summary).toMatchObject({ outcome: 'declined', final: true });
  });

  it('keeps the report of an expired session as a fact, and its outcome expired', () => {
    const result = run([
      webhook('verification_session.expired', { id: 'evt_x', at, report: 'vr_1' }),
      reportRetrievedEvent(context(1), report(), undefined),
    ]);
    expect(result.summary).toMatchObject({ outcome: 'expired', final: true });
    expect(factsOf(result).verificationReport?.retrieval).toBe('retrieved');
  });
});
