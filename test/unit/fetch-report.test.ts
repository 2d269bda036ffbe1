// The report fetcher's core and handler over an in-memory session store and a scripted API: what
// each answer of CasaPay's API becomes in the session, what the job does next (done, or back on
// the queue after which delay), and that a duplicate job never doubles a finding. The client
// itself is tested against a loopback server (report-client.test.ts), the whole fetcher against
// the emulators (test/integration/report-fetcher.test.ts).
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { casapayReportSample } from '../../functions/local/casapay-report-sample.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import type { CasaPayFacts } from '../../functions/providers/casapay/lifecycle.js';
import { SecretDocumentError } from '../../functions/providers/provider.js';
import { fetchReport } from '../../functions/reports/fetch-report.js';
import type { ReportResponse } from '../../functions/reports/report-client.js';
import { createReportFetcherHandler } from '../../functions/reports/report-fetcher-handler.js';
import { captureLogs } from '../support/capture-logs.js';
import { InMemorySessionStore } from '../support/in-memory-session-store.js';
import {
  completedSession,
  dueEnvelope,
  fetcherPorts,
  jobRecord,
  reportAnswer,
  scriptedApi,
} from '../support/reports.js';
import { lambdaContext } from '../support/webhooks.js';

const logs = captureLogs();
const SESSION = 'vs_f';
const REPORT = 'vr_f';
const JOB = { sessionId: SESSION, reportId: REPORT, changeId: null };
const DELIVERY = { messageId: 'msg-1', deadline: Number.POSITIVE_INFINITY };
const SCHEDULE = {
  delaysSeconds: [30, 60, 120],
  authFailureDelaySeconds: 3_600,
  horizonSeconds: 7_200,
};
const subject = { sessionId: SESSION, documents: [], checks: [] };
const completed = reportAnswer(casapayReportSample(REPORT, subject, 'completed'));
const pending = reportAnswer(casapayReportSample(REPORT, subject, 'pending'));
const failure = (error: string, status?: number, extra = {}): ReportResponse =>
  ({ ok: false, error, calls: 3, ...(status ? { status } : {}), ...extra }) as ReportResponse;

async function setup(checks: ('passed' | 'failed')[] = ['passed']) {
  const store = new InMemorySessionStore();
  await completedSession(store, SESSION, REPORT, checks);
  return store;
}
const sessionOf = async (store: InMemorySessionStore) => {
  const record = await store.load('casapay', SESSION);
  return { record, report: (record?.facts as CasaPayFacts | undefined)?.verificationReport };
};

