// Each adapter's contract case: its secrets, samples, event sets and outcome table (the rows of
// docs/state-machine.md), for test/contract/provider-contract.ts.
import fc from 'fast-check';
import { DEV_STANDARD_WEBHOOKS_SOURCES } from '../../functions/local/dev-secrets.js';
import {
  casapaySample,
  DECISION_PII,
  ONFIDO_EVENTS,
  type OnfidoEvent,
  onfidoSample,
  PERSONA_EVENT_NAMES,
  PERSONA_PII,
  type PersonaEventName,
  personaSample,
  STANDARD_WEBHOOKS_PII,
  STRIPE_IDENTITY_EVENT_TYPES,
  STRIPE_IDENTITY_PII,
  type StripeIdentityEventType,
  SUMSUB_EVENTS,
  SUMSUB_PII,
  type SumsubEvent,
  standardWebhooksSample,
  stripeIdentitySample,
  sumsubSample,
  veriffDecisionSample,
  veriffSample,
} from '../../functions/local/samples.js';
import { casapay } from '../../functions/providers/casapay/adapter.js';
import { onfido } from '../../functions/providers/onfido/adapter.js';
import { persona } from '../../functions/providers/persona/adapter.js';
import type { ProviderAdapter } from '../../functions/providers/provider.js';
import { standardWebhooks } from '../../functions/providers/standard-webhooks/adapter.js';
import { parseStandardWebhooksSources } from '../../functions/providers/standard-webhooks/sources.js';
import { stripeIdentity } from '../../functions/providers/stripe-identity/adapter.js';
import { sumsub } from '../../functions/providers/sumsub/adapter.js';
import { veriff } from '../../functions/providers/veriff/adapter.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import { casapayEvents, veriffEvents } from '../support/arbitraries.js';
import { SEED_PII } from '../support/fixtures.js';
import type { ProviderContractCase } from './provider-contract.js';

const signing = (...secrets: string[]) => ({ signingSecrets: secrets });
const signingDocuments = (current: string, previous: string, other: string) => ({
  current: signing(current),
  previous: signing(previous),
  both: signing(current, previous),
  other: signing(other),
});

/** A body with `field` replaced at the top level (a type this version does not know). */
const retyped = (body: string, field: string, value: unknown) =>
  JSON.stringify({ ...(JSON.parse(body) as object), [field]: value });

/** Generated webhooks of one session, read by the adapter, distinct by event id. */
function parsedEvents<T>(
  adapter: ProviderAdapter,
  webhook: fc.Arbitrary<T>,
  body: (generated: T) => string,
): fc.Arbitrary<SessionEvent[]> {
  return fc.uniqueArray(
    webhook.map((generated) => {
      const result = adapter.parseEvent(Buffer.from(body(generated)), {
        receivedAt: 0,
        requestId: 'req',
      });
      if (!result.ok) throw new Error(`generated ${adapter.name} webhook not parsed`);
      return result.event;
    }),
    { selector: (event) => event.eventId, maxLength: 12 },
  );
}

/** Times that collide (ties are the hard case): a few seconds, some to the millisecond. */
const TIMES = [0, 0, 1000, 1000, 1001, 2500, 60_000].map(
  (ms) => new Date(Date.UTC(2026, 10, 24, 12) + ms),
);

// --- CasaPay and Veriff -------------------------------------------------------------------------

const CASAPAY_SESSION = 'vs_contract';

export const casapayCase: ProviderContractCase = {
  adapter: casapay(),
  documents: signingDocuments('whsec_current', 'whsec_previous', 'whsec_attacker'),
  toleranceSeconds: 300,
  session: CASAPAY_SESSION,
  sample: (session, at) =>
    casapaySample('verification_session.completed', {
      session,
      created: Math.floor(at.getTime() / 1000),
    }),
  pii: SEED_PII,
  unknownType: (session, at) =>
    retyped(
      casapaySample('verification_session.created', {
        session,
        created: Math.floor(at.getTime() / 1000),
      }),
      'type',
      'verification_session.requires_input',
    ),
  unknownReason: 'unknown_event_type',
  events: casapayEvents(CASAPAY_SESSION),
  outcomes: [
    {
      name: 'expired: expired, final, remind_applicant',
      webhooks: (session) => [
        casapaySample('verification_session.created', { session, created: 1, eventId: 'evt_1' }),
        casapaySample('verification_session.expired', { session, created: 2, eventId: 'evt_2' }),
      ],
      status: 'expired',
      outcome: 'expired',
      final: true,
      actions: ['remind_applicant'],
    },
    {
      name: 'completed with a passed check: approved, final',
      webhooks: (session) => [
        casapaySample('identity_check.passed', { session, created: 1, eventId: 'evt_1' }),
        casapaySample('verification_session.completed', { session, created: 2, eventId: 'evt_2' }),
      ],
      status: 'completed',
      outcome: 'approved',
      final: true,
    },
  ],
};

