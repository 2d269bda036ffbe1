// Runs after every other test (vitest groupOrder): scans what the whole run logged, including
// `npm start` in the e2e tests, for applicant data, secrets, signatures and raw bodies.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_PII } from '../../functions/local/casapay-report-sample.js';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import {
  PERSONA_PII,
  STANDARD_WEBHOOKS_PII,
  STRIPE_IDENTITY_PII,
  SUMSUB_PII,
} from '../../functions/local/samples.js';
import { CASAPAY_SECRET, VERIFF_INTEGRATION } from '../support/webhooks.js';

const dir = process.env.IDV_LOG_SINK_DIR ?? '.reports/logs';
const files = (() => {
  try {
    return readdirSync(dir).map((name) => join(dir, name));
  } catch {
    return [];
  }
})();
const lines = files.flatMap((file) => readFileSync(file, 'utf8').split('\n'));
/** Structured log lines and EMF documents: what would reach CloudWatch Logs. */
const logLines = lines.filter((line) => line.startsWith('{') && /"(level|_aws)":/.test(line));

/** A pattern matching any of a sample's personal values (as words, escaped). */
const words = (values: Readonly<Record<string, string>>) =>
  new RegExp(
    Object.values(values)
      .map((value) => `\\b${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)
      .join('|'),
  );

/** Where a pattern was found, without repeating what was found. */
const findings = (pattern: RegExp, within: string[]) =>
  within.flatMap((line, index) => (pattern.test(line) ? [`line ${index + 1}`] : [])).slice(0, 5);

describe('the log output of the whole test run', () => {
  it('is substantial enough for the audit to mean something', () => {
    const count = (text: string) => logLines.filter((line) => line.includes(text)).length;
    expect(count('"outcome":"accepted"')).toBeGreaterThanOrEqual(20);
    expect(count('"outcome":"applied"')).toBeGreaterThanOrEqual(10);
    expect(count('"outcome":"quarantined"')).toBeGreaterThanOrEqual(3);
    expect(count('"outcome":"auth_failed"')).toBeGreaterThanOrEqual(3);
    expect(count('"_aws":')).toBeGreaterThanOrEqual(10);
    // CasaPay reports were retrieved (their samples carry every personal and financial field).
    expect(count('"message":"report retrieved"')).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['the seed applicant’s first name', /\bJane\b/],
    ['the seed applicant’s last name', /\bDoe\b/],
    ['the seed applicant’s email address', /jane\.doe@example\.com/i],
    ['Veriff decision person', /\b(SARAH|MORGAN)\b|1967-03-30|38703300054/],
    ['Veriff decision document number', /MORGA753116SM9IJ/],
    ['Veriff decision IP address', /186\.153\.67\.122/],
    ['Stripe Identity verified outputs', words(STRIPE_IDENTITY_PII)],
    ['Stripe Identity metadata', /jenny\.rosen@example\.com/],
    ['Persona inquiry attributes', words(PERSONA_PII)],
    ['Sumsub reviewer comment', words(SUMSUB_PII)],
    ['Standard Webhooks sender payload', words(STANDARD_WEBHOOKS_PII)],
    ['the contract’s extra personal field (Onfido)', /jordan\.onfido@example\.com|\bJordan\b/],
  ])('never contains applicant data: %s', (_, pattern) => {
    expect(findings(pattern, lines)).toEqual([]);
  });

  it.each(Object.entries(REPORT_PII))(
    'never contains a personal or financial field of a CasaPay report: %s',
    (_, value) => {
      const escaped = String(value).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(findings(new RegExp(escaped), lines)).toEqual([]);
    },
  );

  it('never contains a secret, a signature or a raw body in a log line', () => {
    const secrets = [
      CASAPAY_SECRET,
      VERIFF_INTEGRATION.sharedSecret,
      ...DEV_SECRET_DOCUMENTS.veriff.integrations.map((i) => i.sharedSecret),
      ...Object.values(DEV_SECRET_DOCUMENTS).flatMap((d) =>
        'signingSecrets' in d ? d.signingSecrets : [],
      ),
    ];
    for (const secret of secrets) expect(findings(new RegExp(secret), logLines)).toEqual([]);
    expect(
      findings(
        /v1=[0-9a-f]{64}|v1,[A-Za-z0-9+/]{43}=|x-hmac-signature|x-casapay-signature|stripe-signature|persona-signature|x-payload-digest|x-sha2-signature|webhook-signature/i,
        logLines,
      ),
    ).toEqual([]);
    expect(findings(/"data":\{"object"|vendorData|endUserId|"applicant"/, logLines)).toEqual([]);
  });
});
