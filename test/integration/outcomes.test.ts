// Each named lifecycle through the real consumer on DynamoDB Local, delivered in order, reversed,
// and with every webhook twice: the stored session reaches the same status, outcome and actions,
// and nothing of a decision's personal data is written to the table or the log.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DECISION_PII } from '../../functions/local/samples.js';
import { SCENARIOS } from '../../functions/local/scenarios.js';
import type { TableNames } from '../../functions/local/tables.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { DECISION_FIXTURE_PII, fixture, SEED_PII, VERIFF_DECISION } from '../support/fixtures.js';
import { sqsRecord } from '../support/sqs-records.js';

const dynamodb = dynamodbClient();
const logs = captureLogs();
let tables: TableNames;
let store: DynamoDbSessionStore;

beforeAll(async () => {
  tables = await freshTables(dynamodb);
  store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
});

const DELIVERIES = {
  'in order, one per batch': (records: unknown[]) => records.map((r) => [r]),
  'reversed, in one batch': (records: unknown[]) => [[...records].reverse()],
  'each twice, shuffled, in batches of 3': (records: unknown[]) => {
    const twice = [...records, ...records].sort(() => Math.random() - 0.5);
    return Array.from({ length: Math.ceil(twice.length / 3) }, (_, i) =>
      twice.slice(i * 3, i * 3 + 3),
    );
  },
};

describe.each(Object.keys(SCENARIOS))('scenario %s on DynamoDB Local', (name) => {
  const scenario = SCENARIOS[name] as (typeof SCENARIOS)[string];

  it('ends in the same state whatever the delivery order and duplicates', async () => {
    const states = [];
    for (const [index, deliver] of Object.values(DELIVERIES).entries()) {
      const session = `${name}-${index}`;
      const webhooks = scenario.webhooks(session, new Date('2026-11-24T12:00:00Z'));
      const records = webhooks.map((w) => sqsRecord({ provider: w.provider, body: w.body }));
      for (const batch of deliver(records)) {
        const response = await consumer(consumerPorts(dynamodb, tables))(batch as typeof records);
        expect(response.batchItemFailures).toEqual([]);
      }
      const stored = await store.load(scenario.provider, session, { consistent: true });
      expect(stored?.events).toHaveLength(webhooks.length);
      // Sample ids derive from the session id, so actions are compared by what they ask.
      states.push({
        status: stored?.status,
        outcome: stored?.summary.outcome,
        final: stored?.summary.final,
        actions: stored?.summary.actions.map((a) => a.action),
      });
    }
    const [first, ...others] = states;
    expect(first?.status).toEqual(expect.any(String));
    for (const other of others) expect(other).toEqual(first);
  });
});

describe('personal data of a Veriff decision', () => {
  it('never reaches the sessions table or the log', async () => {
    const response = await consumer(consumerPorts(dynamodb, tables))([
      sqsRecord({ provider: 'veriff', body: fixture(VERIFF_DECISION) }),
    ]);
    expect(response.batchItemFailures).toEqual([]);
    const session = await store.load('veriff', 'f04bdb47-d3be-4b28-b028-a652feb060b5', {
      consistent: true,
    });
    expect(session).toMatchObject({ status: 'declined', summary: { outcome: 'declined' } });
    const { Items = [] } = await dynamodb.send(
      new ScanCommand({ TableName: tables.sessionsTable, ConsistentRead: true }),
    );
    const table = JSON.stringify(Items);
    const written = logs.lines().join('\n');
    for (const pii of [...DECISION_FIXTURE_PII, ...Object.values(DECISION_PII), ...SEED_PII]) {
      expect(table).not.toContain(pii);
      expect(written).not.toContain(pii);
    }
  });
});
