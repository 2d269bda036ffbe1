// Realistic webhook payloads for every event type of every provider, built the way each provider
// shapes them (the seeds in ../shared/seeds, and each provider's public documentation, see
// docs/providers.md), personal data included so that the tests can prove none of it is kept.
// Used by `npm run send`, its scenarios, the smoke test and the tests.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { StandardWebhooksSourceConfig } from '../providers/standard-webhooks/sources.js';

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

// --- Stripe Identity ----------------------------------------------------------------------------

/** The event types of a VerificationSession (Stripe's API reference, "Events"). */
export const STRIPE_IDENTITY_EVENT_TYPES = [
  'identity.verification_session.created',
  'identity.verification_session.processing',
  'identity.verification_session.requires_input',
  'identity.verification_session.verified',
  'identity.verification_session.canceled',
  'identity.verification_session.redacted',
] as const;

export type StripeIdentityEventType = (typeof STRIPE_IDENTITY_EVENT_TYPES)[number];

/** The verified outputs of a session (Stripe's documentation's test person): never kept. */
export const STRIPE_IDENTITY_PII = {
  firstName: 'Jenny',
  lastName: 'Rosen',
  line1: '354 Oyster Point Blvd',
  idNumber: '999-88-7777',
} as const;

export interface StripeIdentitySampleOptions {
  readonly session: string;
  /** Unix seconds; the event's `created`. */
  readonly created: number;
  readonly eventId?: string;
  /** `last_error.code` of a `requires_input` after a failed check. */
  readonly lastError?: string;
}

const STRIPE_STATUS: Readonly<Record<StripeIdentityEventType, string>> = {
  'identity.verification_session.created': 'requires_input',
  'identity.verification_session.processing': 'processing',
  'identity.verification_session.requires_input': 'requires_input',
  'identity.verification_session.verified': 'verified',
  'identity.verification_session.canceled': 'canceled',
  'identity.verification_session.redacted': 'verified',
};