describe('fetching one report', () => {
  it('records the retrieved report, archived first, and the session takes its outcome', async () => {
    const store = await setup();
    const archived: [string, string][] = [];
    const ports = fetcherPorts(store, scriptedApi([completed]), {
      archive: {
        put: async (key, body) => {
          expect((await sessionOf(store)).report?.retrieval).toBe('due');
          archived.push([key, Buffer.from(body).toString()]);
        },
      },
    });
    const outcome = await fetchReport(JOB, DELIVERY, ports);
    expect(outcome).toMatchObject({ kind: 'retrieved', attempt: 1, recorded: true, calls: 1 });
    expect(archived).toEqual([
      [`casapay/${SESSION}/${REPORT}.json`, JSON.stringify(completed.ok && completed.json)],
    ]);
    const { record, report } = await sessionOf(store);
    expect(report).toMatchObject({
      retrieval: 'retrieved',
      attempts: 1,
      verified: true,
      archiveKey: `casapay/${SESSION}/${REPORT}.json`,
    });
    expect(record?.summary).toMatchObject({ outcome: 'approved', final: true });
    expect(record?.events.at(-1)).toMatchObject({
      eventId: `report:${REPORT}:completed`,
      requestId: 'msg-1',
    });
  });

  it('is a duplicate the second time, and skips the job once the report is settled', async () => {
    const store = await setup();
    const api = scriptedApi([completed]);
    const [first, second] = await Promise.all([
      fetchReport(JOB, DELIVERY, fetcherPorts(store, api)),
      fetchReport(JOB, DELIVERY, fetcherPorts(store, api)),
    ]);
    expect([first, second].map((o) => o.kind === 'retrieved' && o.recorded).sort()).toEqual([
      false,
      true,
    ]);
    const events = (await sessionOf(store)).record?.events.filter((e) =>
      e.eventId.startsWith('report:'),
    );
    expect(events).toHaveLength(1);
    expect(await fetchReport(JOB, DELIVERY, fetcherPorts(store, api))).toEqual({
      kind: 'skipped',
      reason: 'report_settled',
    });
    expect(api.calls).toBe(2);
  });

  it('records a pending report as an attempt and checks again after the scheduled delay', async () => {
    const store = await setup();
    const api = scriptedApi([pending, pending, completed]);
    const ports = fetcherPorts(store, api, { schedule: SCHEDULE });
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
      kind: 'retry',
      attempt: 1,
      delaySeconds: 30,
      reportStatus: 'pending',
      recorded: true,
    });
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({ attempt: 2, delaySeconds: 60 });
    expect((await sessionOf(store)).report).toMatchObject({
      retrieval: 'retrying',
      attempts: 2,
      status: 'pending',
      lastError: null,
    });
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
      kind: 'retrieved',
      attempt: 3,
    });
  });

  it.each([
    ['server_error', 500, {}, 30],
    ['rate_limited', 429, { retryAfterSeconds: 90 }, 90],
    ['rate_limited', 429, { retryAfterSeconds: 5 }, 30],
    ['timeout', undefined, {}, 30],
    ['network_error', undefined, {}, 30],
    ['unauthorized', 401, {}, 3_600],
    ['forbidden', 403, {}, 3_600],
    ['rejected', 400, {}, 30],
  ])(
    'records %s (HTTP %s) and retries after the longer of the schedule and Retry-After',
    async (error, status, extra, delay) => {
      const store = await setup();
      const ports = fetcherPorts(store, scriptedApi([failure(error, status, extra)]), {
        schedule: SCHEDULE,
      });
      expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
        kind: 'retry',
        error,
        delaySeconds: delay,
        recorded: true,
      });
      expect((await sessionOf(store)).report).toMatchObject({
        retrieval: 'retrying',
        lastError: error,
      });
    },
  );

  it('gives up at once on a report CasaPay does not know, or that names another session', async () => {
    for (const [response, error] of [
      [failure('report_not_found', 404), 'report_not_found'],
      [
        reportAnswer(
          casapayReportSample(REPORT, { ...subject, sessionId: 'vs_other' }, 'completed'),
        ),
        'report_session_mismatch',
      ],
    ] as const) {
      const store = await setup();
      expect(
        await fetchReport(JOB, DELIVERY, fetcherPorts(store, scriptedApi([response]))),
      ).toMatchObject({
        kind: 'gave_up',
        error,
      });
      const { record, report } = await sessionOf(store);
      expect(report).toMatchObject({ retrieval: 'gave_up', lastError: error, attempts: 1 });
      expect(record?.summary).toMatchObject({ outcome: 'review', final: false });
    }
  });

  it('gives up when the next attempt would start past the horizon from the first', async () => {
    const store = await setup();
    let now = Date.parse('2026-11-24T12:00:00Z');
    const ports = fetcherPorts(store, scriptedApi([pending]), {
      schedule: { ...SCHEDULE, horizonSeconds: 100 },
      now: () => new Date(now),
    });
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
      kind: 'retry',
      delaySeconds: 30,
    });
    now += 31_000;
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
      kind: 'retry',
      delaySeconds: 60,
    });
    now += 61_000;
    // 92 s after the first attempt, the next (after 120 s) would start at 212 s: past 100.
    expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
      kind: 'gave_up',
      attempt: 3,
      error: 'report_not_final',
    });
    expect((await sessionOf(store)).report).toMatchObject({ retrieval: 'gave_up', attempts: 3 });
  });

  it('records retrieval off when the secret document has no API key, and calls nothing', async () => {
    const store = await setup();
    const api = scriptedApi([completed]);
    const ports = fetcherPorts(store, api, { apiKey: async () => undefined });
    expect(await fetchReport(JOB, DELIVERY, ports)).toEqual({ kind: 'off', recorded: true });
    expect(api.calls).toBe(0);
    const { record, report } = await sessionOf(store);
    expect(report).toMatchObject({ retrieval: 'off', lastError: 'no_api_key' });
    expect(record?.summary).toMatchObject({ outcome: 'approved', final: true });
  });

  it('hands the job back without recording anything when the secret cannot be read', async () => {
    const store = await setup();
    for (const [thrown, error] of [
      [new SecretDocumentError('casapay', 'apiKey must not be empty'), 'secret_document_invalid'],
      [new Error('AccessDeniedException'), 'secrets_unavailable'],
    ] as const) {
      const ports = fetcherPorts(store, scriptedApi([completed]), {
        schedule: SCHEDULE,
        apiKey: async () => Promise.reject(thrown),
      });
      expect(await fetchReport(JOB, DELIVERY, ports)).toMatchObject({
        kind: 'retry',
        error,
        recorded: false,
        delaySeconds: 30,
      });
    }
    expect((await sessionOf(store)).report?.retrieval).toBe('due');
  });

  it('skips a job for a report the session no longer names, or a session it does not know', async () => {
    const store = await setup();
    const api = scriptedApi([completed]);
    expect(
      await fetchReport({ ...JOB, reportId: 'vr_old' }, DELIVERY, fetcherPorts(store, api)),
    ).toEqual({ kind: 'skipped', reason: 'report_superseded' });
    expect(
      await fetchReport({ ...JOB, sessionId: 'vs_nobody' }, DELIVERY, fetcherPorts(store, api)),
    ).toEqual({ kind: 'skipped', reason: 'session_not_found' });
    expect(api.calls).toBe(0);
  });
});

