// Reads the fixtures of test/fixtures: the seed documents' sample payloads as raw bytes, and items
// in earlier storage encodings.
import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { SessionRecord } from '../../functions/sessions/session-record.js';

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

/**
 * A session item in the encoding written before the packed one (test/fixtures/storage, written by
 * that codec), with the record it was written from: new code must keep reading it.
 */
export function previousEncoding(provider: 'casapay' | 'veriff'): {
  record: SessionRecord;
  item: Record<string, AttributeValue>;
} {
  return JSON.parse(fixture(`storage/session-item-v1-${provider}.json`).toString('utf8'));
}
