// Reads the seed documents' sample payloads (test/fixtures) as raw bytes.
import { readFileSync } from 'node:fs';

export const fixture = (path: string): Buffer =>
  readFileSync(new URL(`../fixtures/${path}`, import.meta.url));

export const CASAPAY_COMPLETED = 'casapay/verification_session.completed.json';
export const VERIFF_SAMPLES = [
  'veriff/submitted.json',
  'veriff/waiting_complete.json',
  'veriff/flow_finished.json',
  'veriff/flow_cancelled.json',
] as const;

export const VERIFF_DECISION = 'veriff/decision.json';

/** The applicant data of the seeds: none of it may ever appear in a log line or a response. */
export const SEED_PII = ['Jane', 'Doe', 'jane.doe@example.com'] as const;

/** The personal data of the decision fixture (person, document, technicalData). */
export const DECISION_FIXTURE_PII = [
  'SARAH',
  'MORGAN',
  '1967-03-30',
  '38703300054',
  'MADRID',
  'Example Street',
  'MORGA753116SM9IJ',
  'DRIVERS_LICENSE',
  '186.153.67.122',
] as const;