describe('the report fetcher handler', () => {
  const handle = async (
    store: InMemorySessionStore,
    answers: ReportResponse[],
    bodies: string[],
  ) => {
    const delays: [string, number][] = [];
    const handler = createReportFetcherHandler(
      {
        ...fetcherPorts(store, scriptedApi(answers), { schedule: SCHEDULE }),
        queue: {
          delay: async (receiptHandle, seconds) => void delays.push([receiptHandle, seconds]),
        },
      },
      createMeteredTelemetry(),
    );
    const records = bodies.map((body, i) => jobRecord(body, `m${i}`));
    const response = await handler(
      { Records: records } as SQSEvent,
      lambdaContext('report-fetcher'),
    );
    return { failures: response.batchItemFailures.map((f) => f.itemIdentifier), delays };
  };

  it('deletes a settled job, and hands one to check again back with its delay as visibility', async () => {
    const store = await setup();
    const job = JSON.stringify(dueEnvelope(SESSION, REPORT));
    expect(await handle(store, [pending], [job])).toEqual({
      failures: ['m0'],
      delays: [['rh-m0', 30]],
    });
    expect(await handle(store, [completed], [job])).toEqual({ failures: [], delays: [] });
  });

  it('hands back a message that is no job, and a job whose session cannot be read', async () => {
    const down = {
      load: async () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
      commit: async () => Promise.reject(new Error('unreachable')),
    } as unknown as InMemorySessionStore;
    expect(
      await handle(
        down,
        [completed],
        ['{"not":"a job"}', JSON.stringify(dueEnvelope(SESSION, REPORT))],
      ),
    ).toEqual({ failures: ['m0', 'm1'], delays: [] });
    const lines = logs.records().filter((r) => String(r.message).startsWith('report job'));
    expect(lines.map((r) => [r.message, r.level, r.outcome])).toEqual([
      ['report job unreadable', 'ERROR', 'unreadable'],
      ['report job not processed', 'WARN', 'failed'],
    ]);
    expect(lines[1]).toMatchObject({ errorName: 'Error', sessionId: SESSION, reportId: REPORT });
  });

  it('logs one line per job with ids and codes, and warns on a key CasaPay refuses', async () => {
    const store = await setup();
    await handle(
      store,
      [failure('unauthorized', 401)],
      [JSON.stringify(dueEnvelope(SESSION, REPORT))],
    );
    const line = logs.records().find((r) => r.message === 'report retry');
    expect(line).toMatchObject({
      level: 'WARN',
      outcome: 'retry',
      error: 'unauthorized',
      delaySeconds: 3_600,
      sessionId: SESSION,
      reportId: REPORT,
      attempt: 1,
    });
  });
});
