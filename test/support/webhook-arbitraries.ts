// fast-check generators of provider webhooks as they arrive on the queue: the raw JSON body, and
// next to it the session event the documents say it stands for (built from the generated fields,
// not by the parser, so that the parser is under test too).

import type { SQSRecord } from 'aws-lambda';
import fc from 'fast-check';
import { CASAPAY_EVENT_TYPES } from '../../functions/local/samples.js';
import {
  VERIFF_ACTIONS,
  veriffDecisionId,
  veriffEventId,
} from '../../functions/providers/veriff/events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { redeliveredBatches, VERIFF_DECISION_STATUSES } from './arbitraries.js';
import { sqsRecord } from './sqs-records.js';

export interface GeneratedWebhook {
  readonly provider: 'casapay' | 'veriff';
  readonly body: string;
  readonly event: SessionEvent;
}

const RECEIVED_AT = 1_790_000_000_000;

export const casapayWebhook = (sessions: readonly string[]) =>
  fc
    .record({
      id: fc.stringMatching(/^evt_[0-9a-f]{12}$/),
      type: fc.constantFrom(
        ...CASAPAY_EVENT_TYPES,
        'verification_session.requires_input',
        'payout.created',
      ),
      created: fc.integer({ min: 1_700_000_000, max: 1_700_000_006 }),
      session: fc.constantFrom(...sessions),
      objectId: fc.constantFrom('du_1', 'du_2', 'ic_1', 'vr_1', 'vr_2'),
      report: fc.option(fc.constantFrom('vr_1', 'vr_2'), { nil: undefined }),
      code: fc.option(fc.constantFrom('passport', 'selfie_match'), { nil: undefined }),
      expanded: fc.boolean(),
      extra: fc.dictionary(
        fc.constantFrom('livemode', 'api_version', 'request', 'x_new'),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    })
    .map((g): GeneratedWebhook => {
      const object = g.type.slice(0, g.type.lastIndexOf('.'));
      const isSession = object === 'verification_session';
      const [codes, detailCodes] =
        g.code === undefined
          ? [{}, {}]
          : object === 'document_upload'
            ? [
                { document_type: g.code, rejection_reason: 'fraud_detected' },
                { documentType: g.code, rejectionReason: 'fraud_detected' },
              ]
            : object === 'identity_check'
              ? [{ check_type: g.code }, { checkType: g.code }]
              : [{}, {}];
      const dataObject = isSession
        ? {
            id: g.session,
            object,
            status: g.type.split('.')[1],
            applicant: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com' },
            ...(g.report ? { report: g.report } : {}),
          }
        : {
            id: g.objectId,
            object,
            verification_session: g.expanded
              ? { id: g.session, object: 'verification_session' }
              : g.session,
            ...codes,
          };
      const body = JSON.stringify({
        ...g.extra,
        id: g.id,
        object: 'event',
        type: g.type,
        data: { object: dataObject },
        created: g.created,
      });
      return {
        provider: 'casapay',
        body,
        event: {
          eventId: g.id,
          sessionId: g.session,
          type: g.type,
          occurredAt: g.created,
          receivedAt: RECEIVED_AT,
          requestId: '',
          detail: {
            object,
            objectId: isSession ? g.session : g.objectId,
            ...(isSession && g.report ? { report: g.report } : {}),
            ...detailCodes,
          },
        },
      };
    });

export const veriffWebhook = (
  sessions: readonly string[],
  attempts: readonly (string | null)[] = ['a-1', 'a-2', null],
) =>
  fc
    .record({
      session: fc.constantFrom(...sessions),
      attemptId: fc.constantFrom(...attempts),
      code: fc.constantFrom(7001, 7002, 7007, 7008, 7009, 7010, 7011, 7050),
      reason: fc.constantFrom(null, 'quit_session_confirmed', 'final_decision_received'),
      state: fc.constantFrom(null, 'finished_screen_shown'),
      vendorData: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: null }),
    })
    .map((g): GeneratedWebhook => {
      const action = VERIFF_ACTIONS[g.code] ?? 'selfie_retaken';
      const context =
        g.reason === null && g.state === null
          ? {}
          : { context: { reason: g.reason, state: g.state } };
      const body = JSON.stringify({
        id: g.session,
        attemptId: g.attemptId,
        feature: 'selfid',
        code: g.code,
        action,
        ...context,
        vendorData: g.vendorData,
        endUserId: null,
      });
      return {
        provider: 'veriff',
        body,
        event: {
          eventId: veriffEventId({
            sessionId: g.session,
            attemptId: g.attemptId,
            code: g.code,
            action,
            reason: g.reason,
            state: g.state,
          }),
          sessionId: g.session,
          type: action,
          receivedAt: RECEIVED_AT,
          requestId: '',
          detail: {
            code: g.code,
            attemptId: g.attemptId,
            ...(g.reason === null ? {} : { reason: g.reason }),
            ...(g.state === null ? {} : { state: g.state }),
            ...(g.vendorData === null ? {} : { vendorData: g.vendorData }),
          },
        },
      };
    });

