import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import {
  CASAPAY_EVENT_TYPES,
  casapaySample,
  VERIFF_EVENTS,
  type VeriffAction,
  veriffSample,
} from '../../functions/local/samples.js';
import { signatureHeaders } from '../../functions/local/signed-request.js';
import { SEED_PII } from '../support/fixtures.js';
import { type RunningLocalMode, startLocalMode } from '../support/local-mode.js';

describe('local mode (npm start): intake', () => {
  let local: RunningLocalMode;
  beforeAll(async () => {
    local = await startLocalMode();
  });
  afterAll(async () => {
    await local?.stop();
  });

  const post = (provider: string, body: string, headers: Record<string, string>) =>
    fetch(`${local.url}/webhooks/${provider}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('prints the URL, the development secrets and a copy-paste example', () => {
    expect(local.output()).toContain(JSON.stringify(DEV_SECRET_DOCUMENTS.casapay));
    expect(local.output()).toContain(JSON.stringify(DEV_SECRET_DOCUMENTS.veriff));
    expect(local.output()).toMatch(/curl -i -X POST http:\/\/127\.0\.0\.1:\d+\/webhooks\/veriff/);
  });

  it('accepts every sample event type of both providers, signed as the provider signs', async () => {
    const created = Math.floor(Date.now() / 1000);
    for (const type of CASAPAY_EVENT_TYPES) {
      const body = casapaySample(type, { session: 'vs_e2e_1', created });
      const response = await post(
        'casapay',
        body,
        signatureHeaders('casapay', body, DEV_SECRET_DOCUMENTS),
      );
      expect(response.status, type).toBe(200);
    }
    for (const action of Object.keys(VERIFF_EVENTS) as VeriffAction[]) {
      const body = veriffSample(action, { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
      const response = await post(
        'veriff',
        body,
        signatureHeaders('veriff', body, DEV_SECRET_DOCUMENTS),
      );
      expect(response.status, action).toBe(200);
    }
  });

  it('answers 401 to a request signed with another secret, 404 to an unknown provider', async () => {
    const body = veriffSample('started', { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
    const forged = signatureHeaders('veriff', body, {
      ...DEV_SECRET_DOCUMENTS,
      veriff: { integrations: [{ apiKey: 'local-api-key', sharedSecret: 'guessed' }] },
    });
    expect((await post('veriff', body, forged)).status).toBe(401);
    expect((await post('acme', body, {})).status).toBe(404);
  });

  it('logs JSON lines without applicant data', () => {
    expect(local.output()).toMatch(/"outcome":"accepted"/);
    for (const pii of SEED_PII) expect(local.output()).not.toContain(pii);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const code = await local.stop();
    expect(code).toBe(0);
    await expect(fetch(`${local.url}/webhooks/veriff`, { method: 'POST' })).rejects.toThrow();
  });
});
