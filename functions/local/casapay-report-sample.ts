// A plausible CasaPay verification report, as `GET /v1/verification_reports/{id}` returns it:
// the identity section with its verdict, documents and checks, and the personal and financial
// sections a real one carries (name, date of birth, address, document numbers, credit, income,
// cash flow, bank sources), so that the tests can prove none of them is ever kept or logged.

/** The personal and financial data of the sample report: never kept, never logged. */
export const REPORT_PII = {
  fullName: 'Jane Elizabeth Doe',
  dateOfBirth: '1990-04-12',
  addressLine: '221B Baker Street',
  postalCode: 'NW1 6XE',
  documentNumber: 'P9876543',
  employer: 'Acme Lettings Ltd',
  monthlyIncome: 4250.55,
  creditBureau: 'Experian',
  creditBalance: 1520.75,
  averageBalance: 3870.12,
  iban: 'GB33BUKB20201555555555',
} as const;

/** The session's facts the sample follows: its documents and checks, as webhooks reported them. */
export interface ReportSubject {
  readonly sessionId: string;
  readonly documents: readonly {
    readonly id: string;
    readonly documentType?: string | null;
    readonly status: string;
  }[];
  readonly checks: readonly {
    readonly id: string;
    readonly checkType?: string | null;
    readonly status: string;
  }[];
}

/**
 * The report `reportId` of `subject` in `status`. Completed, it is verified unless a check of the
 * session failed; pending or processing, it has no identity section yet.
 */
export function casapayReportSample(
  reportId: string,
  subject: ReportSubject,
  status: string,
  created = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const base = {
    id: reportId,
    object: 'verification_report',
    session: subject.sessionId,
    created,
    livemode: false,
    status,
  };
  if (status !== 'completed') return { ...base, identity: null };
  const verified = !subject.checks.some((c) => c.status === 'failed');
  return {
    ...base,
    identity: {
      verified,
      full_name: REPORT_PII.fullName,
      date_of_birth: REPORT_PII.dateOfBirth,
      address: {
        line1: REPORT_PII.addressLine,
        city: 'London',
        postal_code: REPORT_PII.postalCode,
        country: 'GB',
      },
      selfie_match: verified ? 0.97 : 0.41,
      documents: (subject.documents.length > 0
        ? subject.documents
        : [{ id: `du_${reportId.slice(3)}`, documentType: 'passport', status: 'processed' }]
      ).map((d) => ({
        id: d.id,
        type: d.documentType ?? 'passport',
        status: d.status === 'processed' ? 'verified' : d.status,
        number: REPORT_PII.documentNumber,
        holder_name: REPORT_PII.fullName,
        expiry_date: '2031-04-20',
        issuing_country: 'GB',
      })),
      checks: subject.checks.map((c) => ({
        id: c.id,
        check_type: c.checkType ?? 'document_verification',
        status: c.status,
        score: c.status === 'passed' ? 0.99 : 0.12,
        result: { document_number: REPORT_PII.documentNumber, full_name: REPORT_PII.fullName },
      })),
    },
    credit_data: {
      bureau: REPORT_PII.creditBureau,
      score: 731,
      accounts: [{ lender: 'Barclays', balance: REPORT_PII.creditBalance, currency: 'GBP' }],
    },
    income: {
      employer: REPORT_PII.employer,
      monthly_net: REPORT_PII.monthlyIncome,
      currency: 'GBP',
    },
    cash_flow: { average_balance: REPORT_PII.averageBalance, overdraft_days: 2, currency: 'GBP' },
    sources: [{ type: 'bank_account', institution: 'Monzo', iban: REPORT_PII.iban }],
  };
}
