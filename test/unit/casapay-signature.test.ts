import { describe, expect, it } from 'vitest';
import {
  parseSignatureHeader,
  signCasaPay,
  verifyCasaPay,
} from '../../functions/providers/casapay/signature.js';
import { CASAPAY_COMPLETED, fixture } from '../support/fixtures.js';

const SECRET = 'whsec_test_current';
const OLD_SECRET = 'whsec_test_previous';
const NOW = new Date('2026-11-24T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
const TOLERANCE = 300;
const body = fixture(CASAPAY_COMPLETED);

const request = (header: string | undefined, payload: Uint8Array = body) => ({
  headers: header === undefined ? {} : { 'x-casapay-signature': header },
  body: payload,
});
const verify = (header: string | undefined, secrets = [SECRET], payload: Uint8Array = body) =>
  verifyCasaPay(request(header, payload), secrets, NOW, TOLERANCE);

describe('CasaPay signature', () => {
  it('accepts the seed sample signed with the current secret', () => {
    expect(verify(signCasaPay(body, SECRET, T))).toEqual({ ok: true });
  });

  it('matches an independently computed HMAC over "<t>.<raw body>"', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', SECRET)
      .update(`${T}.${body.toString('utf8')}`)
      .digest('hex');
    expect(signCasaPay(body, SECRET, T)).toBe(`t=${T},v1=${expected}`);
  });

  it('rejects a signature made with another secret', () => {
    expect(verify(signCasaPay(body, 'whsec_attacker', T))).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('rejects a tampered body, even one that parses to the same JSON', () => {
    const header = signCasaPay(body, SECRET, T);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    const tampered = Buffer.from(body.toString('utf8').replace('completed', 'failed'));
    expect(verify(header, [SECRET], reformatted)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify(header, [SECRET], tampered)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('rejects a signature whose timestamp was changed after signing', () => {
    const [, v1] = signCasaPay(body, SECRET, T).split(',');
    expect(verify(`t=${T + 1},${v1}`)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('enforces the tolerance on stale and future timestamps, inclusive at the edge', () => {
    expect(verify(signCasaPay(body, SECRET, T - TOLERANCE))).toEqual({ ok: true });
    expect(verify(signCasaPay(body, SECRET, T + TOLERANCE))).toEqual({ ok: true });
    expect(verify(signCasaPay(body, SECRET, T - TOLERANCE - 1))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verify(signCasaPay(body, SECRET, T + TOLERANCE + 1))).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
  });

  it('accepts any of several v1 entries, in any order with t', () => {
    const good = signCasaPay(body, SECRET, T).split(',')[1];
    const bad = signCasaPay(body, 'whsec_other', T).split(',')[1];
    expect(verify(`${bad},t=${T},${good}`)).toEqual({ ok: true });
    expect(verify(` ${good} , t=${T} `)).toEqual({ ok: true });
    expect(verify(`t=${T},v0=deadbeef,${good}`)).toEqual({ ok: true });
  });

  it('accepts a request signed with any secret of a rotation', () => {
    expect(verify(signCasaPay(body, OLD_SECRET, T), [SECRET, OLD_SECRET])).toEqual({ ok: true });
    expect(verify(signCasaPay(body, SECRET, T), [SECRET, OLD_SECRET])).toEqual({ ok: true });
    expect(verify(signCasaPay(body, OLD_SECRET, T), [SECRET])).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('treats a missing or empty header as missing', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify('  ')).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it.each([
    ['no timestamp', 'v1=abc'],
    ['no signature', `t=${T}`],
    ['a non-numeric timestamp', 't=12a,v1=00'],
    ['two different timestamps', `t=${T},t=${T - 1},v1=00`],
    ['no key-value pairs', 'garbage'],
  ])('rejects a header with %s as malformed', (_, header) => {
    expect(verify(header)).toEqual({ ok: false, reason: 'malformed_signature' });
  });

  it('rejects uppercase or truncated hex, which CasaPay never sends', () => {
    const [t, v1] = signCasaPay(body, SECRET, T).split(',');
    expect(verify(`${t},${v1?.toUpperCase().replace('V1', 'v1')}`)).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify(`${t},${v1?.slice(0, -2)}`)).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('parses a repeated identical timestamp, which a proxy that joins headers can produce', () => {
    expect(parseSignatureHeader(`t=${T},v1=aa,t=${T},v1=bb`)).toEqual({
      timestamp: T,
      signatures: ['aa', 'bb'],
    });
  });
});