const VERIFF_SESSION = 'f04bdb47-d3be-4b28-b028-a652feb060b5';
const integration = (sharedSecret: string) => ({ apiKey: 'contract-key', sharedSecret });

export const veriffCase: ProviderContractCase = {
  adapter: veriff(),
  documents: {
    current: { integrations: [integration('current')] },
    previous: { integrations: [integration('previous')] },
    both: { integrations: [integration('current'), integration('previous')] },
    other: { integrations: [integration('attacker')] },
  },
  session: VERIFF_SESSION,
  sample: (session, at) => veriffDecisionSample('approved', { session, decisionTime: at }),
  pii: Object.values(DECISION_PII),
  unknownType: (session) => retyped(veriffSample('started', { session }), 'code', 7050),
  unknownReason: 'unknown_event_type',
  events: veriffEvents(VERIFF_SESSION),
  outcomes: [
    {
      name: 'resubmission requested: not final, resubmit',
      webhooks: (session) => [
        veriffSample('submitted', { session, attemptId: 'a-1' }),
        veriffDecisionSample('resubmission_requested', { session, attemptId: 'a-1' }),
      ],
      status: 'resubmission_requested',
      outcome: 'resubmission_requested',
      final: false,
      actions: ['resubmit'],
    },
  ],
};

// --- Stripe Identity ----------------------------------------------------------------------------

const STRIPE_SESSION = 'vs_1NuNAILkdIwHu7ixh7OtGMLw';
const stripe =
  (type: StripeIdentityEventType, at: number, id: string, lastError?: string) =>
  (session: string) =>
    stripeIdentitySample(type, {
      session,
      created: 1_790_000_000 + at,
      eventId: id,
      ...(lastError ? { lastError } : {}),
    });

export const stripeIdentityCase: ProviderContractCase = {
  adapter: stripeIdentity(),
  documents: signingDocuments('whsec_stripe_current', 'whsec_stripe_previous', 'whsec_attacker'),
  toleranceSeconds: 300,
  session: STRIPE_SESSION,
  sample: (session, at) =>
    stripeIdentitySample('identity.verification_session.verified', {
      session,
      created: Math.floor(at.getTime() / 1000),
    }),
  pii: [...Object.values(STRIPE_IDENTITY_PII), 'jenny.rosen@example.com'],
  unknownType: (session, at) =>
    retyped(
      stripeIdentitySample('identity.verification_session.created', {
        session,
        created: Math.floor(at.getTime() / 1000),
      }),
      'type',
      'identity.verification_session.paused',
    ),
  unknownReason: 'unknown_event_type',
  events: parsedEvents(
    stripeIdentity(),
    fc.record({
      type: fc.constantFrom(...STRIPE_IDENTITY_EVENT_TYPES, 'identity.verification_session.future'),
      id: fc.stringMatching(/^evt_[0-9a-f]{6}$/),
      at: fc.integer({ min: 1_790_000_000, max: 1_790_000_004 }),
      lastError: fc.constantFrom(undefined, 'selfie_face_mismatch', 'abandoned'),
    }),
    ({ type, id, at, lastError }) => {
      const known = (STRIPE_IDENTITY_EVENT_TYPES as readonly string[]).includes(type);
      const body = stripeIdentitySample(
        known ? (type as StripeIdentityEventType) : 'identity.verification_session.created',
        { session: STRIPE_SESSION, created: at, eventId: id, ...(lastError ? { lastError } : {}) },
      );
      return known ? body : retyped(body, 'type', type);
    },
  ),
  outcomes: [
    {
      name: 'created: requires_input without an error, no outcome yet',
      webhooks: (s) => [stripe('identity.verification_session.created', 0, 'evt_1')(s)],
      status: 'requires_input',
      outcome: null,
      final: false,
    },
    {
      name: 'processing: no outcome yet',
      webhooks: (s) => [
        stripe('identity.verification_session.created', 0, 'evt_1')(s),
        stripe('identity.verification_session.processing', 1, 'evt_2')(s),
      ],
      status: 'processing',
      outcome: null,
      final: false,
    },
    {
      name: 'requires_input after a failed check: resubmission requested, not final, resubmit with last_error.code',
      webhooks: (s) => [
        stripe('identity.verification_session.processing', 1, 'evt_2')(s),
        stripe(
          'identity.verification_session.requires_input',
          1,
          'evt_3',
          'selfie_face_mismatch',
        )(s),
      ],
      status: 'requires_input',
      outcome: 'resubmission_requested',
      final: false,
      actions: ['resubmit'],
      firstAction: { reason: 'selfie_face_mismatch' },
    },
    {
      name: 'requires_input with last_error abandoned: abandoned, not final, remind_applicant',
      webhooks: (s) => [
        stripe('identity.verification_session.requires_input', 5, 'evt_3', 'abandoned')(s),
      ],
      status: 'requires_input',
      outcome: 'abandoned',
      final: false,
      actions: ['remind_applicant'],
    },
    {
      name: 'verified after a retry: approved, final; a redaction changes nothing',
      webhooks: (s) => [
        stripe('identity.verification_session.requires_input', 1, 'evt_3', 'document_expired')(s),
        stripe('identity.verification_session.processing', 2, 'evt_4')(s),
        stripe('identity.verification_session.verified', 3, 'evt_5')(s),
        stripe('identity.verification_session.redacted', 9, 'evt_6')(s),
      ],
      status: 'verified',
      outcome: 'approved',
      final: true,
    },
    {
      name: 'canceled: abandoned, final; a later processing is not applied',
      webhooks: (s) => [
        stripe('identity.verification_session.canceled', 1, 'evt_7')(s),
        stripe('identity.verification_session.processing', 2, 'evt_8')(s),
      ],
      status: 'canceled',
      outcome: 'abandoned',
      final: true,
    },
  ],
};

