// Named multi-event lifecycles for `npm run send -- scenario <name>`: each is the sequence of
// signed sample webhooks a provider would send for one session, and the outcome it leads to.
import {
  type CasaPayEventType,
  casapaySample,
  newCasaPaySessionId,
  newVeriffSessionId,
  type VeriffAction,
  type VeriffDecisionStatus,
  veriffDecisionSample,
  veriffSample,
} from './samples.js';

export interface ScenarioWebhook {
  readonly provider: 'casapay' | 'veriff';
  /** What the step is, for the console: an event type or a decision. */
  readonly label: string;
  readonly body: string;
}

export interface Scenario {
  readonly provider: 'casapay' | 'veriff';
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
};

/** A new session id in the provider's own format. */
export const newSessionId = (provider: 'casapay' | 'veriff'): string =>
  provider === 'casapay' ? newCasaPaySessionId() : newVeriffSessionId();
