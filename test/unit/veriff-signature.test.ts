import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signVeriff, verifyVeriff } from '../../functions/providers/veriff/signature.js';
import { fixture, VERIFF_DECISION, VERIFF_SAMPLES } from '../support/fixtures.js';

const INTEGRATION = { apiKey: 'api-key-live', sharedSecret: 'shared-secret-current' };
const ROTATED = { apiKey: 'api-key-live', sharedSecret: 'shared-secret-previous' };
const OTHER = { apiKey: 'api-key-other', sharedSecret: 'shared-secret-other' };

const request = (headers: Record<string, string>, body: Uint8Array) => ({ headers, body });
const signed = (body: Uint8Array, secret = INTEGRATION.sharedSecret, apiKey = INTEGRATION.apiKey) =>
  request({ 'x-auth-client': apiKey, 'x-hmac-signature': signVeriff(body, secret) }, body);

describe('Veriff signature', () => {
  it.each(VERIFF_SAMPLES)('accepts the seed sample %s', (path) => {
    expect(verifyVeriff(signed(fixture(path)), [INTEGRATION])).toEqual({ ok: true });
  });

  it('accepts a decision webhook signed the same way', () => {
    expect(verifyVeriff(signed(fixture(VERIFF_DECISION)), [INTEGRATION])).toEqual({ ok: true });
  });

  it('reads the vrf-auth-client / vrf-hmac-signature names as aliases', () => {
    const body = fixture(VERIFF_DECISION);
    const aliased = request(
      {
        'vrf-auth-client': INTEGRATION.apiKey,
        'vrf-hmac-signature': signVeriff(body, INTEGRATION.sharedSecret),
      },
      body,
    );
    expect(verifyVeriff(aliased, [INTEGRATION])).toEqual({ ok: true });
    const forged = request(
      { 'vrf-auth-client': INTEGRATION.apiKey, 'vrf-hmac-signature': signVeriff(body, 'guess') },
      body,
    );
    expect(verifyVeriff(forged, [INTEGRATION])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(
      verifyVeriff(request({ 'vrf-auth-client': INTEGRATION.apiKey }, body), [INTEGRATION]),
    ).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('is the hex HMAC-SHA256 of the raw body with the shared secret', () => {
    const body = fixture('veriff/submitted.json');
    const expected = createHmac('sha256', INTEGRATION.sharedSecret).update(body).digest('hex');
    expect(signVeriff(body, INTEGRATION.sharedSecret)).toBe(expected);
  });

  it('compares the signature case-insensitively', () => {
    const body = fixture('veriff/submitted.json');
    const headers = {
      'x-auth-client': INTEGRATION.apiKey,
      'x-hmac-signature': signVeriff(body, INTEGRATION.sharedSecret).toUpperCase(),
    };
    expect(verifyVeriff(request(headers, body), [INTEGRATION])).toEqual({ ok: true });
  });

  it('rejects a wrong secret and a tampered body', () => {
    const body = fixture('veriff/submitted.json');
    expect(verifyVeriff(signed(body, 'not-the-secret'), [INTEGRATION])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    const genuine = signed(body);
    const tampered = request(genuine.headers, Buffer.from(body.toString().replace('7002', '7001')));
    expect(verifyVeriff(tampered, [INTEGRATION])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('selects the secret by API key: another integration’s secret does not pass', () => {
    const body = fixture('veriff/submitted.json');
    expect(verifyVeriff(signed(body, OTHER.sharedSecret), [INTEGRATION, OTHER])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(
      verifyVeriff(signed(body, OTHER.sharedSecret, OTHER.apiKey), [INTEGRATION, OTHER]),
    ).toEqual({ ok: true });
  });

  it('accepts every shared secret listed for the API key during a rotation', () => {
    const body = fixture('veriff/flow_cancelled.json');
    expect(verifyVeriff(signed(body, ROTATED.sharedSecret), [INTEGRATION, ROTATED])).toEqual({
      ok: true,
    });
    expect(verifyVeriff(signed(body, ROTATED.sharedSecret), [INTEGRATION])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('names missing headers and unknown API keys', () => {
    const body = fixture('veriff/submitted.json');
    const signature = signVeriff(body, INTEGRATION.sharedSecret);
    expect(verifyVeriff(request({ 'x-hmac-signature': signature }, body), [INTEGRATION])).toEqual({
      ok: false,
      reason: 'missing_api_key',
    });
    expect(
      verifyVeriff(request({ 'x-auth-client': INTEGRATION.apiKey }, body), [INTEGRATION]),
    ).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifyVeriff(signed(body, INTEGRATION.sharedSecret, 'nobody'), [INTEGRATION])).toEqual({
      ok: false,
      reason: 'unknown_api_key',
    });
  });

  it('reads a header repeated on the way (joined with commas) as its several values', () => {
    const body = fixture('veriff/submitted.json');
    const signature = signVeriff(body, INTEGRATION.sharedSecret);
    const repeated = {
      'x-auth-client': `${INTEGRATION.apiKey}, ${INTEGRATION.apiKey}`,
      'x-hmac-signature': `${'00'.repeat(32)},${signature}`,
    };
    expect(verifyVeriff(request(repeated, body), [INTEGRATION])).toEqual({ ok: true });
    const forged = { ...repeated, 'x-hmac-signature': `${'00'.repeat(32)},${'11'.repeat(32)}` };
    expect(verifyVeriff(request(forged, body), [INTEGRATION])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('rejects signatures that are not 64 hex digits without throwing', () => {
    const body = fixture('veriff/submitted.json');
    for (const signature of [
      'zz',
      'ab'.repeat(33),
      `${signVeriff(body, INTEGRATION.sharedSecret)}x`,
    ]) {
      const headers = { 'x-auth-client': INTEGRATION.apiKey, 'x-hmac-signature': signature };
      expect(verifyVeriff(request(headers, body), [INTEGRATION])).toEqual({
        ok: false,
        reason: 'signature_mismatch',
      });
    }
  });
});