// --- Persona ------------------------------------------------------------------------------------

const PERSONA_SESSION = 'inq_5p2jFdsyT2Au9YkExyjvnkZf';
const personaAt = (name: PersonaEventName, seconds: number, id: string) => (session: string) =>
  personaSample(name, {
    session,
    createdAt: new Date(Date.UTC(2026, 10, 24, 12) + seconds * 1000),
    eventId: id,
  });

export const personaCase: ProviderContractCase = {
  adapter: persona(),
  documents: signingDocuments('wbhsec_current', 'wbhsec_previous', 'wbhsec_attacker'),
  toleranceSeconds: 300,
  session: PERSONA_SESSION,
  sample: (session, at) => personaSample('inquiry.approved', { session, createdAt: at }),
  pii: Object.values(PERSONA_PII),
  unknownType: (session, at) => {
    const body = JSON.parse(personaSample('inquiry.created', { session, createdAt: at }));
    body.data.attributes.name = 'inquiry.transitioned';
    return JSON.stringify(body);
  },
  unknownReason: 'unknown_event_type',
  events: parsedEvents(
    persona(),
    fc.record({
      name: fc.constantFrom(...PERSONA_EVENT_NAMES, 'verification.passed'),
      id: fc.stringMatching(/^evt_[0-9a-f]{6}$/),
      at: fc.constantFrom(...TIMES),
    }),
    ({ name, id, at }) => {
      const body = JSON.parse(
        personaSample(name === 'verification.passed' ? 'inquiry.created' : name, {
          session: PERSONA_SESSION,
          createdAt: at,
          eventId: id,
        }),
      );
      body.data.attributes.name = name;
      return JSON.stringify(body);
    },
  ),
  outcomes: [
    {
      name: 'started: pending, no outcome yet',
      webhooks: (s) => [
        personaAt('inquiry.created', 0, 'evt_1')(s),
        personaAt('inquiry.started', 1, 'evt_2')(s),
      ],
      status: 'pending',
      outcome: null,
      final: false,
    },
    {
      name: 'completed: approved, not final (a workflow may still decide)',
      webhooks: (s) => [personaAt('inquiry.completed', 2, 'evt_3')(s)],
      status: 'completed',
      outcome: 'approved',
      final: false,
    },
    {
      name: 'failed: declined, not final',
      webhooks: (s) => [personaAt('inquiry.failed', 2, 'evt_3')(s)],
      status: 'failed',
      outcome: 'declined',
      final: false,
    },
    {
      name: 'expired: expired, not final, remind_applicant',
      webhooks: (s) => [personaAt('inquiry.expired', 2, 'evt_3')(s)],
      status: 'expired',
      outcome: 'expired',
      final: false,
      actions: ['remind_applicant'],
    },
    {
      name: 'marked for review: review',
      webhooks: (s) => [
        personaAt('inquiry.completed', 2, 'evt_3')(s),
        personaAt('inquiry.marked-for-review', 3, 'evt_4')(s),
      ],
      status: 'needs_review',
      outcome: 'review',
      final: false,
    },
    {
      name: 'approved, then declined by a reviewer later: declined, final (created-at decides)',
      webhooks: (s) => [
        personaAt('inquiry.approved', 4, 'evt_5')(s),
        personaAt('inquiry.declined', 9, 'evt_6')(s),
        personaAt('inquiry.completed', 2, 'evt_3')(s),
      ],
      status: 'declined',
      outcome: 'declined',
      final: true,
    },
    {
      name: 'approved: a later non-decision event does not reopen it',
      webhooks: (s) => [
        personaAt('inquiry.approved', 4, 'evt_5')(s),
        personaAt('inquiry.marked-for-review', 7, 'evt_7')(s),
      ],
      status: 'approved',
      outcome: 'approved',
      final: true,
    },
  ],
};

