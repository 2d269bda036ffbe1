// Development secrets and the development Standard Webhooks source of local mode, used when
// <PROVIDER>_SECRETS / STANDARD_WEBHOOKS_SOURCES are not set. They only ever sign requests to a
// loopback server (and the CasaPay API key only ever reaches local mode's CasaPay API
// stand-in); never configure them on a real deployment.
import type { StandardWebhooksSourceConfig } from '../providers/standard-webhooks/sources.js';

/**
 * A Standard Webhooks sender as an integrator would configure one: the session id in
 * `data.verification_id`, the event type in `type`, its time in `timestamp` (the payload layout the
 * Standard Webhooks specification recommends), and what each type means.
 */
export const DEV_STANDARD_WEBHOOKS_SOURCES = [
  {
    name: 'example-kyc',
    sessionIdPath: 'data.verification_id',
    statusPath: 'type',
    timePath: 'timestamp',
    statuses: {
      'verification.created': { outcome: null, final: false },
      'verification.submitted': { outcome: null, final: false },
      'verification.needs_review': { outcome: 'review', final: false },
      'verification.resubmission_requested': {
        outcome: 'resubmission_requested',
        final: false,
        action: 'resubmit',
      },
      'verification.approved': { outcome: 'approved', final: true },
      'verification.declined': { outcome: 'declined', final: true },
      'verification.expired': { outcome: 'expired', final: true, action: 'remind_applicant' },
    },
  },
] as const satisfies readonly StandardWebhooksSourceConfig[];

export const DEV_SECRET_DOCUMENTS = {
  casapay: {
    signingSecrets: ['whsec_local_development_only'],
    apiKey: 'sk_test_local_development_only',
  },
  veriff: { integrations: [{ apiKey: 'local-api-key', sharedSecret: 'local-shared-secret' }] },
  'stripe-identity': { signingSecrets: ['whsec_local_stripe_development_only'] },
  persona: { signingSecrets: ['wbhsec_local_persona_development_only'] },
  sumsub: { signingSecrets: ['local-sumsub-development-only'] },
  onfido: { signingSecrets: ['local-onfido-development-only'] },
  // The base64 of "local development only: not a key" (33 bytes).
  'example-kyc': { signingSecrets: ['whsec_bG9jYWwgZGV2ZWxvcG1lbnQgb25seTogbm90IGEga2V5'] },
} as const;
