// Development secrets for local mode, used when CASAPAY_SECRETS / VERIFF_SECRETS are not set.
// They only ever sign requests to a loopback server; never configure them on a real deployment.

export const DEV_SECRET_DOCUMENTS = {
  casapay: { signingSecrets: ['whsec_local_development_only'] },
  veriff: { integrations: [{ apiKey: 'local-api-key', sharedSecret: 'local-shared-secret' }] },
} as const;
