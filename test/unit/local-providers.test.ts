// What local mode receives: every registered provider and the Standard Webhooks sources of
// STANDARD_WEBHOOKS_SOURCES (or the development one), each with its document, and the environment
// the handlers are started with.
import { describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { readLocalSecrets } from '../../functions/local/local-secrets.js';
import { LocalSetupError } from '../../functions/local/setup-errors.js';
import { localHandlerEnvironment, signatureHeaders } from '../../functions/local/signed-request.js';
import { PROVIDER_NAMES } from '../../functions/providers/registry.js';

const source = {
  name: 'acme-kyc',
  sessionIdPath: 'data.id',
  statusPath: 'type',
  statuses: { 'kyc.passed': { outcome: 'approved', final: true } },
};
const acmeSecret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

describe('local mode providers', () => {
  it('runs every provider and the development source on the development secrets', async () => {
    const secrets = await readLocalSecrets({});
    expect(Object.keys(secrets.documents)).toEqual([...PROVIDER_NAMES, 'example-kyc']);
    const env = localHandlerEnvironment(secrets.documents, {});
    expect(JSON.parse(env.STRIPE_IDENTITY_SECRETS ?? '')).toEqual(
      DEV_SECRET_DOCUMENTS['stripe-identity'],
    );
    expect(JSON.parse(env.STANDARD_WEBHOOKS_SOURCES ?? '')).toMatchObject([
      { name: 'example-kyc' },
    ]);
  });

  it('runs the operator’s sources instead, each with its own secret document', async () => {
    const env = {
      STANDARD_WEBHOOKS_SOURCES: JSON.stringify([source]),
      ACME_KYC_SECRETS: JSON.stringify({ signingSecrets: [acmeSecret] }),
    };
    const secrets = await readLocalSecrets(env);
    expect(Object.keys(secrets.documents)).toEqual([...PROVIDER_NAMES, 'acme-kyc']);
    expect(secrets.origins['acme-kyc']?.fingerprint).toMatch(/^sha256:[0-9a-f]{8}$/);
    expect(Object.keys(localHandlerEnvironment(secrets.documents, env))).toContain(
      'ACME_KYC_SECRETS',
    );
  });

  it('stops with one line for a source without secrets, an invalid source or a bad document', async () => {
    const missing = readLocalSecrets({ STANDARD_WEBHOOKS_SOURCES: JSON.stringify([source]) });
    await expect(missing).rejects.toThrow(LocalSetupError);
    await expect(missing).rejects.toThrow(/ACME_KYC_SECRETS is required for the source acme-kyc/);
    await expect(readLocalSecrets({ STANDARD_WEBHOOKS_SOURCES: '[{' })).rejects.toThrow(
      /STANDARD_WEBHOOKS_SOURCES is not JSON/,
    );
    await expect(
      readLocalSecrets({
        STANDARD_WEBHOOKS_SOURCES: JSON.stringify([{ ...source, name: 'sumsub' }]),
      }),
    ).rejects.toThrow(/cannot take a provider's name: sumsub/);
    const bad = readLocalSecrets({ SUMSUB_SECRETS: '{"signingSecrets":[]}' });
    await expect(bad).rejects.toThrow(
      /SUMSUB_SECRETS: sumsub secret document is invalid: signingSecrets must list/,
    );
  });

  it('signs each provider’s webhook as its adapter verifies it', () => {
    const headers = signatureHeaders('sumsub', '{}', DEV_SECRET_DOCUMENTS);
    expect(Object.keys(headers)).toEqual(['x-payload-digest', 'x-payload-digest-alg']);
    expect(() => signatureHeaders('acme', '{}', DEV_SECRET_DOCUMENTS)).toThrow(
      /unknown provider acme/,
    );
  });
});