/** Veriff decision webhooks, personal data included, as Veriff's decision webhook sends them. */
export const veriffDecisionWebhook = (
  sessions: readonly string[],
  attempts: readonly (string | null)[] = ['a-1', 'a-2', null],
) =>
  fc
    .record({
      session: fc.constantFrom(...sessions),
      attemptId: fc.constantFrom(...attempts),
      status: fc.constantFrom(...VERIFF_DECISION_STATUSES),
      decisionTime: fc.constantFrom(null, '2026-11-24T12:00:00.000Z', '2026-11-24T12:30:00.000Z'),
      reasonCode: fc.constantFrom(null, 102, 201),
    })
    .map((g): GeneratedWebhook => {
      const body = JSON.stringify({
        status: 'success',
        verification: {
          id: g.session,
          attemptId: g.attemptId,
          status: g.status,
          code: 9001,
          reason: null,
          reasonCode: g.reasonCode,
          decisionTime: g.decisionTime,
          vendorData: null,
          person: { firstName: 'SARAH', lastName: 'MORGAN', dateOfBirth: '1967-03-30' },
          document: { number: 'MORGA753116SM9IJ', type: 'DRIVERS_LICENSE' },
        },
        technicalData: { ip: '186.153.67.122' },
      });
      const { session: sessionId, attemptId, status, reasonCode, decisionTime } = g;
      return {
        provider: 'veriff',
        body,
        event: {
          eventId: veriffDecisionId({
            sessionId,
            attemptId,
            status,
            code: 9001,
            reasonCode,
            decisionTime,
          }),
          sessionId,
          type: `decision.${status}`,
          receivedAt: RECEIVED_AT,
          requestId: '',
          detail: {
            attemptId,
            status,
            code: 9001,
            ...(reasonCode === null ? {} : { reasonCode }),
            ...(decisionTime === null ? {} : { decisionTime }),
          },
        },
      };
    });

const VERIFF_SESSIONS = [
  '11111111-aaaa-4aaa-8aaa-111111111111',
  '22222222-bbbb-4bbb-8bbb-222222222222',
];

/** Distinct webhooks of both providers over a few sessions each, Veriff decisions among them. */
export const webhookSets = (maxLength = 16): fc.Arbitrary<GeneratedWebhook[]> =>
  fc.uniqueArray(
    fc.oneof(
      casapayWebhook(['vs_a', 'vs_b']),
      veriffWebhook(VERIFF_SESSIONS),
      veriffDecisionWebhook(VERIFF_SESSIONS),
    ),
    {
      selector: (w) => `${w.provider}#${w.event.eventId}`,
      maxLength,
    },
  );

/** SQS batches (of at most 10) delivering every webhook at least once, in any order. */
export const batchesOf = (webhooks: readonly GeneratedWebhook[]): fc.Arbitrary<SQSRecord[][]> =>
  redeliveredBatches(webhooks, 10).map((batches) => {
    let delivery = 0;
    return batches.map((batch) =>
      batch.map((w) =>
        sqsRecord({
          provider: w.provider,
          body: w.body,
          receivedAt: RECEIVED_AT,
          requestId: `req-${delivery++}`,
        }),
      ),
    );
  });

/**
 * What the report fetcher records in a CasaPay session (docs/reports.md): findings about report
 * vr_1 or vr_2, of every kind, with the derived ids the fetcher gives them.
 */
export const casapayFinding = (sessions: readonly string[]): fc.Arbitrary<SessionEvent> =>
  fc
    .record({
      session: fc.constantFrom(...sessions),
      // Mostly the report a session names (vr_1 in report-convergence), sometimes a stale one.
      reportId: fc.constantFrom('vr_1', 'vr_1', 'vr_2'),
      kind: fc.constantFrom('off', 'attempted', 'attempted', 'retrieved', 'retrieved', 'gave_up'),
      attempt: fc.integer({ min: 1, max: 3 }),
      finalStatus: fc.constantFrom('completed', 'error'),
      pendingStatus: fc.option(fc.constantFrom('pending', 'processing'), { nil: undefined }),
      error: fc.constantFrom('rate_limited', 'server_error', 'timeout', 'unauthorized'),
      verified: fc.constantFrom(true, false, null),
      check: fc.option(fc.constantFrom('passed', 'failed'), { nil: undefined }),
      at: fc.integer({ min: 1_700_000_000, max: 1_700_000_100 }),
    })
    .map((g): SessionEvent => {
      const attempt = g.kind === 'off' ? 0 : g.attempt;
      const [suffix, type, detail]: [string, string, Record<string, unknown>] =
        g.kind === 'off'
          ? ['retrieval_off', 'report.retrieval_off', { error: 'no_api_key' }]
          : g.kind === 'attempted'
            ? [
                `attempt:${attempt}`,
                'report.attempted',
                g.pendingStatus ? { reportStatus: g.pendingStatus } : { error: g.error },
              ]
            : g.kind === 'gave_up'
              ? ['gave_up', 'report.gave_up', { error: g.error }]
              : [
                  g.finalStatus,
                  'report.retrieved',
                  {
                    reportStatus: g.finalStatus,
                    verified: g.verified,
                    selfieMatch: 0.5,
                    documents: [{ id: 'du_1', documentType: 'passport', status: 'verified' }],
                    checks: g.check
                      ? [{ id: 'idc_9', checkType: 'selfie_match', status: g.check, score: 0.7 }]
                      : [],
                  },
                ];
      return {
        eventId: `report:${g.reportId}:${suffix}`,
        sessionId: g.session,
        type,
        occurredAt: g.at,
        receivedAt: RECEIVED_AT,
        requestId: `msg-${g.at}`,
        detail: { reportId: g.reportId, attempt, ...detail } as SessionEvent['detail'],
      };
    });
