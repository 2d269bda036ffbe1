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

/** The applicant data of the seeds: none of it may ever appear in a log line or a response. */
export const SEED_PII = ['Jane', 'Doe', 'jane.doe@example.com'] as const;
