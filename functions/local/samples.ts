// Realistic webhook payloads for every event type of both provider documents, built the way each
// provider shapes them (see ../shared/seeds and docs/providers.md), personal data included so that
// the tests can prove none of it is kept. Used by `npm run send`, its scenarios and the tests.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const CASAPAY_EVENT_TYPES = [
  'verification_session.created',
  'verification_session.pending',
  'verification_session.processing',
  'verification_session.completed',
  'verification_session.expired',
  'verification_session.failed',
  'verification_report.ready',
  'document_upload.processed',
  'document_upload.rejected',
  'identity_check.passed',
  'identity_check.failed',
  // Not in the seed's list, but a documented check status (docs/providers.md).
  'identity_check.inconclusive',
] as const;

export type CasaPayEventType = (typeof CASAPAY_EVENT_TYPES)[number];

export interface CasaPaySampleOptions {
  readonly session: string;
  /** Unix seconds; CasaPay's `created`. */
  readonly created: number;
  readonly eventId?: string;
  /** The document, check or report the event is about; derived from the session when omitted. */
  readonly objectId?: string;
}

const suffix = (session: string, kind: string) =>
  createHash('sha256').update(`${kind}:${session}`).digest('hex').slice(0, 12);

/** The report id a session's samples use, so that `completed` and `report.ready` agree. */
export const casapayReportId = (session: string) => `vr_${suffix(session, 'report')}`;

function casapayObject(type: CasaPayEventType, session: string, objectId: string | undefined) {
  const [object = '', status = ''] = type.split('.');
  switch (object) {
    case 'verification_session':
      return {
        id: session,
        object,
        status,
        applicant: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com' },
        ...(status === 'completed' ? { report: casapayReportId(session) } : {}),
        products: ['identity', 'income', 'credit', 'cash_flow'],
        metadata: { applicant_reference: 'tenant-8812' },
      };
    case 'verification_report':
      return {
        id: objectId ?? casapayReportId(session),
        object,
        verification_session: session,
        status,
      };
    case 'document_upload':
      return {
        id: objectId ?? `du_${suffix(session, 'document')}`,
        object,
        verification_session: session,
        document_type: 'passport',
        status,
        ...(status === 'rejected'
          ? { rejection_reason: 'fraud_detected', irregularity_detection: { status: 'fraudulent' } }
          : { irregularity_detection: { status: 'clear' } }),
      };
    default:
      return {
        id: objectId ?? `ic_${suffix(session, 'check')}`,
        object,
        verification_session: session,
        check_type: 'document_verification',
        status,
        result: { document_number: 'X1234567', full_name: 'Jane Doe' },
      };
  }
}