/** A Stripe Event about an Identity VerificationSession, as Stripe's API reference shows one. */
export function stripeIdentitySample(
  type: StripeIdentityEventType,
  options: StripeIdentitySampleOptions,
): string {
  const { session, created } = options;
  const verified = type.endsWith('.verified');
  const failed = type.endsWith('.requires_input');
  const lastError = options.lastError ?? 'document_unverified_other';
  return JSON.stringify({
    id: options.eventId ?? `evt_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2024-06-20',
    created,
    data: {
      object: {
        id: session,
        object: 'identity.verification_session',
        client_reference_id: 'tenant-8812',
        client_secret: null,
        created: created - 60,
        last_error: failed
          ? { code: lastError, reason: 'The document could not be verified.' }
          : null,
        last_verification_report: verified ? `vr_${suffix(session, 'stripe-report')}` : null,
        livemode: false,
        metadata: { email: 'jenny.rosen@example.com' },
        options: { document: { require_matching_selfie: true } },
        redaction: type.endsWith('.redacted') ? { status: 'redacted' } : null,
        status: STRIPE_STATUS[type],
        type: 'document',
        url: null,
        verified_outputs: verified
          ? {
              first_name: STRIPE_IDENTITY_PII.firstName,
              last_name: STRIPE_IDENTITY_PII.lastName,
              address: { line1: STRIPE_IDENTITY_PII.line1, city: 'South San Francisco' },
              dob: { day: 1, month: 1, year: 1901 },
              id_number: STRIPE_IDENTITY_PII.idNumber,
              id_number_type: 'us_ssn',
            }
          : null,
      },
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

export const newStripeIdentitySessionId = () => `vs_${randomBytes(12).toString('hex')}`;

// --- Persona ------------------------------------------------------------------------------------

/** The inquiry events of Persona's webhook documentation. */
export const PERSONA_EVENT_NAMES = [
  'inquiry.created',
  'inquiry.started',
  'inquiry.completed',
  'inquiry.failed',
  'inquiry.expired',
  'inquiry.marked-for-review',
  'inquiry.approved',
  'inquiry.declined',
] as const;

export type PersonaEventName = (typeof PERSONA_EVENT_NAMES)[number];

/** The individual of Persona's documentation examples: never kept. */
export const PERSONA_PII = {
  firstName: 'Alexander',
  lastName: 'Sample',
  birthdate: '1977-07-17',
  email: 'alexander.sample@example.com',
} as const;

const PERSONA_STATUS: Readonly<Record<PersonaEventName, string>> = {
  'inquiry.created': 'created',
  'inquiry.started': 'pending',
  'inquiry.completed': 'completed',
  'inquiry.failed': 'failed',
  'inquiry.expired': 'expired',
  'inquiry.marked-for-review': 'needs_review',
  'inquiry.approved': 'approved',
  'inquiry.declined': 'declined',
};

export interface PersonaSampleOptions {
  readonly session: string;
  /** The event's `created-at`. */
  readonly createdAt: Date;
  readonly eventId?: string;
}

/** A Persona webhook: a JSON:API `event` whose payload is the inquiry (Persona's webhook docs). */
export function personaSample(name: PersonaEventName, options: PersonaSampleOptions): string {
  const at = options.createdAt.toISOString();
  return JSON.stringify({
    data: {
      type: 'event',
      id: options.eventId ?? `evt_${randomBytes(12).toString('hex')}`,
      attributes: {
        name,
        payload: {
          data: {
            type: 'inquiry',
            id: options.session,
            attributes: {
              status: PERSONA_STATUS[name],
              'reference-id': 'tenant-8812',
              'name-first': PERSONA_PII.firstName,
              'name-middle': 'J',
              'name-last': PERSONA_PII.lastName,
              birthdate: PERSONA_PII.birthdate,
              'email-address': PERSONA_PII.email,
              'address-street-1': '123 Main St',
              'created-at': new Date(options.createdAt.getTime() - 600_000).toISOString(),
              fields: { 'name-first': { type: 'string', value: PERSONA_PII.firstName } },
            },
            relationships: {
              template: { data: { type: 'template', id: 'itmpl_z2so7W2bCFHELp2dhxqqQjGy' } },
            },
          },
          included: [],
        },
        'created-at': at,
      },
    },
  });
}

export const newPersonaSessionId = () => `inq_${randomBytes(12).toString('hex')}`;

// --- Sumsub -------------------------------------------------------------------------------------

/**
 * Sumsub's applicant webhooks, the review ones by their result: GREEN, RED with RETRY (the
 * applicant may try again) or RED with FINAL.
 */
export const SUMSUB_EVENTS = {
  applicantCreated: { type: 'applicantCreated', reviewStatus: 'init' },
  applicantPending: { type: 'applicantPending', reviewStatus: 'pending' },
  applicantOnHold: { type: 'applicantOnHold', reviewStatus: 'onHold' },
  applicantReset: { type: 'applicantReset', reviewStatus: 'init' },
  'applicantReviewed.green': {
    type: 'applicantReviewed',
    reviewStatus: 'completed',
    reviewResult: { reviewAnswer: 'GREEN' },
  },
  'applicantReviewed.red-retry': {
    type: 'applicantReviewed',
    reviewStatus: 'completed',
    reviewResult: {
      reviewAnswer: 'RED',
      reviewRejectType: 'RETRY',
      rejectLabels: ['UNSATISFACTORY_PHOTOS', 'SCREENSHOTS'],
      moderationComment: 'We do not accept screenshots. Please upload an original photo.',
    },
  },
  'applicantReviewed.red-final': {
    type: 'applicantReviewed',
    reviewStatus: 'completed',
    reviewResult: {
      reviewAnswer: 'RED',
      reviewRejectType: 'FINAL',
      rejectLabels: ['FORGERY'],
    },
  },
} as const;

export type SumsubEvent = keyof typeof SUMSUB_EVENTS;

/**
 * What a reviewer may write in `clientComment` ("may contain private information"): never kept.
 * Sumsub's webhooks carry no other personal data.
 */
export const SUMSUB_PII = { name: 'MARTA KOWALSKA', birthdate: '1985-02-11' } as const;

export interface SumsubSampleOptions {
  readonly session: string;
  /** `createdAtMs`. */
  readonly createdAt: Date;
}

/** `yyyy-MM-dd HH:mm:ss.fff` in UTC, as Sumsub writes `createdAtMs`. */
const sumsubTime = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');

/** A Sumsub applicant webhook, as its "User verification webhooks" page lists the attributes. */
export function sumsubSample(event: SumsubEvent, options: SumsubSampleOptions): string {
  const { type, reviewStatus, ...rest } = SUMSUB_EVENTS[event];
  const review =
    'reviewResult' in rest
      ? {
          reviewResult: {
            ...rest.reviewResult,
            ...(rest.reviewResult.reviewAnswer === 'RED'
              ? {
                  clientComment: `Document of ${SUMSUB_PII.name} (${SUMSUB_PII.birthdate}) rejected`,
                }
              : {}),
          },
        }
      : {};
  return JSON.stringify({
    applicantId: options.session,
    inspectionId: suffix(options.session, 'inspection').padEnd(24, '0'),
    correlationId: `req-${randomUUID()}`,
    levelName: 'basic-kyc-level',
    externalUserId: 'tenant-8812',
    type,
    sandboxMode: true,
    reviewStatus,
    createdAtMs: sumsubTime(options.createdAt),
    applicantType: 'individual',
    ...review,
    clientId: 'idv-webhooks-local',
  });
}

export const newSumsubSessionId = () => randomBytes(12).toString('hex');

// --- Onfido -------------------------------------------------------------------------------------

/** Onfido webhooks of workflow runs and checks: the action and the resource's status. */
export const ONFIDO_EVENTS = {
  'workflow_run.review': {
    resource: 'workflow_run',
    action: 'workflow_run.completed',
    status: 'review',
  },
  'workflow_run.approved': {
    resource: 'workflow_run',
    action: 'workflow_run.completed',
    status: 'approved',
  },
  'workflow_run.declined': {
    resource: 'workflow_run',
    action: 'workflow_run.completed',
    status: 'declined',
  },
  'workflow_run.abandoned': {
    resource: 'workflow_run',
    action: 'workflow_run.completed',
    status: 'abandoned',
  },
  'workflow_run.error': {
    resource: 'workflow_run',
    action: 'workflow_run.completed',
    status: 'error',
  },
  'check.started': { resource: 'check', action: 'check.started', status: 'in_progress' },
  'check.completed': { resource: 'check', action: 'check.completed', status: 'complete' },
  'check.withdrawn': { resource: 'check', action: 'check.withdrawn', status: 'withdrawn' },
  'check.reopened': { resource: 'check', action: 'check.reopened', status: 'reopened' },
} as const;

export type OnfidoEvent = keyof typeof ONFIDO_EVENTS;

export interface OnfidoSampleOptions {
  readonly session: string;
  /** `completed_at_iso8601`, sent with the statuses that complete the resource. */
  readonly completedAt: Date;
}

const ONFIDO_COMPLETING = new Set([
  'review',
  'approved',
  'declined',
  'abandoned',
  'error',
  'complete',
]);

/** An Onfido webhook, `{ payload: { resource_type, action, object } }` (Onfido's webhook docs). */
export function onfidoSample(event: OnfidoEvent, options: OnfidoSampleOptions): string {
  const { resource, action, status } = ONFIDO_EVENTS[event];
  return JSON.stringify({
    payload: {
      resource_type: resource,
      action,
      object: {
        id: options.session,
        status,
        ...(ONFIDO_COMPLETING.has(status)
          ? { completed_at_iso8601: options.completedAt.toISOString().replace(/\.\d{3}Z$/, 'Z') }
          : {}),
        href: `https://api.eu.onfido.com/v3.6/${resource}s/${options.session}`,
      },
    },
  });
}

