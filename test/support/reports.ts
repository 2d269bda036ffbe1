// Building blocks of the report tests: CasaPay sessions whose report is due, retrieval jobs as the
// rule's SQS target delivers them, and the fetcher's ports around a store and an API.
import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import { casapay } from '../../functions/providers/casapay/adapter.js';
import {
  CHANGE_DETAIL_TYPE,
  CHANGE_SOURCE,
  type SessionChangedEnvelope,
} from '../../functions/reactions/session-change.js';
import type { FetcherPorts } from '../../functions/reports/fetch-report.js';
import type { ReportApi, ReportResponse } from '../../functions/reports/report-client.js';
import type { RetrievalSchedule } from '../../functions/reports/retrieval-schedule.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type { SessionStore } from '../../functions/sessions/session-record.js';
import { changeDetail } from './session-changes.js';
import { casapayEvent } from './session-events.js';

/** CasaPay's adapter as the consumer and the fetcher run it where reports are retrieved. */
export const reportsAdapter = casapay({}, { awaitReports: true });

export const RECORDING = { maxAttempts: 5, now: () => new Date(), backoff: async () => undefined };

/** A schedule that retries at once, for tests that run the whole retry loop. */
export const IMMEDIATE_SCHEDULE: RetrievalSchedule = {
  delaysSeconds: [0],
  authFailureDelaySeconds: 0,
  horizonSeconds: 3_600,
};

/**
 * Commits a completed CasaPay session naming `reportId`, with the check outcomes given, through
 * the same exactly-once path as webhooks: its report is then due.
 */
export async function completedSession(
  store: SessionStore,
  sessionId: string,
  reportId: string,
  checks: readonly ('passed' | 'failed' | 'inconclusive')[] = ['passed'],
): Promise<void> {
  const at = 1_706_140_800;
  const events = [
    casapayEvent('verification_session.created', {
      id: `evt_${sessionId}_1`,
      at,
      session: sessionId,
    }),
    ...checks.map((status, i) =>
      casapayEvent(`identity_check.${status}`, {
        id: `evt_${sessionId}_c${i}`,
        at: at + 1,
        session: sessionId,
        objectId: `idc_${sessionId}_${i}`,
        checkType: 'document_verification',
      }),
    ),
    casapayEvent('verification_session.completed', {
      id: `evt_${sessionId}_2`,
      at: at + 2,
      session: sessionId,
      report: reportId,
    }),
  ];
  await recordEvents(store, reportsAdapter, sessionId, events, RECORDING);
}

/** The Session Changed event that queues a retrieval job (its facts as the rule sees them). */
export function dueEnvelope(sessionId: string, reportId: string): SessionChangedEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': CHANGE_DETAIL_TYPE,
    source: CHANGE_SOURCE,
    account: '000000000000',
    time: '2026-11-24T12:00:00.000Z',
    region: 'us-east-1',
    resources: [],
    detail: changeDetail({
      changeId: `chg_${'0'.repeat(32)}`,
      sessionId,
      version: 1,
      previousVersion: 0,
      changed: ['status', 'facts'],
      status: 'completed',
      previousStatus: null,
      facts: { report: reportId, verificationReport: { id: reportId, retrieval: 'due' } },
      eventIds: [],
    }),
  };
}

/** A job as the fetcher's event source delivers it. */
export function jobRecord(body: string, messageId: string = randomUUID()): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'events.amazonaws.com',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:idv-reports',
    awsRegion: 'us-east-1',
  };
}

/** A report API that answers each call with the next of `responses` (the last repeats). */
export function scriptedApi(responses: readonly ReportResponse[]): ReportApi & { calls: number } {
  const api = {
    calls: 0,
    retrieve: async () => {
      api.calls++;
      return responses[Math.min(api.calls, responses.length) - 1] as ReportResponse;
    },
  };
  return api;
}

/** A 200 with `json` as the report. */
export const reportAnswer = (json: unknown): ReportResponse => ({
  ok: true,
  body: Buffer.from(JSON.stringify(json)),
  json,
  calls: 1,
  latencyMs: 12,
});

/** The fetcher's ports around `sessions` and `api`, with a key unless `apiKey` says otherwise. */
export function fetcherPorts(
  sessions: SessionStore,
  api: ReportApi,
  overrides: Partial<FetcherPorts> = {},
): FetcherPorts {
  return {
    sessions,
    adapter: reportsAdapter,
    recording: RECORDING,
    apiKey: async () => 'sk_test_reports',
    api: () => api,
    schedule: IMMEDIATE_SCHEDULE,
    now: () => new Date(),
    ...overrides,
  };
}
