import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../../functions/intake/http-responses.js';
import type { IntakePorts } from '../../functions/intake/receive-webhook.js';
import {
  largestQueueableBody,
  MAX_REQUEST_ID_BYTES,
} from '../../functions/queue/queued-webhook.js';
import { ProviderSecrets } from '../../functions/secrets/secret-source.js';
import { captureLogs } from '../support/capture-logs.js';
import { CASAPAY_COMPLETED, fixture } from '../support/fixtures.js';
import { testIngest } from '../support/ingest.js';
import {
  CASAPAY_SECRET,
  casapayEvent,
  httpApiEvent,
  SECRET_DOCUMENTS,
  VERIFF_INTEGRATION,
  veriffEvent,
} from '../support/webhooks.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const logs = captureLogs();

const setup = (overrides: Partial<IntakePorts> = {}, remainingMs = 30_000) =>
  testIngest({ maxBodyBytes: 1024, now: () => NOW, ...overrides }, remainingMs);

const bodyOf = (response: HttpResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('ingest handler', () => {
  it('answers 404 with a JSON error for an unknown provider and enqueues nothing', async () => {
    const { invoke, published } = setup();
    const response = await invoke(httpApiEvent('stripe', '{}'));
    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toEqual({ error: 'unknown_provider', message: expect.any(String) });
    expect(published).toHaveLength(0);
  });

  it('answers 404 for a provider name that is an Object prototype key', async () => {
    const { invoke } = setup();
    for (const name of ['__proto__', 'constructor', 'toString', '']) {
      expect((await invoke(httpApiEvent(name, '{}'))).statusCode).toBe(404);
    }
  });

  it('answers 413 past the body limit, counting decoded bytes, before checking the signature', async () => {
    const { invoke, published } = setup();
    const atLimit = Buffer.alloc(1024, 0x20);
    const overLimit = Buffer.alloc(1025, 0x20);
    expect((await invoke(casapayEvent(atLimit, NOW, { base64: true }))).statusCode).toBe(200);
    const response = await invoke(httpApiEvent('casapay', overLimit, { base64: true }));
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response).error).toBe('payload_too_large');
    expect(published).toHaveLength(1);
  });

  it('answers the same 401 for every authentication failure and logs the reason', async () => {
    const { invoke, published } = setup();
    const body = fixture(CASAPAY_COMPLETED);
    const stale = casapayEvent(body, new Date(NOW.getTime() - 301_000), { requestId: 'stale' });
    const unknownKey = veriffEvent(body, {
      requestId: 'key',
      headers: { 'X-AUTH-CLIENT': 'someone-else' },
    });
    const unsigned = httpApiEvent('casapay', body, { requestId: 'unsigned' });
    const responses = [await invoke(stale), await invoke(unknownKey), await invoke(unsigned)];
    expect(new Set(responses.map((r) => `${r.statusCode} ${r.body}`)).size).toBe(1);
    expect(responses[0]?.statusCode).toBe(401);
    expect(bodyOf(responses[0] as HttpResponse).error).toBe('unauthorized');
    const reasons = Object.fromEntries(logs.records().map((r) => [r.requestId, r.reason]));
    expect(reasons).toMatchObject({
      stale: 'stale_timestamp',
      key: 'unknown_api_key',
      unsigned: 'missing_signature',
    });
    expect(published).toHaveLength(0);
  });

  it('finds signature headers whatever their case', async () => {
    const { invoke } = setup();
    const body = fixture('veriff/submitted.json');
    const event = veriffEvent(body);
    event.headers = Object.fromEntries(
      Object.entries(event.headers).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect((await invoke(event)).statusCode).toBe(200);
  });

  it('enqueues the raw body, the provider, the receive time and the request id', async () => {
    const { invoke, published } = setup();
    const body = fixture('veriff/flow_cancelled.json');
    await invoke(veriffEvent(body, { requestId: 'req-1', base64: true }));
    expect(published).toEqual([
      { provider: 'veriff', body, receivedAt: NOW.getTime(), requestId: 'req-1' },
    ]);
  });

  it('answers 503 when the secrets cannot be loaded, without leaking the cause', async () => {
    const { invoke, published } = setup({
      secrets: new ProviderSecrets({
        documentFor: async () => {
          throw new Error(`AccessDenied for ${CASAPAY_SECRET}`);
        },
      }),
    });
    const response = await invoke(
      casapayEvent(fixture(CASAPAY_COMPLETED), NOW, { requestId: 'no-secrets' }),
    );
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('AccessDenied');
    expect(logs.lines().join('\n')).not.toContain(CASAPAY_SECRET);
    expect(logs.records().find((r) => r.requestId === 'no-secrets')).toMatchObject({
      outcome: 'secrets_unavailable',
    });
    expect(published).toHaveLength(0);
  });

  it('answers 503 when an invalid secret document is configured, logging its path and no value', async () => {
    const broken = { integrations: [{ apiKey: VERIFF_INTEGRATION.apiKey, sharedSecret: '   ' }] };
    const { invoke } = setup({ secrets: new ProviderSecrets({ documentFor: async () => broken }) });
    const response = await invoke(
      veriffEvent(fixture('veriff/submitted.json'), { requestId: 'bad-doc' }),
    );
    expect(response.statusCode).toBe(503);
    expect(logs.records().find((r) => r.requestId === 'bad-doc')).toMatchObject({
      level: 'ERROR',
      outcome: 'secret_document_invalid',
      problem: 'veriff secret document is invalid: integrations.0.sharedSecret must not be empty',
    });
    expect(logs.lines().join('\n')).not.toContain(VERIFF_INTEGRATION.apiKey);
  });

  it('answers 400 to an empty body before any AWS call, however it is encoded', async () => {
    let secretReads = 0;
    const { invoke, published } = setup({
      secrets: new ProviderSecrets({
        documentFor: async (provider) => {
          secretReads++;
          return SECRET_DOCUMENTS[provider as keyof typeof SECRET_DOCUMENTS];
        },
      }),
    });
    const noBody = casapayEvent('', NOW);
    delete noBody.body;
    // Base64 text that decodes to no bytes at all.
    const decodesToNothing = { ...veriffEvent(''), body: '====', isBase64Encoded: true };
    for (const event of [casapayEvent('', NOW), noBody, decodesToNothing]) {
      const response = await invoke(event);
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toEqual({
        error: 'empty_body',
        message: 'The webhook has no body.',
      });
    }
    expect(secretReads).toBe(0);
    expect(published).toHaveLength(0);
  });

  it('answers 413 before any AWS call to a body no SQS message could hold, whatever the configured limit', async () => {
    const { invoke, published } = setup({ maxBodyBytes: 4 * 1024 * 1024 });
    const event = casapayEvent(Buffer.alloc(800_000, 0xff), NOW, {
      base64: true,
      requestId: 'req-huge',
    });
    const response = await invoke(event);
    const limit = largestQueueableBody({
      provider: 'casapay',
      requestId: 'req-huge',
      receivedAt: NOW.getTime(),
    });
    expect(limit).toBeLessThan(800_000);
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response)).toEqual({
      error: 'payload_too_large',
      message: `The body exceeds ${limit} bytes.`,
    });
    expect(published).toHaveLength(0);
  });

  it('replaces a request id that SQS could not carry, and answers with the one it queued', async () => {
    const { invoke, published } = setup();
    for (const requestId of ['', 'x'.repeat(MAX_REQUEST_ID_BYTES + 1), 'bad\u0000id']) {
      const response = await invoke(veriffEvent(fixture('veriff/submitted.json'), { requestId }));
      expect(response.statusCode).toBe(200);
      const answered = bodyOf(response).requestId;
      expect(answered).toMatch(/^[0-9a-f-]{36}$/);
      expect(published.at(-1)?.requestId).toBe(answered);
    }
  });

  it('answers 503 before the function times out when SQS never answers, and cancels the call', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const { invoke } = setup(
      {
        queue: {
          publish: (_, options) => {
            signals.push(options?.signal);
            return new Promise(() => undefined);
          },
        },
      },
      700,
    );
    const response = await invoke(veriffEvent(fixture('veriff/submitted.json')));
    expect(response.statusCode).toBe(503);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('hands each invocation a live signal: one that was aborted by a timeout is never reused', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    let hang = true;
    const { invoke } = setup(
      {
        queue: {
          publish: (_, options) => {
            signals.push(options?.signal);
            return hang ? new Promise(() => undefined) : Promise.resolve({ messageId: 'm' });
          },
        },
      },
      700,
    );
    expect((await invoke(veriffEvent(fixture('veriff/submitted.json')))).statusCode).toBe(503);
    hang = false;
    for (let i = 0; i < 3; i++) {
      expect((await invoke(veriffEvent(fixture('veriff/submitted.json')))).statusCode).toBe(200);
    }
    const [timedOut, ...answered] = signals;
    expect(timedOut?.aborted).toBe(true);
    expect(answered.map((signal) => signal?.aborted)).toEqual([false, false, false]);
    expect(answered).not.toContain(timedOut);
    // Invocations that answered in time leave their signal clean, so it serves the next one.
    expect(new Set(answered).size).toBe(1);
  });

  it('treats a queue adapter that throws as an enqueue failure, revealing nothing', async () => {
    const { invoke } = setup({
      queue: {
        publish: () => {
          throw new TypeError(`bug near ${VERIFF_INTEGRATION.sharedSecret}`);
        },
      },
    });
    const response = await invoke(veriffEvent(fixture('veriff/submitted.json')));
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain(VERIFF_INTEGRATION.sharedSecret);
  });

  it('answers 500 with a fixed body when the request is not an HTTP API event at all', async () => {
    const { invoke } = setup();
    const response = await invoke({} as Parameters<typeof invoke>[0]);
    expect(response).toMatchObject({ statusCode: 500 });
    expect(bodyOf(response)).toEqual({ error: 'internal_error', message: 'Unexpected error.' });
  });
});