// --- Sumsub -------------------------------------------------------------------------------------

const SUMSUB_SESSION = '5cb56e8e0a975a35f333cb83';
const sumsubAt = (event: SumsubEvent, ms: number) => (session: string) =>
  sumsubSample(event, { session, createdAt: new Date(Date.UTC(2026, 10, 24, 12) + ms) });

export const sumsubCase: ProviderContractCase = {
  adapter: sumsub(),
  documents: signingDocuments('sumsub-current', 'sumsub-previous', 'sumsub-attacker'),
  session: SUMSUB_SESSION,
  sample: (session, at) => sumsubSample('applicantReviewed.red-final', { session, createdAt: at }),
  pii: Object.values(SUMSUB_PII),
  unknownType: (session, at) =>
    retyped(
      sumsubSample('applicantPending', { session, createdAt: at }),
      'type',
      'applicantFrozen',
    ),
  unknownReason: 'unknown_event_type',
  events: parsedEvents(
    sumsub(),
    fc.record({
      event: fc.constantFrom(
        ...(Object.keys(SUMSUB_EVENTS) as SumsubEvent[]),
        'applicantTagsChanged',
      ),
      at: fc.constantFrom(...TIMES),
    }),
    ({ event, at }) =>
      event === 'applicantTagsChanged'
        ? retyped(
            sumsubSample('applicantPending', { session: SUMSUB_SESSION, createdAt: at }),
            'type',
            event,
          )
        : sumsubSample(event, { session: SUMSUB_SESSION, createdAt: at }),
  ),
  outcomes: [
    {
      name: 'pending: no outcome yet',
      webhooks: (s) => [sumsubAt('applicantCreated', 0)(s), sumsubAt('applicantPending', 10)(s)],
      status: 'pending',
      outcome: null,
      final: false,
    },
    {
      name: 'on hold: review',
      webhooks: (s) => [sumsubAt('applicantPending', 10)(s), sumsubAt('applicantOnHold', 20)(s)],
      status: 'onHold',
      outcome: 'review',
      final: false,
    },
    {
      name: 'GREEN: approved, final',
      webhooks: (s) => [
        sumsubAt('applicantPending', 10)(s),
        sumsubAt('applicantReviewed.green', 20)(s),
      ],
      status: 'completed',
      outcome: 'approved',
      final: true,
    },
    {
      name: 'RED RETRY: resubmission requested, not final, resubmit with the reject labels',
      webhooks: (s) => [sumsubAt('applicantReviewed.red-retry', 20)(s)],
      status: 'completed',
      outcome: 'resubmission_requested',
      final: false,
      actions: ['resubmit'],
      firstAction: { reason: 'UNSATISFACTORY_PHOTOS,SCREENSHOTS' },
    },
    {
      name: 'RED RETRY, then the applicant uploads again: pending, no outcome',
      webhooks: (s) => [
        sumsubAt('applicantReviewed.red-retry', 20)(s),
        sumsubAt('applicantPending', 30)(s),
      ],
      status: 'pending',
      outcome: null,
      final: false,
    },
    {
      name: 'RED FINAL: declined, final',
      webhooks: (s) => [sumsubAt('applicantReviewed.red-final', 20)(s)],
      status: 'completed',
      outcome: 'declined',
      final: true,
    },
    {
      name: 'GREEN then a later RED FINAL: the later review wins, declined',
      webhooks: (s) => [
        sumsubAt('applicantReviewed.green', 20)(s),
        sumsubAt('applicantReviewed.red-final', 21)(s),
      ],
      status: 'completed',
      outcome: 'declined',
      final: true,
    },
    {
      name: 'RED FINAL then a later GREEN: the later review wins, approved',
      webhooks: (s) => [
        sumsubAt('applicantReviewed.red-final', 20)(s),
        sumsubAt('applicantReviewed.green', 21)(s),
      ],
      status: 'completed',
      outcome: 'approved',
      final: true,
    },
    {
      name: 'reset after a review: init, no outcome',
      webhooks: (s) => [
        sumsubAt('applicantReviewed.red-final', 20)(s),
        sumsubAt('applicantReset', 40)(s),
      ],
      status: 'init',
      outcome: null,
      final: false,
    },
  ],
};

