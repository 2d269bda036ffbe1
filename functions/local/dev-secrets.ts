// Development secrets for local mode, used when CASAPAY_SECRETS / VERIFF_SECRETS are not set.
// They only ever sign requests to a loopback server (and the CasaPay API key only ever reaches
// local mode's CasaPay API stand-in); never configure them on a real deployment.

export const DEV_SECRET_DOCUMENTS = {
  casapay: {
    signingSecrets: ['whsec_local_development_only'],
    apiKey: 'sk_test_local_development_only',
  },
  veriff: { integrations: [{ apiKey: 'local-api-key', sharedSecret: 'local-shared-secret' }] },
} as const;