/** A CasaPay event envelope as in the "Event Object" section of the CasaPay document. */
export function casapaySample(type: CasaPayEventType, options: CasaPaySampleOptions): string {
  return JSON.stringify({
    id: options.eventId ?? `evt_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type,
    data: { object: casapayObject(type, options.session, options.objectId) },
    created: options.created,
    livemode: false,
  });
}

/** Veriff's event codes and the `context` its web flow sends with them (Veriff's events table). */
export const VERIFF_EVENTS = {
  started: { code: 7001 },
  submitted: { code: 7002 },
  waiting_complete: { code: 7007, context: { reason: 'final_decision_received' } },
  waiting_continued: {
    code: 7008,
    context: { reason: 'continue_clicked', state: 'waiting_decision_screen_shown' },
  },
  flow_finished: {
    code: 7009,
    context: { reason: 'finished_screen_confirmed_clicked', state: 'finished_screen_shown' },
  },
  flow_cancelled: {
    code: 7010,
    context: { reason: 'quit_session_confirmed', state: 'camera_access_blocked_screen_shown' },
  },
  document_type_other_selected: { code: 7011 },
} as const;

export type VeriffAction = keyof typeof VERIFF_EVENTS;

export interface VeriffSampleOptions {
  readonly session: string;
  /** Defaults to an attempt derived from the session, so a session's samples share one attempt. */
  readonly attemptId?: string;
}

/** A UUID-shaped id derived from `seed`, so repeated runs of `send` refer to the same attempt. */
function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A Veriff event webhook as in the samples of the Veriff document. */
export function veriffSample(action: VeriffAction, options: VeriffSampleOptions): string {
  const { code, ...rest } = VERIFF_EVENTS[action];
  return JSON.stringify({
    id: options.session,
    attemptId: options.attemptId ?? uuidFrom(`attempt:${options.session}`),
    feature: 'selfid',
    code,
    action,
    ...rest,
    vendorData: 'QWE123',
    endUserId: uuidFrom(`end-user:${options.session}`),
  });
}

/** Veriff's decision statuses and the codes its status table gives them. */
export const VERIFF_DECISIONS = {
  approved: { code: 9001 },
  declined: { code: 9102, reason: 'Suspected document tampering', reasonCode: 102 },
  resubmission_requested: { code: 9103, reason: 'Video and/or photos missing', reasonCode: 201 },
  review: { code: 9121 },
  expired: { code: 9104 },
  abandoned: { code: 9104 },
} as const;

export type VeriffDecisionStatus = keyof typeof VERIFF_DECISIONS;

export interface VeriffDecisionSampleOptions extends VeriffSampleOptions {
  /** Veriff's `decisionTime`; defaults to now. */
  readonly decisionTime?: Date;
  /** Veriff's `acceptanceTime`; defaults to five minutes before the decision. */
  readonly acceptanceTime?: Date;
}

/** The personal data a decision carries (names, document, IP): never kept, never logged. */
export const DECISION_PII = {
  firstName: 'SARAH',
  lastName: 'MORGAN',
  dateOfBirth: '1967-03-30',
  documentNumber: 'MORGA753116SM9IJ',
  ip: '186.153.67.122',
} as const;

/**
 * A Veriff decision webhook as Veriff's decision-webhook page describes it: `verification` with
 * the decision, the person and the document, and `technicalData`.
 */
export function veriffDecisionSample(
  status: VeriffDecisionStatus,
  options: VeriffDecisionSampleOptions,
): string {
  const { code, ...reasons } = { reason: null, reasonCode: null, ...VERIFF_DECISIONS[status] };
  const decisionTime = options.decisionTime ?? new Date();
  const reachedDocument = status !== 'expired' && status !== 'abandoned';
  return JSON.stringify({
    status: 'success',
    verification: {
      id: options.session,
      attemptId: options.attemptId ?? uuidFrom(`attempt:${options.session}`),
      vendorData: 'QWE123',
      endUserId: uuidFrom(`end-user:${options.session}`),
      status,
      code,
      ...reasons,
      decisionTime: decisionTime.toISOString(),
      acceptanceTime: (
        options.acceptanceTime ?? new Date(decisionTime.getTime() - 5 * 60_000)
      ).toISOString(),
      person: reachedDocument
        ? {
            firstName: DECISION_PII.firstName,
            lastName: DECISION_PII.lastName,
            dateOfBirth: DECISION_PII.dateOfBirth,
            gender: null,
            idNumber: null,
            nationality: 'GB',
            placeOfBirth: 'MADRID',
          }
        : null,
      document: reachedDocument
        ? {
            number: DECISION_PII.documentNumber,
            type: 'DRIVERS_LICENSE',
            country: 'GB',
            validFrom: null,
            validUntil: '2031-04-20',
          }
        : null,
      riskLabels:
        status === 'declined'
          ? [
              {
                label: 'document_integration_level_crosslinked_with_fraud',
                category: 'document',
                sessionIds: [uuidFrom(`other:${options.session}`)],
              },
            ]
          : [],
      additionalVerifiedData: {},
      comments: [],
      highRisk: status === 'declined',
    },
    technicalData: { ip: DECISION_PII.ip },
  });
}

export const newCasaPaySessionId = () => `vs_${randomBytes(6).toString('hex')}`;
export const newVeriffSessionId = () => randomUUID();
