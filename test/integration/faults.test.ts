// Fault injection over a fixed scenario: every SDK call position of the pipeline is made to fail in
// turn (npm test: each position with one kind, in rotation; test:long: every kind at every position),
// while SQS redelivers and the provider retries as they would.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { quarantineKey } from '../../functions/storage/quarantine.js';
import { sessionKey } from '../../functions/storage/tables.js';
import { dynamodbClient, freshQueues, freshTables, sqsClient } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { type FaultKind, FaultPlan, failedFaultCases } from '../support/fault-plan.js';
import {
  runScenario,
  type ScenarioRun,
  type ScenarioWebhook,
} from '../support/pipeline-harness.js';

captureLogs();
const sqs = sqsClient();
const dynamodb = dynamodbClient();
const adapters = providerAdapters();
const VERIFF_SESSION = 'f04bdb47-d3be-4b28-b028-a652feb060b5';
const t0 = 1_706_140_800;

/** Two CasaPay sessions and one Veriff session, out of order, with provider retries and an unreadable body. */
const SCENARIO: ScenarioWebhook[] = [
  {
    provider: 'casapay',
    body: casapaySample('verification_session.pending', {
      session: 'vs_f1',
      created: t0 + 1,
      eventId: 'evt_f1_2',
    }),
  },
  { provider: 'veriff', body: veriffSample('submitted', { session: VERIFF_SESSION }) },
  {
    provider: 'casapay',
    body: casapaySample('verification_session.created', {
      session: 'vs_f1',
      created: t0,
      eventId: 'evt_f1_1',
    }),
  },
  {
    provider: 'casapay',
    body: casapaySample('verification_session.completed', {
      session: 'vs_f2',
      created: t0 + 9,
      eventId: 'evt_f2_3',
    }),
  },
  {
    provider: 'casapay',
    body: casapaySample('verification_session.failed', {
      session: 'vs_f2',
      created: t0 + 8,
      eventId: 'evt_f2_2',
    }),
  },
  { provider: 'veriff', body: veriffSample('started', { session: VERIFF_SESSION }) },
  {
    provider: 'casapay',
    body: casapaySample('document_upload.processed', {
      session: 'vs_f1',
      created: t0 + 2,
      eventId: 'evt_f1_3',
      objectId: 'du_1',
    }),
  },
  { provider: 'veriff', body: 'this body is signed but unreadable' },
  {
    provider: 'casapay',
    body: casapaySample('verification_session.pending', {
      session: 'vs_f1',
      created: t0 + 1,
      eventId: 'evt_f1_2',
    }),
  },
  { provider: 'veriff', body: veriffSample('flow_finished', { session: VERIFF_SESSION }) },
  {
    provider: 'casapay',
    body: casapaySample('verification_session.processing', {
      session: 'vs_f1',
      created: t0 + 3,
      eventId: 'evt_f1_4',
    }),
  },
  { provider: 'veriff', body: veriffSample('started', { session: VERIFF_SESSION }) },
];
const SESSIONS = [
  ['casapay', 'vs_f1'],
  ['casapay', 'vs_f2'],
  ['veriff', VERIFF_SESSION],
] as const;

/** Which session (or quarantine entry) a queued body belongs to, as a DynamoDB key. */
function ownerKey(provider: string, body: string): string {
  const parsed = adapters
    .get(provider)
    ?.parseEvent(Buffer.from(body), { receivedAt: 0, requestId: '' });
  return parsed?.ok ? sessionKey(provider, parsed.event.sessionId) : quarantineKey(provider, body);
}

/** The session (or quarantine entry) a DynamoDB call was about. */
function keyOf(input: Record<string, unknown>): string | undefined {
  const key = (input.Key ?? input.Item) as { pk?: { S?: string } } | undefined;
  return key?.pk?.S;
}

async function run(fault?: { position: number; kind: FaultKind }) {
  const plan = new FaultPlan(fault);
  const [queues, tables] = await Promise.all([freshQueues(sqs), freshTables(dynamodb)]);
  const result = await runScenario({
    webhooks: SCENARIO,
    plan,
    sqsEndpoint: inject('sqsEndpoint'),
    dynamodb: plan.attach(dynamodbClient(), 'dynamodb'),
    tables,
    queueUrl: queues.queueUrl,
  });
  const store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
  const sessions = await Promise.all(
    SESSIONS.map(([provider, id]) => store.load(provider, id, { consistent: true })),
  );
  const state = sessions.map((s) => ({
    status: s?.status,
    facts: s?.facts,
    events: s?.events.map((e) => [e.eventId, e.applied, e.reason ?? null]),
  }));
  const stored = await dynamodb.send(
    new ScanCommand({ TableName: tables.sessionsTable, ConsistentRead: true }),
  );
  const quarantine = await dynamodb.send(
    new ScanCommand({ TableName: tables.quarantineTable, ConsistentRead: true }),
  );
  // Every event recorded once: the entries of all histories, by event id.
  const recorded = sessions.flatMap((s) => s?.events.map((e) => e.eventId) ?? []);
  return {
    plan,
    result,
    state,
    items: stored.Count ?? 0,
    entries: recorded.length,
    distinctEntries: new Set(recorded).size,
    quarantined: quarantine.Count ?? 0,
  };
}

function expectNothingLost(result: ScenarioRun) {
  expect(result.accepted).toHaveLength(SCENARIO.length);
  for (const requestId of result.accepted) expect(result.consumed.has(requestId)).toBe(true);
}

describe('faults at every SDK call position', () => {
  let baseline: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    baseline = await run();
  });

  it('has a fault-free baseline: the expected states, one history entry per distinct event', () => {
    expectNothingLost(baseline.result);
    expect(baseline.state.map((s) => s.status)).toEqual(['processing', 'failed', 'submitted']);
    // 3 session items, holding 4 + 2 + 3 distinct events, each once.
    expect(baseline.items).toBe(3);
    expect(baseline.entries).toBe(9);
    expect(baseline.distinctEntries).toBe(9);
    expect(baseline.quarantined).toBe(1);
    expect(baseline.plan.calls.length).toBeGreaterThan(15);
  });

  it('reaches the same state, exactly once, whichever call fails and however', async () => {
    const failures = await failedFaultCases(
      'fault injection',
      baseline.plan.calls.length,
      run,
      (observed) => {
        expectNothingLost(observed.result);
        expect(observed.state).toEqual(baseline.state);
        expect(observed.items).toBe(baseline.items);
        expect(observed.entries).toBe(baseline.entries);
        expect(observed.distinctEntries).toBe(baseline.entries);
        expect(observed.quarantined).toBe(1);
        // Partial batch failures name exactly the records of the group whose call failed.
        const hitBatch = observed.result.batches.find((b) => b.hitDuringBatch);
        const hitKey =
          observed.plan.hit?.client === 'dynamodb' ? keyOf(observed.plan.hit.input) : undefined;
        if (hitBatch && !hitBatch.died && hitKey) {
          const expected = hitBatch.records
            .filter((r) => ownerKey(r.provider, r.body) === hitKey)
            .map((r) => r.messageId);
          expect([...hitBatch.failures].sort()).toEqual(expected.sort());
        }
        // One fault costs at most one extra delivery per record: far from the DLQ's five.
        expect(observed.result.deliveries).toBeLessThanOrEqual(baseline.result.deliveries + 10);
      },
    );
    expect(failures).toEqual([]);
  });
});
