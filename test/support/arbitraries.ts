// fast-check generators of realistic event sets for one session, per provider.
import fc from 'fast-check';
import { CASAPAY_EVENT_TYPES, VERIFF_DECISIONS } from '../../functions/local/samples.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { casapayEvent, veriffDecision, veriffEvent } from './session-events.js';

/** CasaPay events with colliding times (ties are the hard case), unknown types among them. */
export const casapayEvents = (session = 'vs_1'): fc.Arbitrary<SessionEvent[]> =>
  fc
    .uniqueArray(
      fc.record({
        id: fc.stringMatching(/^evt_[0-9a-f]{6}$/),
        type: fc.constantFrom(
          ...CASAPAY_EVENT_TYPES,
          'verification_session.requires_input',
          'payout.created',
        ),
        at: fc.integer({ min: 1_700_000_000, max: 1_700_000_008 }),
        objectId: fc.constantFrom('du_1', 'du_2', 'ic_1', 'vr_1'),
        report: fc.option(fc.constantFrom('vr_1', 'vr_2'), { nil: undefined }),
        documentType: fc.option(fc.constantFrom('passport', 'utility_bill'), { nil: undefined }),
        checkType: fc.option(fc.constantFrom('selfie_match'), { nil: undefined }),
      }),
      { selector: (e) => e.id, maxLength: 14 },
    )
    .map((list) =>
      list.map((e) =>
        casapayEvent(e.type, {
          id: e.id,
          at: e.at,
          session,
          ...(e.type.startsWith('verification_session.') ? {} : { objectId: e.objectId }),
          ...(e.report ? { report: e.report } : {}),
          ...(e.type.startsWith('document_upload.') && e.documentType
            ? { documentType: e.documentType, rejectionReason: 'fraud_detected' }
            : {}),
          ...(e.type.startsWith('identity_check.') && e.checkType
            ? { checkType: e.checkType }
            : {}),
        }),
      ),
    );

/** Decision statuses a generated Veriff session may receive, one Veriff does not document among them. */
export const VERIFF_DECISION_STATUSES = [...Object.keys(VERIFF_DECISIONS), 'escalated'];

/**
 * Veriff events and decisions over a few attempts, with and without web-flow context, decision
 * times that collide or are missing, unknown codes and statuses among them.
 */
export const veriffEvents = (
  session = 'f04bdb47-d3be-4b28-b028-a652feb060b5',
): fc.Arbitrary<SessionEvent[]> =>
  fc.uniqueArray(
    fc.oneof(
      fc
        .record({
          code: fc.constantFrom(7001, 7002, 7007, 7008, 7009, 7010, 7011, 7050),
          attemptId: fc.constantFrom('a-1', 'a-2', null),
          reason: fc.constantFrom(null, 'quit_session_confirmed', 'final_decision_received'),
          state: fc.constantFrom(null, 'finished_screen_shown'),
          vendorData: fc.option(fc.constantFrom('v-1', 'v-2'), { nil: undefined }),
        })
        .map(({ vendorData, ...e }) =>
          veriffEvent(e.code, { session, ...e, ...(vendorData ? { vendorData } : {}) }),
        ),
      fc
        .record({
          status: fc.constantFrom(...VERIFF_DECISION_STATUSES),
          attemptId: fc.constantFrom('a-1', 'a-2', 'a-3', null),
          at: fc.constantFrom(
            null,
            '2026-11-24T12:00:00Z',
            '2026-11-24T12:05:00Z',
            '2026-11-24T13:00:00Z',
          ),
          reasonCode: fc.option(fc.constantFrom(102, 201), { nil: undefined }),
          acceptanceTime: fc.option(fc.constantFrom('2026-11-24T11:00:00.000Z'), {
            nil: undefined,
          }),
        })
        .map(({ status, reasonCode, acceptanceTime, ...e }) =>
          veriffDecision(status, {
            session,
            ...e,
            ...(reasonCode ? { reasonCode } : {}),
            ...(acceptanceTime ? { acceptanceTime } : {}),
          }),
        ),
    ),
    { selector: (e) => e.eventId, maxLength: 14 },
  );

/**
 * The same items delivered at least once each, in any order, some several times (as SQS
 * redeliveries and provider retries do), cut into batches of 1 to `maxBatch`.
 */
export function redeliveredBatches<T>(items: readonly T[], maxBatch: number): fc.Arbitrary<T[][]> {
  if (items.length === 0) return fc.constant([]);
  return fc
    .tuple(
      fc.array(fc.nat(items.length - 1), { maxLength: items.length * 2 }),
      fc.array(fc.integer({ min: 1, max: maxBatch }), {
        minLength: items.length * 3,
        maxLength: items.length * 3,
      }),
    )
    .chain(([repeats, sizes]) => {
      const all = [...items, ...repeats.map((i) => items[i] as T)];
      return fc
        .shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
        .map((order) => {
          const batches: T[][] = [];
          for (let start = 0, i = 0; start < order.length; i++) {
            const size = sizes[i] ?? 1;
            batches.push(order.slice(start, start + size));
            start += size;
          }
          return batches;
        });
    });
}

/** A session's events delivered in any order, some several times, in batches of up to 4. */
export const deliveries = (events: SessionEvent[]): fc.Arbitrary<SessionEvent[][]> =>
  redeliveredBatches(events, 4);

/**
 * The `{provider}` of a request as a careless or hostile caller writes it, decoded: the real ones
 * mostly, then prototype keys, case and path tricks, an unknown name, and random text.
 */
export const providerNames: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('casapay', 'veriff') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'hasOwnProperty',
      '',
      'CASAPAY',
      '../veriff',
      'a/b',
      'veriff%00',
      'veriff\u0000',
      'acme',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
