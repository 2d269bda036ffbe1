// Named multi-event lifecycles for `npm run send -- scenario <name>`: each is the sequence of
// signed sample webhooks a provider would send for one session, and the outcome it leads to.
import { DEV_STANDARD_WEBHOOKS_SOURCES } from './dev-secrets.js';
import {
  type CasaPayEventType,
  casapaySample,
  newCasaPaySessionId,
  newOnfidoSessionId,
  newPersonaSessionId,
  newStandardWebhooksSessionId,
  newStripeIdentitySessionId,
  newSumsubSessionId,
  newVeriffSessionId,
  type OnfidoEvent,
  onfidoSample,
  type PersonaEventName,
  personaSample,
  type StripeIdentityEventType,
  type SumsubEvent,
  standardWebhooksSample,
  stripeIdentitySample,
  sumsubSample,
  type VeriffAction,
  type VeriffDecisionStatus,
  veriffDecisionSample,
  veriffSample,
} from './samples.js';

export interface ScenarioWebhook {
  /** The provider name in `POST /webhooks/{provider}`. */
  readonly provider: string;
  /** What the step is, for the console: an event type or a decision. */
  readonly label: string;
  readonly body: string;
}

export interface Scenario {
  readonly provider: string;
  readonly description: string;
  /** The webhooks of one session, in the order the provider sends them. */
  webhooks(session: string, start: Date): readonly ScenarioWebhook[];
}

/** CasaPay events one second apart from `start`, with ids derived from the session and step. */
function casapaySteps(types: readonly CasaPayEventType[]): Scenario['webhooks'] {
  return (session, start) =>
    types.map((type, step) => ({
      provider: 'casapay',
      label: type,
      body: casapaySample(type, {
        session,
        created: Math.floor(start.getTime() / 1000) + step,
        eventId: `evt_${session.replace(/^vs_/, '')}_${step}`,
      }),
    }));
}

type VeriffStep =
  | { readonly event: VeriffAction; readonly attempt: number }
  | { readonly decision: VeriffDecisionStatus; readonly attempt: number };

/** Veriff webhooks of numbered attempts; each decision a second after the step before it. */
function veriffSteps(steps: readonly VeriffStep[]): Scenario['webhooks'] {
  return (session, start) =>
    steps.map((step, index) => {
      const attemptId = `${session.slice(0, 8)}-attempt-${step.attempt}`;
      return 'event' in step
        ? {
            provider: 'veriff',
            label: step.event,
            body: veriffSample(step.event, { session, attemptId }),
          }
        : {
            provider: 'veriff',
            label: `decision ${step.decision}`,
            body: veriffDecisionSample(step.decision, {
              session,
              attemptId,
              decisionTime: new Date(start.getTime() + index * 1000),
              acceptanceTime: new Date(start.getTime() - 5 * 60_000),
            }),
          };
    });
}

/** Steps a second apart from `start`, each built by `sample`. */
function timedSteps<Step extends string>(
  provider: string,
  steps: readonly Step[],
  sample: (step: Step, session: string, at: Date, index: number) => string,
): Scenario['webhooks'] {
  return (session, start) =>
    steps.map((step, index) => ({
      provider,
      label: step,
      body: sample(step, session, new Date(start.getTime() + index * 1000), index),
    }));
}

/** Stable event ids of a scenario's steps, so that a rerun of one session is a redelivery. */
const stepId = (session: string, index: number) =>
  `evt_${session.replace(/^[a-z]+_/, '')}_${index}`;

/** Stripe events; `lastError` is the `last_error.code` of each `requires_input`. */
const stripeSteps = (types: readonly StripeIdentityEventType[], lastError?: string) =>
  timedSteps('stripe-identity', types, (type, session, at, index) =>
    stripeIdentitySample(type, {
      session,
      created: Math.floor(at.getTime() / 1000),
      eventId: stepId(session, index),
      ...(lastError ? { lastError } : {}),
    }),
  );

const personaSteps = (names: readonly PersonaEventName[]) =>
  timedSteps('persona', names, (name, session, at, index) =>
    personaSample(name, { session, createdAt: at, eventId: stepId(session, index) }),
  );

const sumsubSteps = (events: readonly SumsubEvent[]) =>
  timedSteps('sumsub', events, (event, session, at) =>
    sumsubSample(event, { session, createdAt: at }),
  );

const onfidoSteps = (events: readonly OnfidoEvent[]) =>
  timedSteps('onfido', events, (event, session, at) =>
    onfidoSample(event, { session, completedAt: at }),
  );