// --- Onfido -------------------------------------------------------------------------------------

const ONFIDO_SESSION = '6e4f8a1c-3b2d-4e5f-9a7b-1c2d3e4f5a6b';
const onfidoAt =
  (event: OnfidoEvent, seconds = 0) =>
  (session: string) =>
    onfidoSample(event, {
      session,
      completedAt: new Date(Date.UTC(2026, 10, 24, 12) + seconds * 1000),
    });

export const onfidoCase: ProviderContractCase = {
  adapter: onfido(),
  documents: signingDocuments('onfido-token-current', 'onfido-token-previous', 'attacker'),
  session: ONFIDO_SESSION,
  // Onfido's documented payload names no applicant data; the contract adds some beside it.
  sample: (session, at) =>
    retyped(onfidoSample('workflow_run.approved', { session, completedAt: at }), 'applicant', {
      first_name: 'Jordan',
      email: 'jordan.onfido@example.com',
    }),
  pii: ['Jordan', 'jordan.onfido@example.com'],
  unknownType: (session, at) => {
    const body = JSON.parse(onfidoSample('check.started', { session, completedAt: at }));
    body.payload.resource_type = 'report';
    body.payload.action = 'report.completed';
    return JSON.stringify(body);
  },
  unknownReason: 'unsupported_webhook_kind',
  events: parsedEvents(
    onfido(),
    fc.record({
      event: fc.constantFrom(...(Object.keys(ONFIDO_EVENTS) as OnfidoEvent[])),
      at: fc.constantFrom(...TIMES),
      status: fc.constantFrom(undefined, 'paused', 'awaiting_input', 'something_new'),
    }),
    ({ event, at, status }) => {
      const body = JSON.parse(onfidoSample(event, { session: ONFIDO_SESSION, completedAt: at }));
      if (status) body.payload.object.status = status;
      return JSON.stringify(body);
    },
  ),
  outcomes: [
    {
      name: 'workflow run in review: review, not final',
      webhooks: (s) => [onfidoAt('workflow_run.review')(s)],
      status: 'review',
      outcome: 'review',
      final: false,
    },
    {
      name: 'workflow run reviewed and approved: approved, final',
      webhooks: (s) => [
        onfidoAt('workflow_run.review', 0)(s),
        onfidoAt('workflow_run.approved', 60)(s),
      ],
      status: 'approved',
      outcome: 'approved',
      final: true,
    },
    {
      name: 'workflow run declined: declined, final',
      webhooks: (s) => [onfidoAt('workflow_run.declined')(s)],
      status: 'declined',
      outcome: 'declined',
      final: true,
    },
    {
      name: 'workflow run abandoned: abandoned, final, remind_applicant',
      webhooks: (s) => [onfidoAt('workflow_run.abandoned')(s)],
      status: 'abandoned',
      outcome: 'abandoned',
      final: true,
      actions: ['remind_applicant'],
    },
    {
      name: 'workflow run error: failed, final',
      webhooks: (s) => [onfidoAt('workflow_run.error')(s)],
      status: 'error',
      outcome: 'failed',
      final: true,
    },
    {
      name: 'check started: in progress',
      webhooks: (s) => [onfidoAt('check.started')(s)],
      status: 'in_progress',
      outcome: null,
      final: false,
    },
    {
      name: 'check complete: no outcome in the webhook, retrieve_result, final',
      webhooks: (s) => [onfidoAt('check.started')(s), onfidoAt('check.completed', 30)(s)],
      status: 'complete',
      outcome: null,
      final: true,
      actions: ['retrieve_result'],
    },
    {
      name: 'check complete, then reopened: not final any more',
      webhooks: (s) => [onfidoAt('check.completed', 30)(s), onfidoAt('check.reopened')(s)],
      status: 'complete',
      outcome: null,
      final: false,
      actions: ['retrieve_result'],
    },
    {
      name: 'check withdrawn: abandoned, final',
      webhooks: (s) => [onfidoAt('check.started')(s), onfidoAt('check.withdrawn')(s)],
      status: 'withdrawn',
      outcome: 'abandoned',
      final: true,
    },
  ],
};

