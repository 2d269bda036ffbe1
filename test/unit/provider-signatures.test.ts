// The details of each new provider's signature scheme beyond the contract: the bytes signed,
// computed independently (and, for Standard Webhooks, by the reference library), rotation forms,
// and what each scheme refuses.
import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyOnfido } from '../../functions/providers/onfido/signature.js';
import { signPersona, verifyPersona } from '../../functions/providers/persona/signature.js';
import { standardWebhooks } from '../../functions/providers/standard-webhooks/adapter.js';
import {
  signingKey,
  signStandardWebhook,
  verifyStandardWebhook,
} from '../../functions/providers/standard-webhooks/signature.js';
import { parseStandardWebhooksSources } from '../../functions/providers/standard-webhooks/sources.js';
import {
  signStripeIdentity,
  verifyStripeIdentity,
} from '../../functions/providers/stripe-identity/signature.js';
import { signSumsub, verifySumsub } from '../../functions/providers/sumsub/signature.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const body = Buffer.from('{"id":"evt_1","type":"identity.verification_session.verified"}');
const hex = (algorithm: string, key: string | Buffer, content: string) =>
  createHmac(algorithm, key).update(content).digest('hex');
const request = (headers: Record<string, string>, payload: Uint8Array = body) => ({
  headers,
  body: payload,
});

describe('Stripe Identity signature', () => {
  const verify = (header: string, secrets = ['whsec_a']) =>
    verifyStripeIdentity(request({ 'stripe-signature': header }), secrets, NOW, 300);

  it('is an HMAC-SHA256 of "<t>.<raw body>" in v1', () => {
    expect(signStripeIdentity(body, 'whsec_a', T)).toBe(
      `t=${T},v1=${hex('sha256', 'whsec_a', `${T}.${body.toString()}`)}`,
    );
  });

  it('ignores v0 and other schemes, accepts any v1 of a secret roll, refuses two different t', () => {
    const v1 = hex('sha256', 'whsec_a', `${T}.${body.toString()}`);
    const other = hex('sha256', 'whsec_old', `${T}.${body.toString()}`);
    expect(verify(`t=${T},v0=${'0'.repeat(64)},v1=${v1}`)).toEqual({ ok: true });
    expect(verify(`t=${T},v1=${other},v1=${v1}`)).toEqual({ ok: true });
    expect(verify(`t=${T},v0=${v1}`)).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify(`t=${T},t=${T + 1},v1=${v1}`)).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
  });
});