export const newOnfidoSessionId = () => randomUUID();

// --- Standard Webhooks ---------------------------------------------------------------------------

/** What the development source's sender puts in its payloads about the applicant: never kept. */
export const STANDARD_WEBHOOKS_PII = { name: 'Robin Example', email: 'robin@example.org' } as const;

/** `target` with `value` at the dotted `path`, objects created on the way. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    node[key] = typeof next === 'object' && next !== null ? next : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) ?? ''] = value;
}

export interface StandardWebhooksSampleOptions {
  readonly session: string;
  readonly time: Date;
}

/**
 * A webhook of a configured Standard Webhooks source: `{type, timestamp, data}` as the
 * specification recommends, with the source's session id, status and time at its own paths.
 */
export function standardWebhooksSample(
  source: StandardWebhooksSourceConfig,
  status: string,
  options: StandardWebhooksSampleOptions,
): string {
  const body: Record<string, unknown> = {
    type: status,
    timestamp: options.time.toISOString(),
    data: { applicant: { ...STANDARD_WEBHOOKS_PII } },
  };
  setAt(body, source.sessionIdPath, options.session);
  setAt(body, source.statusPath, status);
  if (source.timePath) setAt(body, source.timePath, options.time.toISOString());
  return JSON.stringify(body);
}

export const newStandardWebhooksSessionId = () => `ver_${randomBytes(8).toString('hex')}`;

/**
 * The first webhook a provider sends about a new session (a session created, an inquiry
 * created, a check started), for checks that need one webhook of each provider: `npm run smoke`.
 */
export function openingSample(
  provider: 'casapay' | 'veriff' | 'stripe-identity' | 'persona' | 'sumsub' | 'onfido',
  now: Date,
): { readonly sessionId: string; readonly body: string } {
  const created = Math.floor(now.getTime() / 1000);
  switch (provider) {
    case 'casapay': {
      const sessionId = `vs_smoke_${now.getTime().toString(36)}`;
      return {
        sessionId,
        body: casapaySample('verification_session.created', { session: sessionId, created }),
      };
    }
    case 'veriff': {
      const sessionId = newVeriffSessionId();
      return { sessionId, body: veriffSample('started', { session: sessionId }) };
    }
    case 'stripe-identity': {
      const sessionId = newStripeIdentitySessionId();
      const body = stripeIdentitySample('identity.verification_session.created', {
        session: sessionId,
        created,
      });
      return { sessionId, body };
    }
    case 'persona': {
      const sessionId = newPersonaSessionId();
      return {
        sessionId,
        body: personaSample('inquiry.created', { session: sessionId, createdAt: now }),
      };
    }
    case 'sumsub': {
      const sessionId = newSumsubSessionId();
      return {
        sessionId,
        body: sumsubSample('applicantCreated', { session: sessionId, createdAt: now }),
      };
    }
    case 'onfido': {
      const sessionId = newOnfidoSessionId();
      return {
        sessionId,
        body: onfidoSample('check.started', { session: sessionId, completedAt: now }),
      };
    }
  }
}
