// Realistic webhook payloads for every event type of both provider documents, built the way each
// provider shapes them (see ../shared/seeds). Used by `npm run send` and by the tests.
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
        ...(status === 'rejected' ? { rejection_reason: 'fraud_detected' } : {}),
      };
    default:
      return {
        id: objectId ?? `ic_${suffix(session, 'check')}`,
        object,
        verification_session: session,
        check_type: 'document_authenticity',
        status,
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

export const newCasaPaySessionId = () => `vs_${randomBytes(6).toString('hex')}`;
export const newVeriffSessionId = () => randomUUID();