describe('Persona signature', () => {
  const verify = (header: string, secrets = ['wbhsec_new']) =>
    verifyPersona(request({ 'persona-signature': header }), secrets, NOW, 300);
  const group = (secret: string, t: number) =>
    `t=${t},v1=${hex('sha256', secret, `${t}.${body.toString()}`)}`;

  it('is an HMAC-SHA256 of "<t>.<raw body>", one group per secret during a rotation', () => {
    expect(signPersona(body, ['wbhsec_new', 'wbhsec_old'], T)).toBe(
      `${group('wbhsec_new', T)} ${group('wbhsec_old', T)}`,
    );
    expect(verify(signPersona(body, ['wbhsec_old', 'wbhsec_new'], T))).toEqual({ ok: true });
  });

  it('checks each group against its own timestamp', () => {
    // A stale group signed with our secret and a fresh one signed with another: no match.
    expect(verify(`${group('wbhsec_new', T - 301)} ${group('wbhsec_other', T)}`)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify(`${group('wbhsec_other', T - 301)} ${group('wbhsec_new', T - 10)}`)).toEqual({
      ok: true,
    });
    expect(verify(group('wbhsec_new', T - 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify('v1=abc')).toEqual({ ok: false, reason: 'malformed_signature' });
  });
});

describe('Sumsub signature', () => {
  const verify = (headers: Record<string, string>) => verifySumsub(request(headers), ['key']);

  it.each([
    ['HMAC_SHA1_HEX', 'sha1'],
    ['HMAC_SHA256_HEX', 'sha256'],
    ['HMAC_SHA512_HEX', 'sha512'],
  ] as const)('verifies %s as the hex %s HMAC of the raw body', (name, algorithm) => {
    const digest = hex(algorithm, 'key', body.toString());
    expect(signSumsub(body, 'key', name)).toEqual({
      'x-payload-digest': digest,
      'x-payload-digest-alg': name,
    });
    expect(
      verify({ 'x-payload-digest': digest.toUpperCase(), 'x-payload-digest-alg': name }),
    ).toEqual({
      ok: true,
    });
  });

  it('reads a missing algorithm as SHA-256 and refuses one Sumsub does not document', () => {
    const sha256 = hex('sha256', 'key', body.toString());
    expect(verify({ 'x-payload-digest': sha256 })).toEqual({ ok: true });
    expect(verify({ 'x-payload-digest': hex('sha1', 'key', body.toString()) })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify({ 'x-payload-digest': sha256, 'x-payload-digest-alg': 'MD5' })).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    expect(
      verify({
        'x-payload-digest': sha256,
        'x-payload-digest-alg': 'HMAC_SHA1_HEX,HMAC_SHA256_HEX',
      }),
    ).toEqual({ ok: false, reason: 'malformed_signature' });
    expect(verify({ 'x-payload-digest-alg': 'HMAC_SHA256_HEX' })).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });
});

describe('Onfido signature', () => {
  it('is the hex HMAC-SHA256 of the raw body keyed with the webhook token, any case', () => {
    const digest = hex('sha256', 'token', body.toString());
    const verify = (signature: string) =>
      verifyOnfido(request({ 'x-sha2-signature': signature }), ['old', 'token']);
    expect(verify(digest)).toEqual({ ok: true });
    expect(verify(digest.toUpperCase())).toEqual({ ok: true });
    expect(verify(digest.slice(1))).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verifyOnfido(request({}), ['token'])).toEqual({
      ok: false,
      reason: 'missing_signature',
    });
  });
});

describe('Standard Webhooks signature', () => {
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const key = signingKey(secret) as Buffer;
  const verify = (headers: Record<string, string>, at = NOW) =>
    verifyStandardWebhook(request(headers), [key], at, 300);

  it('agrees with the reference library both ways', () => {
    // The reference library checks against the real clock.
    const ours = signStandardWebhook(secret, 'msg_1', Math.floor(Date.now() / 1000), body);
    expect(() => new Webhook(secret).verify(body.toString(), ours)).not.toThrow();
    const forged = { ...ours, 'webhook-id': 'msg_forged' };
    expect(() => new Webhook(secret).verify(body.toString(), forged)).toThrow();
    const theirs = new Webhook(secret).sign('msg_2', new Date(), body.toString());
    const headers = {
      'webhook-id': 'msg_2',
      'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
      'webhook-signature': theirs,
    };
    expect(verifyStandardWebhook(request(headers), [key], new Date(), 300)).toEqual({ ok: true });
  });

  it('signs "<id>.<timestamp>.<raw body>" with the base64-decoded key', () => {
    const { 'webhook-signature': signature } = signStandardWebhook(secret, 'msg_1', T, body);
    const expected = createHmac('sha256', key)
      .update(`msg_1.${T}.${body.toString()}`)
      .digest('base64');
    expect(signature).toBe(`v1,${expected}`);
  });

  it('accepts any listed v1 signature, ignores other versions, and names what is wrong', () => {
    const signed = signStandardWebhook(secret, 'msg_1', T, body);
    const valid = signed['webhook-signature'];
    const forged = `v1,${Buffer.alloc(32).toString('base64')}`;
    expect(verify({ ...signed, 'webhook-signature': `v1a,xyz ${forged} ${valid}` })).toEqual({
      ok: true,
    });
    expect(verify({ ...signed, 'webhook-signature': 'v1a,xyz' })).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    expect(verify({ ...signed, 'webhook-id': 'msg_other' })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify({ ...signed, 'webhook-timestamp': '12.5' })).toEqual({
      ok: false,
      reason: 'malformed_signature',
    });
    const { 'webhook-id': _id, ...withoutId } = signed;
    expect(verify(withoutId)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('refuses a secret that is not the base64 of a 24 to 64 byte key, naming the path only', () => {
    const [source] = parseStandardWebhooksSources([
      {
        name: 'acme',
        sessionIdPath: 'id',
        statusPath: 'type',
        statuses: { x: { outcome: null, final: false } },
      },
    ]);
    const adapter = standardWebhooks(source as NonNullable<typeof source>);
    for (const bad of ['whsec_not*base64', `whsec_${Buffer.alloc(8).toString('base64')}`]) {
      expect(() => adapter.parseSecrets({ signingSecrets: [secret, bad] })).toThrow(
        /acme secret document is invalid: signingSecrets\.1 must be whsec_/,
      );
      try {
        adapter.parseSecrets({ signingSecrets: [bad] });
      } catch (error) {
        expect(String(error)).not.toContain(bad);
      }
    }
    expect(adapter.parseSecrets({ signingSecrets: [` ${secret}\n`] }).signingSecrets).toEqual([
      secret,
    ]);
  });
});
