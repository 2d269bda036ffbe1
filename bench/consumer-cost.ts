// Measurement 2: what each event costs in DynamoDB, counted from the SDK's responses: our consumer
// (per session and batch one GetItem and one conditional PutItem), the same with the per-event
// claim of the first design, and the Powertools idempotency baseline, on the same SQS records, on
// DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import { createTables } from '../functions/local/tables.js';
import { consumer, consumerPorts } from '../test/support/consumer.js';
import { sqsRecord } from '../test/support/sqs-records.js';
import { lambdaContext } from '../test/support/webhooks.js';
import { type Consumption, meterCapacity } from './capacity-meter.js';
import { ClaimingSessionStore } from './claiming-store.js';
import { createBaselineConsumer, createIdempotencyTable } from './idempotency-baseline.js';
import { measureSessionSizes, type SessionSize } from './session-size.js';
import { meterStdout } from './stdout-meter.js';
import {
  CASAPAY_LIFECYCLE,
  casapayBody,
  SessionTraffic,
  sqsBatch,
  VERIFF_LIFECYCLE,
  veriffStepBody,
} from './workload.js';

interface Scenario {
  readonly name: string;
  /** Delivered first and not counted (what makes a duplicate a duplicate). */
  readonly setup: readonly SQSRecord[][];
  /** The batches whose cost is counted. */
  readonly measured: readonly SQSRecord[][];
}

export interface PerEvent {
  readonly requests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
}

export interface ScenarioCost {
  readonly scenario: string;
  readonly events: number;
  readonly ours: PerEvent;
  /** Ours with a conditional claim of each new event id before the session write. */
  readonly withClaims: PerEvent;
  readonly baseline: PerEvent;
  readonly oursCalls: Consumption['calls'];
  readonly baselineCalls: Consumption['calls'];
}

const redelivery = (record: SQSRecord): SQSRecord => ({ ...record, messageId: randomUUID() });
const webhook = (provider: 'casapay' | 'veriff', body: string) =>
  sqsRecord({ provider, body, receivedAt: Date.now() });

/** A fresh event, a duplicate, a mixed 10-record batch, and whole lifecycles (the input of the cost model). */
function scenarios(): Scenario[] {
  const newSession = () =>
    webhook(
      'casapay',
      casapayBody('verification_session.created', `vs_${randomUUID().slice(0, 12)}`, 1_790_000_000),
    );
  const repeated = newSession();
  const casapaySession = `vs_${randomUUID().slice(0, 12)}`;
  const veriffSession = randomUUID();
  const lifecycle = [
    ...CASAPAY_LIFECYCLE.map((type, step) =>
      webhook('casapay', casapayBody(type, casapaySession, 1_790_000_000 + step)),
    ),
    ...VERIFF_LIFECYCLE.map((step) => webhook('veriff', veriffStepBody(step, veriffSession))),
  ];
  return [
    { name: 'fresh event', setup: [], measured: [[newSession()]] },
    { name: 'duplicate (provider retry)', setup: [[repeated]], measured: [[redelivery(repeated)]] },
    {
      name: '10-record batch, 8 sessions',
      setup: [],
      measured: [sqsBatch(new SessionTraffic(8), 10)],
    },
    { name: 'lifecycles, 1 event per batch', setup: [], measured: lifecycle.map((r) => [r]) },
  ];
}

type Consume = (records: SQSRecord[]) => Promise<{ batchItemFailures: unknown[] }>;

async function run(
  consume: Consume,
  scenario: Scenario,
  meter: ReturnType<typeof meterCapacity>,
): Promise<{ consumption: Consumption; failures: number }> {
  let failures = 0;
  for (const batch of scenario.setup) await consume([...batch]);
  meter.reset();
  for (const batch of scenario.measured) {
    failures += (await consume([...batch])).batchItemFailures.length;
  }
  return { consumption: meter.consumption(), failures };
}

const perEvent = (consumption: Consumption, events: number): PerEvent => ({
  requests: consumption.requests / events,
  readUnits: consumption.readUnits / events,
  writeUnits: consumption.writeUnits / events,
});

export async function measureConsumerCost(
  dynamodbEndpoint: string,
): Promise<{ scenarios: ScenarioCost[]; sizes: SessionSize[] }> {
  const ourClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const claimingClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const baselineClient = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const ourTables = { sessionsTable: 'bench-sessions', quarantineTable: 'bench-quarantine' };
  const claimingTables = {
    sessionsTable: 'bench-claiming-sessions',
    quarantineTable: 'bench-claiming-quarantine',
  };
  const baselineTables = {
    sessionsTable: 'bench-baseline-sessions',
    idempotencyTable: 'bench-baseline-idempotency',
  };
  await createTables(ourClient, ourTables);
  await createTables(claimingClient, claimingTables);
  await createTables(baselineClient, {
    sessionsTable: baselineTables.sessionsTable,
    quarantineTable: 'bench-baseline-quarantine',
  });
  await createIdempotencyTable(baselineClient, baselineTables.idempotencyTable);

  const ours = consumer(consumerPorts(ourClient, ourTables));
  const claimingPorts = consumerPorts(claimingClient, claimingTables);
  const claiming = consumer({
    ...claimingPorts,
    sessions: new ClaimingSessionStore(
      claimingPorts.sessions,
      claimingClient,
      claimingTables.sessionsTable,
    ),
  });
  const baselineHandler = createBaselineConsumer(baselineClient, baselineTables);
  const baseline: Consume = (records) =>
    baselineHandler({ Records: records }, lambdaContext('baseline-consumer'));
  const ourMeter = meterCapacity(ourClient);
  const claimingMeter = meterCapacity(claimingClient);
  const baselineMeter = meterCapacity(baselineClient);

  const results: ScenarioCost[] = [];
  const stdout = meterStdout();
  try {
    for (const scenario of scenarios()) {
      const events = scenario.measured.reduce((count, batch) => count + batch.length, 0);
      const a = await run(ours, scenario, ourMeter);
      const c = await run(claiming, scenario, claimingMeter);
      const b = await run(baseline, scenario, baselineMeter);
      if (a.failures + b.failures + c.failures > 0) {
        throw new Error(`records failed in "${scenario.name}": its figures would mean nothing`);
      }
      results.push({
        scenario: scenario.name,
        events,
        ours: perEvent(a.consumption, events),
        withClaims: perEvent(c.consumption, events),
        baseline: perEvent(b.consumption, events),
        oursCalls: a.consumption.calls,
        baselineCalls: b.consumption.calls,
      });
    }
    const sizes = await measureSessionSizes(ourClient, ourTables.sessionsTable);
    return { scenarios: results, sizes };
  } finally {
    stdout.restore();
    ourClient.destroy();
    claimingClient.destroy();
    baselineClient.destroy();
  }
}
