import { describe, expect, it } from 'vitest';
import { ConfigError, readIngestConfig } from '../../functions/config.js';
import { CASAPAY_OPTIONS } from '../../functions/providers/casapay/authenticator.js';
import { optionsEnvironment, SecretDocumentError } from '../../functions/providers/provider.js';
import { PROVIDER_NAMES, providerAdapters } from '../../functions/providers/registry.js';
import { largestQueueableBodyFor } from '../../functions/queue/queued-webhook.js';
import { LARGEST_BODY_LIMIT_BYTES } from '../../functions/queue/topology.js';
import {
  EnvSecretSource,
  ProviderSecrets,
  secretsEnvName,
} from '../../functions/secrets/secret-source.js';

const adapters = providerAdapters();
const casapay = adapters.get('casapay');
const veriff = adapters.get('veriff');
if (!casapay || !veriff) throw new Error('providers missing');

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection with an Error');
}

describe('provider secrets', () => {
  it('trims every secret when the document is loaded', async () => {
    const secrets = new ProviderSecrets(
      new EnvSecretSource({
        CASAPAY_SECRETS: JSON.stringify({ signingSecrets: ['  whsec_new\n', '\twhsec_old '] }),
        VERIFF_SECRETS: JSON.stringify({
          integrations: [{ apiKey: ' key ', sharedSecret: ' secret\n' }],
        }),
      }),
    );
    expect(await secrets.secretsFor(casapay)).toEqual({
      signingSecrets: ['whsec_new', 'whsec_old'],
    });
    expect(await secrets.secretsFor(veriff)).toEqual({
      integrations: [{ apiKey: 'key', sharedSecret: 'secret' }],
    });
  });

  it('parses a document once and serves the cached result afterwards', async () => {
    const secrets = new ProviderSecrets(
      new EnvSecretSource({ CASAPAY_SECRETS: '{"signingSecrets":["a"]}' }),
    );
    expect(await secrets.secretsFor(casapay)).toBe(await secrets.secretsFor(casapay));
  });

  it.each([
    ['an empty list', { signingSecrets: [] }],
    ['a blank secret', { signingSecrets: ['whsec_visible_secret', '   '] }],
    ['a number', { signingSecrets: [12345678] }],
    ['the wrong shape', { secrets: ['whsec_visible_secret'] }],
  ])('refuses a CasaPay document with %s without quoting any value', async (_, document) => {
    const secrets = new ProviderSecrets(
      new EnvSecretSource({ CASAPAY_SECRETS: JSON.stringify(document) }),
    );
    const error = await rejectionOf(secrets.secretsFor(casapay));
    expect(error.name).toBe('SecretDocumentError');
    expect(error.message).not.toMatch(/whsec_visible_secret|12345678/);
  });

  it('refuses text that is not JSON as an invalid document, without repeating any of it', async () => {
    for (const text of [
      'whsec_pasted_alone',
      '{"integrations":[{"apiKey":"k","sharedSecret":"whsec_cut',
    ]) {
      const secrets = new ProviderSecrets(new EnvSecretSource({ VERIFF_SECRETS: text }));
      const error = await rejectionOf(secrets.secretsFor(veriff));
      expect(error).toBeInstanceOf(SecretDocumentError);
      expect(error.message).toBe('veriff secret document is invalid: (document) is not JSON');
    }
  });

  it.each([
    ['a list instead of an object', ['whsec_visible_secret'], 'signingSecrets is missing'],
    ['an empty list', { signingSecrets: [] }, 'signingSecrets must list at least one secret'],
    [
      'a string instead of a list',
      { signingSecrets: 'whsec_visible_secret' },
      'signingSecrets expected Array',
    ],
    ['a number', 42, '(document) expected Object'],
  ])('names the path and the problem of %s', async (_, document, problem) => {
    const secrets = new ProviderSecrets(
      new EnvSecretSource({ CASAPAY_SECRETS: JSON.stringify(document) }),
    );
    const error = await rejectionOf(secrets.secretsFor(casapay));
    expect(error.message).toBe(`casapay secret document is invalid: ${problem}`);
  });
});

