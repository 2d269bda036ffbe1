// The report fetcher on the emulators: retrieval jobs on a fauxqs queue, sessions on DynamoDB
// Local, the archive on fauxqs's S3, and the CasaPay API stand-in on loopback (a 500, then a
// pending report, then the report). Every call position of a fixed scenario (DynamoDB, SQS, S3
// and the HTTP calls to the API) is made to fail in turn, while the queue redelivers what was not
// acknowledged: nothing is lost (every session settles as in the fault-free run, no job is left)
// and nothing is doubled (one settling finding per session, one archived object per report).
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type CasaPayApiStandIn,
  startCasaPayApiStandIn,
} from '../../functions/local/casapay-api-standin.js';
import { REPORT_PII } from '../../functions/local/casapay-report-sample.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { toLambdaRecord } from '../../functions/local/queue-poller.js';
import { createWebhookQueues } from '../../functions/local/queues.js';
import { createMeteredTelemetry } from '../../functions/observability/metered-telemetry.js';
import type { CasaPayFacts } from '../../functions/providers/casapay/lifecycle.js';
import { isReportEvent } from '../../functions/providers/casapay/report-events.js';
import { describeChange } from '../../functions/reactions/session-change.js';
import { S3_CLIENT_CONFIG, S3ReportArchive } from '../../functions/reports/report-archive.js';
import { casapayReportClient } from '../../functions/reports/report-client.js';
import { createReportFetcherHandler } from '../../functions/reports/report-fetcher-handler.js';
import {
  REPORT_SQS_CLIENT_CONFIG,
  SqsRetrievalQueue,
} from '../../functions/reports/report-queue.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { fromSessionItem } from '../../functions/storage/session-item.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { EVENT_SOURCE, forFunction, recordAwsCalls } from '../support/aws-calls.js';
import { captureLogs } from '../support/capture-logs.js';
import { type FaultKind, FaultPlan, failedFaultCases } from '../support/fault-plan.js';
import {
  completedSession,
  dueEnvelope,
  IMMEDIATE_SCHEDULE,
  RECORDING,
  reportsAdapter,
} from '../support/reports.js';
import { lambdaContext } from '../support/webhooks.js';

captureLogs();
const endpoint = () => inject('sqsEndpoint');
const dynamodb = dynamodbClient();
const API_KEY = 'sk_test_fetcher_integration';
const MAX_ROUNDS = 60;
/** What a session without retrieval facts compares as (none of the three should be one). */
const dueReport = {
  id: '',
  retrieval: 'due',
  attempts: 0,
  lastError: null,
  status: null,
  retrievedAt: null,
  archiveKey: null,
};

/** Three sessions: one whose checks passed, one with a failed check, one CasaPay never heard of. */
const SESSIONS = [
  { sessionId: 'vs_pass', reportId: 'vr_pass', checks: ['passed'], known: true },
  { sessionId: 'vs_fail', reportId: 'vr_fail', checks: ['failed'], known: true },
  { sessionId: 'vs_unknown', reportId: 'vr_unknown', checks: ['passed'], known: false },
] as const;

const sqsFor = () =>
  recordAwsCalls(
    new SQSClient({ ...LOCAL_AWS, ...REPORT_SQS_CLIENT_CONFIG, endpoint: endpoint() }),
  );
const s3For = () =>
  recordAwsCalls(
    new S3Client({ ...LOCAL_AWS, ...S3_CLIENT_CONFIG, endpoint: endpoint(), forcePathStyle: true }),
  );

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