const [EXAMPLE_SOURCE] = DEV_STANDARD_WEBHOOKS_SOURCES;
const standardWebhooksSteps = (statuses: readonly (keyof typeof EXAMPLE_SOURCE.statuses)[]) =>
  timedSteps(EXAMPLE_SOURCE.name, statuses, (status, session, time) =>
    standardWebhooksSample(EXAMPLE_SOURCE, status, { session, time }),
  );

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'casapay-happy-path': {
    provider: 'casapay',
    description: 'created to completed with a processed document and passed checks: approved',
    webhooks: casapaySteps([
      'verification_session.created',
      'verification_session.pending',
      'document_upload.processed',
      'verification_session.processing',
      'identity_check.passed',
      'verification_session.completed',
      'verification_report.ready',
    ]),
  },
  'casapay-rejected-document': {
    provider: 'casapay',
    description: 'a document is rejected: the session waits for a new one (request_new_document)',
    webhooks: casapaySteps([
      'verification_session.created',
      'verification_session.pending',
      'verification_session.processing',
      'document_upload.rejected',
    ]),
  },
  'casapay-expired': {
    provider: 'casapay',
    description: 'the applicant never finishes: expired (remind_applicant)',
    webhooks: casapaySteps([
      'verification_session.created',
      'verification_session.pending',
      'verification_session.expired',
    ]),
  },
  'veriff-approval': {
    provider: 'veriff',
    description: 'started, submitted, approved',
    webhooks: veriffSteps([
      { event: 'started', attempt: 1 },
      { event: 'submitted', attempt: 1 },
      { decision: 'approved', attempt: 1 },
    ]),
  },
  'veriff-resubmission': {
    provider: 'veriff',
    description: 'resubmission requested, a second attempt, then approved',
    webhooks: veriffSteps([
      { event: 'started', attempt: 1 },
      { event: 'submitted', attempt: 1 },
      { decision: 'resubmission_requested', attempt: 1 },
      { event: 'started', attempt: 2 },
      { event: 'submitted', attempt: 2 },
      { decision: 'approved', attempt: 2 },
    ]),
  },
  'veriff-review-decline': {
    provider: 'veriff',
    description: 'sent to review, then declined by the reviewer',
    webhooks: veriffSteps([
      { event: 'started', attempt: 1 },
      { event: 'submitted', attempt: 1 },
      { decision: 'review', attempt: 1 },
      { decision: 'declined', attempt: 1 },
    ]),
  },
  'stripe-identity-retry': {
    provider: 'stripe-identity',
    description:
      'a selfie does not match (requires_input, resubmit), the user tries again: verified',
    webhooks: stripeSteps(
      [
        'identity.verification_session.created',
        'identity.verification_session.processing',
        'identity.verification_session.requires_input',
        'identity.verification_session.processing',
        'identity.verification_session.verified',
      ],
      'selfie_face_mismatch',
    ),
  },
  'persona-review': {
    provider: 'persona',
    description: 'an inquiry completed, marked for review, then approved by a reviewer',
    webhooks: personaSteps([
      'inquiry.created',
      'inquiry.started',
      'inquiry.completed',
      'inquiry.marked-for-review',
      'inquiry.approved',
    ]),
  },
  'sumsub-retry': {
    provider: 'sumsub',
    description: 'RED with RETRY (resubmit), the applicant uploads again, then GREEN',
    webhooks: sumsubSteps([
      'applicantCreated',
      'applicantPending',
      'applicantReviewed.red-retry',
      'applicantPending',
      'applicantReviewed.green',
    ]),
  },
  'sumsub-green-then-red': {
    provider: 'sumsub',
    description: 'GREEN, then a later RED FINAL review: the later review wins, declined',
    webhooks: sumsubSteps([
      'applicantCreated',
      'applicantPending',
      'applicantReviewed.green',
      'applicantReviewed.red-final',
    ]),
  },
  'onfido-workflow-review': {
    provider: 'onfido',
    description: 'a workflow run goes to review, then a reviewer approves it',
    webhooks: onfidoSteps(['workflow_run.review', 'workflow_run.approved']),
  },
  'standard-webhooks-approval': {
    provider: EXAMPLE_SOURCE.name,
    description: 'a Standard Webhooks sender (the example-kyc source): submitted, review, approved',
    webhooks: standardWebhooksSteps([
      'verification.created',
      'verification.submitted',
      'verification.needs_review',
      'verification.approved',
    ]),
  },
};

/** A new session id in each provider's own format. */
const NEW_SESSION_IDS: Readonly<Record<string, () => string>> = {
  casapay: newCasaPaySessionId,
  veriff: newVeriffSessionId,
  'stripe-identity': newStripeIdentitySessionId,
  persona: newPersonaSessionId,
  sumsub: newSumsubSessionId,
  onfido: newOnfidoSessionId,
};

/** A new session id in the provider's own format (a Standard Webhooks source: `ver_...`). */
export const newSessionId = (provider: string): string =>
  (NEW_SESSION_IDS[provider] ?? newStandardWebhooksSessionId)();