// --- Standard Webhooks ---------------------------------------------------------------------------

const [EXAMPLE] = DEV_STANDARD_WEBHOOKS_SOURCES;
const [SOURCE] = parseStandardWebhooksSources(DEV_STANDARD_WEBHOOKS_SOURCES);
if (SOURCE === undefined) throw new Error('the development source is missing');
const STANDARD_SESSION = 'ver_5d1c0a7e93b2';
const whsec = (fill: string) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;
type ExampleStatus = keyof typeof EXAMPLE.statuses;
const standardAt = (status: ExampleStatus, seconds: number) => (session: string) =>
  standardWebhooksSample(EXAMPLE, status, {
    session,
    time: new Date(Date.UTC(2026, 10, 24, 12) + seconds * 1000),
  });

export const standardWebhooksCase: ProviderContractCase = {
  adapter: standardWebhooks(SOURCE),
  documents: signingDocuments(whsec('c'), whsec('p'), whsec('x')),
  toleranceSeconds: 300,
  session: STANDARD_SESSION,
  sample: (session, time) =>
    standardWebhooksSample(EXAMPLE, 'verification.approved', { session, time }),
  pii: Object.values(STANDARD_WEBHOOKS_PII),
  unknownType: (session, time) =>
    retyped(
      standardWebhooksSample(EXAMPLE, 'verification.created', { session, time }),
      'type',
      'verification.paused',
    ),
  unknownReason: 'unknown_event_type',
  events: parsedEvents(
    standardWebhooks(SOURCE),
    fc.record({
      status: fc.constantFrom(
        ...(Object.keys(EXAMPLE.statuses) as ExampleStatus[]),
        'verification.paused',
      ),
      time: fc.constantFrom(...TIMES),
      nonce: fc.integer({ min: 0, max: 3 }),
    }),
    ({ status, time, nonce }) =>
      retyped(
        standardWebhooksSample(EXAMPLE, status as ExampleStatus, {
          session: STANDARD_SESSION,
          time,
        }),
        // Distinct events of the same status and time (a sender's own fields differ).
        'nonce',
        nonce,
      ),
  ),
  outcomes: [
    {
      name: 'submitted: mapped to no outcome',
      webhooks: (s) => [
        standardAt('verification.created', 0)(s),
        standardAt('verification.submitted', 1)(s),
      ],
      status: 'verification.submitted',
      outcome: null,
      final: false,
    },
    {
      name: 'needs review: review',
      webhooks: (s) => [standardAt('verification.needs_review', 2)(s)],
      status: 'verification.needs_review',
      outcome: 'review',
      final: false,
    },
    {
      name: 'resubmission requested: the mapped action',
      webhooks: (s) => [standardAt('verification.resubmission_requested', 2)(s)],
      status: 'verification.resubmission_requested',
      outcome: 'resubmission_requested',
      final: false,
      actions: ['resubmit'],
    },
    {
      name: 'approved, then a later declined: the first final status wins',
      webhooks: (s) => [
        standardAt('verification.approved', 3)(s),
        standardAt('verification.declined', 4)(s),
      ],
      status: 'verification.approved',
      outcome: 'approved',
      final: true,
    },
    {
      name: 'expired: expired, final, remind_applicant',
      webhooks: (s) => [standardAt('verification.expired', 3)(s)],
      status: 'verification.expired',
      outcome: 'expired',
      final: true,
      actions: ['remind_applicant'],
    },
  ],
};