async function run(fault?: { position: number; kind: FaultKind }) {
  const plan = new FaultPlan(fault);
  const sqs = sqsFor();
  const s3 = s3For();
  const [tables, queues] = await Promise.all([
    freshTables(dynamodb),
    createWebhookQueues(sqs, `reports-${randomUUID().slice(0, 8)}`, 30, 50),
  ]);
  const bucket = `reports-${randomUUID().slice(0, 8)}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const standIn: CasaPayApiStandIn = await startCasaPayApiStandIn({
    apiKey: API_KEY,
    behaviours: ['500', 'pending'],
  });
  try {
    // The sessions, committed as the consumer commits them; the stand-in learns the ones it knows.
    const setupStore = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
    for (const s of SESSIONS) {
      await completedSession(setupStore, s.sessionId, s.reportId, [...s.checks]);
      const record = await setupStore.load('casapay', s.sessionId, { consistent: true });
      const change = record && describeChange(undefined, record);
      if (s.known && change) standIn.learn(change);
    }
    // The jobs, as the rule delivers them: one for each session (and a duplicate, below).
    const sendJob = (s: (typeof SESSIONS)[number]) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.queueUrl,
          MessageBody: JSON.stringify(dueEnvelope(s.sessionId, s.reportId)),
        }),
      );
    for (const s of SESSIONS) await sendJob(s);

    const environment = {
      SESSIONS_TABLE: tables.sessionsTable,
      REPORT_QUEUE_URL: queues.queueUrl,
      REPORT_ARCHIVE_BUCKET: bucket,
    };
    const fn = <C extends { send: (...args: never[]) => unknown }>(client: C) =>
      forFunction(client, 'report-fetcher', environment);
    const handler = createReportFetcherHandler(
      {
        sessions: new DynamoDbSessionStore(
          fn(plan.attach(dynamodbClient(), 'dynamodb')),
          tables.sessionsTable,
        ),
        adapter: reportsAdapter,
        recording: RECORDING,
        apiKey: async () => API_KEY,
        api: (apiKey) =>
          casapayReportClient({
            apiKey,
            baseUrl: standIn.url,
            timeoutMs: 1_000,
            maxCalls: 2,
            backoffBaseMs: 5,
            backoffMaxMs: 20,
            maxRetryAfterMs: 1_500,
            fetch: plan.wrapFetch(fetch),
          }),
        archive: new S3ReportArchive(fn(plan.attach(s3For(), 's3')), bucket),
        schedule: IMMEDIATE_SCHEDULE,
        now: () => new Date(),
        queue: new SqsRetrievalQueue(fn(plan.attach(sqsFor(), 'sqs')), queues.queueUrl),
      },
      createMeteredTelemetry(),
    );

    // The SQS event source, with the fetcher's role: what was not acknowledged comes back at once.
    const eventSource = forFunction(sqsFor(), 'report-fetcher', {
      [EVENT_SOURCE]: queues.queueUrl,
    });
    let deliveries = 0;
    const drain = async () => {
      for (let round = 0, idle = 0; round < MAX_ROUNDS && idle < 2; round++) {
        const { Messages = [] } = await eventSource.send(
          new ReceiveMessageCommand({
            QueueUrl: queues.queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 0,
            MessageSystemAttributeNames: ['All'],
          }),
        );
        if (Messages.length === 0) {
          idle++;
          continue;
        }
        idle = 0;
        deliveries += Messages.length;
        const records = Messages.map((m) => toLambdaRecord(m, 'arn:aws:sqs:us-east-1:0:reports'));
        let response: SQSBatchResponse | undefined;
        try {
          response = (await handler(
            { Records: records } as SQSEvent,
            lambdaContext('report-fetcher'),
          )) as SQSBatchResponse;
        } catch {
          response = undefined;
        }
        const died = plan.crashed || response === undefined;
        plan.crashed = false;
        const failed = new Set(
          died
            ? records.map((r) => r.messageId)
            : response?.batchItemFailures.map((f) => f.itemIdentifier),
        );
        const done = records.filter((r) => !failed.has(r.messageId));
        const again = records.filter((r) => failed.has(r.messageId));
        if (done.length > 0)
          await eventSource.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queues.queueUrl,
              Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
            }),
          );
        if (again.length > 0)
          await eventSource.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queues.queueUrl,
              Entries: again.map((r, i) => ({
                Id: String(i),
                ReceiptHandle: r.receiptHandle,
                VisibilityTimeout: 0,
              })),
            }),
          );
      }
    };
    await drain();
    // EventBridge delivers at least once: the same job again, once the first settled it. (Two
    // deliveries at once: test/unit/fetch-report.test.ts; here they would make the calls vary.)
    await sendJob(SESSIONS[0]);
    await drain();

    const sessions = await Promise.all(
      SESSIONS.map((s) => setupStore.load('casapay', s.sessionId, { consistent: true })),
    );
    const state = sessions.map((record) => {
      const report = (record?.facts as CasaPayFacts | undefined)?.verificationReport;
      // Attempts and the error last seen depend on where a fault struck; the retrieval's time on
      // when the run took place.
      const { attempts: _a, lastError: _e, retrievedAt: _t, ...settled } = report ?? dueReport;
      return {
        sessionId: record?.sessionId,
        outcome: record?.summary.outcome,
        final: record?.summary.final,
        report: report?.retrieval === 'gave_up' ? { ...settled, status: null } : settled,
        lastErrorIfGaveUp: report?.retrieval === 'gave_up' ? report.lastError : null,
        settling: record?.events
          .filter((e) => isReportEvent(e) && e.type !== 'report.attempted')
          .map((e) => [e.eventId, e.applied]),
      };
    });
    const histories = sessions.flatMap((r) => r?.events.map((e) => e.eventId) ?? []);
    const { Items = [] } = await dynamodb.send(
      new ScanCommand({ TableName: tables.sessionsTable, ConsistentRead: true }),
    );
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const archived = await Promise.all(
      Contents.map(async ({ Key }) => {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
        return [Key, JSON.parse(await (object.Body?.transformToString() ?? '{}'))] as const;
      }),
    );
    return {
      plan,
      state,
      histories,
      // The items as stored and as decoded: the history and facts travel deflated.
      stored: JSON.stringify([Items, Items.map((item) => fromSessionItem(item))]),
      archived,
      deliveries,
      left: await queueDepth(sqs, queues.queueUrl),
      deadLettered: await queueDepth(sqs, queues.deadLetterQueueUrl),
    };
  } finally {
    await standIn.stop();
  }
}

describe('the report fetcher on fauxqs, DynamoDB Local, S3 and the API stand-in', () => {
  let baseline: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    baseline = await run();
  });

  it('settles every session: approved, declined, and gave up on the report CasaPay does not know', () => {
    expect(
      baseline.state.map((s) => [s.sessionId, s.outcome, s.final, s.report.retrieval]),
    ).toEqual([
      ['vs_pass', 'approved', true, 'retrieved'],
      ['vs_fail', 'declined', true, 'retrieved'],
      ['vs_unknown', 'review', false, 'gave_up'],
    ]);
    expect(baseline.state[2]?.lastErrorIfGaveUp).toBe('report_not_found');
    expect(baseline.left).toBe(0);
    expect(baseline.deadLettered).toBe(0);
    expect(baseline.plan.calls.length).toBeGreaterThan(15);
    // Each event once in its session's history (the history is the deduplication).
    expect(new Set(baseline.histories).size).toBe(baseline.histories.length);
  });

  it('archives each retrieved report once, whole, under the key its session names', () => {
    expect(baseline.archived.map(([key]) => key).sort()).toEqual([
      'casapay/vs_fail/vr_fail.json',
      'casapay/vs_pass/vr_pass.json',
    ]);
    for (const [key, report] of baseline.archived) {
      const session = baseline.state.find((s) => key?.includes(`/${s.sessionId}/`));
      expect(session?.report.archiveKey).toBe(key);
      expect(report).toMatchObject({
        status: 'completed',
        income: { employer: REPORT_PII.employer },
      });
    }
  });

  it('keeps nothing personal or financial of the reports in any item of DynamoDB', () => {
    expect(baseline.stored).toContain('report:vr_pass:completed');
    for (const value of Object.values(REPORT_PII))
      expect(baseline.stored).not.toContain(String(value));
  });

  it('ends the same, exactly once, whichever call fails and however', async () => {
    const failures = await failedFaultCases(
      'report fetcher faults',
      baseline.plan.calls.length,
      run,
      (observed) => {
        expect(observed.state).toEqual(baseline.state);
        expect(observed.left, 'jobs left').toBe(0);
        expect(observed.deadLettered, 'jobs dead-lettered').toBe(0);
        expect(new Set(observed.histories).size).toBe(observed.histories.length);
        expect(observed.archived.map(([key]) => key).sort()).toEqual(
          baseline.archived.map(([key]) => key).sort(),
        );
        // One fault costs a few deliveries, far from the queue's redrive limit.
        expect(observed.deliveries).toBeLessThanOrEqual(baseline.deliveries + 6);
      },
    );
    expect(failures).toEqual([]);
  });
});