describe('ingest configuration', () => {
  const local = {
    QUEUE_URL: 'http://q',
    ...Object.fromEntries(PROVIDER_NAMES.map((name) => [secretsEnvName(name), '{}'])),
  };

  it('applies the documented defaults', () => {
    expect(readIngestConfig(local)).toEqual({
      queueUrl: 'http://q',
      queueTextCharacters: 'xml',
      providers: ['casapay', 'veriff', 'stripe-identity', 'persona', 'sumsub', 'onfido'],
      providerOptions: {
        casapay: { toleranceSeconds: 300 },
        veriff: {},
        'stripe-identity': { toleranceSeconds: 300 },
        persona: { toleranceSeconds: 300 },
        sumsub: {},
        onfido: {},
      },
      sources: [],
      maxBodyBytes: 262_144,
      secretsCacheSeconds: 300,
      secrets: { kind: 'environment' },
    });
  });

  it('reads Secrets Manager ids on AWS and refuses a half-configured deployment', () => {
    const aws = {
      QUEUE_URL: 'q',
      ENABLED_PROVIDERS: 'casapay,veriff,stripe-identity',
      CASAPAY_SECRET_ID: 'arn:1',
      VERIFF_SECRET_ID: 'arn:2',
      STRIPE_IDENTITY_SECRET_ID: 'arn:3',
    };
    expect(readIngestConfig(aws).secrets).toEqual({
      kind: 'secrets-manager',
      secretIds: { casapay: 'arn:1', veriff: 'arn:2', 'stripe-identity': 'arn:3' },
    });
    expect(() => readIngestConfig({ ...aws, STRIPE_IDENTITY_SECRET_ID: undefined })).toThrow(
      /STRIPE_IDENTITY_SECRET_ID/,
    );
  });

  it('receives Standard Webhooks sources, alone too, and refuses one that takes a provider name', () => {
    const source = {
      name: 'acme-kyc',
      sessionIdPath: 'data.id',
      statusPath: 'type',
      statuses: { 'check.passed': { outcome: 'approved', final: true } },
    };
    const config = readIngestConfig({
      QUEUE_URL: 'q',
      ENABLED_PROVIDERS: '',
      STANDARD_WEBHOOKS_SOURCES: JSON.stringify([source]),
      ACME_KYC_SECRET_ID: 'arn:4',
    });
    expect(config.providers).toEqual([]);
    expect(config.sources.map((s) => [s.name, s.toleranceSeconds])).toEqual([['acme-kyc', 300]]);
    expect(config.secrets).toEqual({ kind: 'secrets-manager', secretIds: { 'acme-kyc': 'arn:4' } });
    const env = {
      ...local,
      STANDARD_WEBHOOKS_SOURCES: JSON.stringify([{ ...source, name: 'persona' }]),
    };
    expect(() => readIngestConfig(env)).toThrow(/cannot take a provider's name: persona/);
    expect(() =>
      readIngestConfig({ ...local, STANDARD_WEBHOOKS_SOURCES: '[{"name":"Acme"}]' }),
    ).toThrow(ConfigError);
  });

  it('names what is missing or malformed', () => {
    expect(() => readIngestConfig({ ...local, QUEUE_URL: ' ' })).toThrow(ConfigError);
    expect(() => readIngestConfig({ ...local, VERIFF_SECRETS: undefined })).toThrow(
      /VERIFF_SECRETS/,
    );
    expect(() => readIngestConfig({ ...local, MAX_BODY_BYTES: '12kb' })).toThrow(/MAX_BODY_BYTES/);
    expect(() => readIngestConfig({ ...local, CASAPAY_TOLERANCE_SECONDS: '-5' })).toThrow(
      /TOLERANCE/,
    );
    expect(() => readIngestConfig({ ...local, QUEUE_TEXT_CHARACTERS: 'bmp' })).toThrow(
      'environment variable QUEUE_TEXT_CHARACTERS must be one of xml, basic',
    );
  });

  it('refuses a body limit the queue or the quarantine could not hold once base64-encoded', () => {
    // The quarantine item (400 KB) is the tighter bound: (400 KiB - 4 KiB reserve) * 3/4.
    expect(LARGEST_BODY_LIMIT_BYTES).toBe(304_128);
    // And the 1 KiB kept for the message attributes covers them at their longest.
    expect(LARGEST_BODY_LIMIT_BYTES).toBeLessThan(largestQueueableBodyFor(PROVIDER_NAMES));
    const at = { ...local, MAX_BODY_BYTES: String(LARGEST_BODY_LIMIT_BYTES) };
    expect(readIngestConfig(at).maxBodyBytes).toBe(LARGEST_BODY_LIMIT_BYTES);
    expect(() =>
      readIngestConfig({ ...at, MAX_BODY_BYTES: String(LARGEST_BODY_LIMIT_BYTES + 1) }),
    ).toThrow(
      new ConfigError(
        `MAX_BODY_BYTES must be at most 304128: a body of 304129 bytes, base64-encoded, may not fit one SQS message (1 MiB) or one quarantine item (DynamoDB's 400 KB)`,
      ),
    );
  });

  it('receives only the enabled providers, and needs secrets for those only', () => {
    const config = readIngestConfig({
      QUEUE_URL: 'q',
      ENABLED_PROVIDERS: 'veriff',
      VERIFF_SECRET_ID: 'arn:2',
    });
    expect(config.providers).toEqual(['veriff']);
    expect(config.secrets).toEqual({ kind: 'secrets-manager', secretIds: { veriff: 'arn:2' } });
    expect(() => readIngestConfig({ ...local, ENABLED_PROVIDERS: 'casapay,acme' })).toThrow(
      /ENABLED_PROVIDERS names unknown providers: acme/,
    );
  });

  it('reads each provider option from the variable its module declares', () => {
    const environment = optionsEnvironment(CASAPAY_OPTIONS, { toleranceSeconds: 60 });
    expect(environment).toEqual({ CASAPAY_TOLERANCE_SECONDS: '60' });
    expect(readIngestConfig({ ...local, ...environment }).providerOptions.casapay).toEqual({
      toleranceSeconds: 60,
    });
    expect(optionsEnvironment(CASAPAY_OPTIONS)).toEqual({ CASAPAY_TOLERANCE_SECONDS: '300' });
  });
});
