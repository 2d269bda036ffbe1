// What the reader keeps of a CasaPay report: ids, statuses, the verdict and scores, nothing of the
// personal and financial sections; a report that is not the one asked for is not kept.
import { describe, expect, it } from 'vitest';
import { casapayReportSample, REPORT_PII } from '../../functions/local/casapay-report-sample.js';
import { MAX_REPORT_ENTRIES, readReport } from '../../functions/reports/report-reading.js';

const subject = {
  sessionId: 'vs_1',
  documents: [{ id: 'du_1', documentType: 'passport', status: 'processed' }],
  checks: [
    { id: 'idc_1', checkType: 'document_verification', status: 'passed' },
    { id: 'idc_2', checkType: 'selfie_match', status: 'passed' },
  ],
};
const sample = casapayReportSample('vr_1', subject, 'completed', 1_706_140_900);

describe('reading a CasaPay report', () => {
  it('keeps the ids, statuses, verdict and scores', () => {
    expect(readReport(sample, 'vr_1', 'vs_1')).toEqual({
      ok: true,
      report: {
        id: 'vr_1',
        status: 'completed',
        verified: true,
        selfieMatch: 0.97,
        documents: [{ id: 'du_1', documentType: 'passport', status: 'verified' }],
        checks: [
          { id: 'idc_1', checkType: 'document_verification', status: 'passed', score: 0.99 },
          { id: 'idc_2', checkType: 'selfie_match', status: 'passed', score: 0.99 },
        ],
      },
    });
  });

  it('keeps none of the personal or financial data the sample carries', () => {
    const text = JSON.stringify(sample);
    const kept = JSON.stringify(readReport(sample, 'vr_1', 'vs_1'));
    for (const value of Object.values(REPORT_PII)) {
      expect(text, `the sample has ${value}`).toContain(String(value));
      expect(kept).not.toContain(String(value));
    }
    for (const section of ['credit_data', 'income', 'cash_flow', 'sources', 'full_name', 'address'])
      expect(kept).not.toContain(section);
  });

  it('reads a report that is not final yet, with no identity section', () => {
    expect(readReport(casapayReportSample('vr_1', subject, 'pending'), 'vr_1', 'vs_1')).toEqual({
      ok: true,
      report: {
        id: 'vr_1',
        status: 'pending',
        verified: null,
        selfieMatch: null,
        documents: [],
        checks: [],
      },
    });
  });

  it('takes statuses and types it does not know as they come (CasaPay adds some)', () => {
    const result = readReport(
      {
        id: 'vr_1',
        status: 'requires_review',
        identity: {
          verified: 'yes',
          selfie_match: '0.9',
          checks: [{ id: 'idc_1', type: 'liveness_v2', status: 'unclear', score: Number.NaN }],
        },
      },
      'vr_1',
      'vs_1',
    );
    expect(result).toEqual({
      ok: true,
      report: {
        id: 'vr_1',
        status: 'requires_review',
        verified: null,
        selfieMatch: null,
        documents: [],
        checks: [{ id: 'idc_1', checkType: 'liveness_v2', status: 'unclear', score: null }],
      },
    });
  });

  it('refuses a report that is another one, names another session, or has no status', () => {
    expect(readReport(sample, 'vr_2', 'vs_1')).toEqual({ ok: false, error: 'invalid_report' });
    expect(readReport(sample, 'vr_1', 'vs_2')).toEqual({
      ok: false,
      error: 'report_session_mismatch',
    });
    expect(readReport({ ...sample, session: { id: 'vs_1' } }, 'vr_1', 'vs_1').ok).toBe(true);
    for (const json of [null, [], 'vr_1', { id: 'vr_1' }, { id: 'vr_1', status: 7 }])
      expect(readReport(json, 'vr_1', 'vs_1')).toEqual({ ok: false, error: 'invalid_report' });
  });

  it('keeps at most MAX_REPORT_ENTRIES entries, and no entry without an id or with odd values', () => {
    const many = Array.from({ length: MAX_REPORT_ENTRIES + 20 }, (_, i) => ({
      id: `du_${i}`,
      status: 'verified',
    }));
    const result = readReport(
      {
        id: 'vr_1',
        status: 'completed',
        identity: {
          documents: [...many, { status: 'verified' }, 'du_x', null],
          checks: [{ id: 'x'.repeat(300), status: 'passed' }],
        },
      },
      'vr_1',
      'vs_1',
    );
    expect(result.ok && result.report.documents).toHaveLength(MAX_REPORT_ENTRIES);
    expect(result.ok && result.report.checks).toEqual([]);
  });
});
