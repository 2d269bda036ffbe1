// Where CasaPay's REST API is and how a verification report is addressed in it: the one place to
// correct should CasaPay's documentation say otherwise (docs/reports.md, "The API call").

/**
 * CasaPay's API, as its documentation gives it. The report path below follows the REST
 * conventions of CasaPay's other resources (the SDK's `verificationReports.retrieve(id)`); the
 * documentation quotes the SDK call, not the path.
 */
export const CASAPAY_API_BASE_URL = 'https://api.casapay.com/v1';

/** The path of one verification report, below the base URL. */
export const reportPath = (reportId: string): string =>
  `/verification_reports/${encodeURIComponent(reportId)}`;

/** The URL of one verification report at `baseUrl` (a trailing slash on it is ignored). */
export const reportUrl = (baseUrl: string, reportId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}${reportPath(reportId)}`;

/** The optional header that pins CasaPay's API version (e.g. `2025-01-15`). */
export const API_VERSION_HEADER = 'CasaPay-Version';
