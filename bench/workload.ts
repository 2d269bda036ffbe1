// The traffic the benchmarks replay: realistic webhook bodies of both providers, and SQS
// batches mixing providers and sessions the way a busy queue delivers them.
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import {
  type CasaPayEventType,
  casapaySample,
  newCasaPaySessionId,
  newVeriffSessionId,
  type VeriffAction,
  veriffDecisionSample,
  veriffSample,
} from '../functions/local/samples.js';
import { sqsRecord } from '../test/support/sqs-records.js';

/**
 * A CasaPay event as a Stripe-style sender delivers it: the documented envelope plus the fields
 * such envelopes carry (api version, request, previous attributes, session options, metadata),
 * pretty-printed as in the provider's document. About 1.4 KB.
 */
export function casapayBody(
  type: CasaPayEventType,
  session: string,
  created: number,
  eventId = `evt_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
  objectId?: string,
): string {
  const sample = casapaySample(type, {
    session,
    created,
    eventId,
    ...(objectId ? { objectId } : {}),
  });
  const envelope = JSON.parse(sample) as {
    data: { object: Record<string, unknown> };
  } & Record<string, unknown>;
  return JSON.stringify(
    {
      ...envelope,
      api_version: '2024-06-20',
      pending_webhooks: 1,
      request: { id: `req_${eventId.slice(4)}`, idempotency_key: randomUUID() },
      data: {
        object: {
          ...envelope.data.object,
          created: created - 120,
          client_reference_id: `tenant-4471/application-${session.slice(3)}`,
          options: {
            document: {
              allowed_types: ['driving_license', 'passport', 'id_card'],
              require_id_number: true,
              require_live_capture: true,
              require_matching_selfie: true,
            },
          },
          metadata: { tenant_id: 'tenant-4471', channel: 'web', flow: 'rental-application-v3' },
          last_error: null,
          redaction: null,
          url: null,
        },
        previous_attributes: { status: 'processing' },
      },
    },
    null,
    2,
  );
}

/**
 * What an integrator puts in Veriff's `vendorData`: "the unique identifier that you created for
 * your end-user" (Veriff's webhook document), the same in every webhook of a session.
 */
const vendorDataOf = (session: string) =>
  `tenant-4471/application-${session.slice(0, 8)}/applicant-${session.slice(-12)}`;

/** A Veriff event webhook as documented, pretty-printed, with the session's `vendorData`. */
export function veriffBody(action: VeriffAction, session: string, attemptId?: string): string {
  const sample = veriffSample(action, { session, ...(attemptId ? { attemptId } : {}) });
  const payload = JSON.parse(sample) as Record<string, unknown>;
  return JSON.stringify({ ...payload, vendorData: vendorDataOf(session) }, null, 2);
}

/**
 * A Veriff decision webhook as Veriff's decision document describes it (the person, the document
 * with its additional verified data, risk labels, technical data), pretty-printed. About 1.4 KB.
 */
export function veriffDecisionBody(session: string, decisionTime = new Date()): string {
  const payload = JSON.parse(veriffDecisionSample('approved', { session, decisionTime })) as {
    verification: Record<string, unknown>;
  } & Record<string, unknown>;
  return JSON.stringify(
    {
      ...payload,
      verification: {
        ...payload.verification,
        vendorData: vendorDataOf(session),
        additionalVerifiedData: { driversLicenseCategory: { B: true } },
        biometricAuthentication: { matchedSessionId: null, matchedSessionVendorData: null },
      },
    },
    null,
    2,
  );
}

/** One step of a Veriff session: an event webhook, or the decision every session ends with. */
export type VeriffStep = VeriffAction | 'decision';

/** The body of a Veriff step. */
export const veriffStepBody = (step: VeriffStep, session: string): string =>
  step === 'decision' ? veriffDecisionBody(session) : veriffBody(step, session);

/** A CasaPay session from creation to its report, in the order CasaPay sends them. */
export const CASAPAY_LIFECYCLE: readonly CasaPayEventType[] = [
  'verification_session.created',
  'verification_session.pending',
  'verification_session.processing',
  'document_upload.processed',
  'identity_check.passed',
  'verification_session.completed',
  'verification_report.ready',
];
/** A Veriff session from start to its decision. */
export const VERIFF_LIFECYCLE: readonly VeriffStep[] = [
  'started',
  'submitted',
  'waiting_continued',
  'flow_finished',
  'waiting_complete',
  'decision',
];

interface InFlight {
  readonly session: string;
  step: number;
}

/**
 * Session lifecycles in flight, visited round-robin so that a session recurs every few webhooks
 * (several records of one session in a batch); a session that finished is replaced by a new one.
 */
export class SessionTraffic {
  private sequence = 0;
  private readonly casapay: (InFlight | undefined)[];
  private readonly veriff: (InFlight | undefined)[];

  /** `sessions` sessions in flight at once, half per provider. */
  constructor(sessions: number) {
    const perProvider = Math.max(1, Math.floor(sessions / 2));
    this.casapay = new Array(perProvider);
    this.veriff = new Array(perProvider);
  }

  /** The next webhook: provider and raw body. */
  next(): { provider: 'casapay' | 'veriff'; body: string } {
    const index = this.sequence++;
    const slot = Math.floor(index / 2) % this.casapay.length;
    if (index % 2 === 0) {
      const { session, step } = this.advance(
        this.casapay,
        slot,
        CASAPAY_LIFECYCLE.length,
        newCasaPaySessionId,
      );
      const type = CASAPAY_LIFECYCLE[step] as CasaPayEventType;
      return { provider: 'casapay', body: casapayBody(type, session, 1_790_000_000 + step) };
    }
    const { session, step } = this.advance(
      this.veriff,
      slot,
      VERIFF_LIFECYCLE.length,
      newVeriffSessionId,
    );
    return {
      provider: 'veriff',
      body: veriffStepBody(VERIFF_LIFECYCLE[step] as VeriffStep, session),
    };
  }

  private advance(
    slots: (InFlight | undefined)[],
    slot: number,
    length: number,
    newSession: () => string,
  ): { session: string; step: number } {
    let current = slots[slot];
    if (current === undefined || current.step >= length) {
      current = { session: newSession(), step: 0 };
      slots[slot] = current;
    }
    return { session: current.session, step: current.step++ };
  }
}

/** SQS records of `count` webhooks from `traffic`, as the event source mapping delivers them. */
export function sqsBatch(traffic: SessionTraffic, count: number): SQSRecord[] {
  return Array.from({ length: count }, () => {
    const { provider, body } = traffic.next();
    return sqsRecord({ provider, body, receivedAt: Date.now() });
  });
}
