import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import type { TableNames } from '../../functions/local/tables.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { quarantineKey } from '../../functions/storage/quarantine.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { CASAPAY_COMPLETED, fixture, SEED_PII } from '../support/fixtures.js';
import { injectFault, serviceUnavailable } from '../support/sdk-faults.js';
import { sqsRecord } from '../support/sqs-records.js';

const dynamodb = dynamodbClient();
const logs = captureLogs();
let tables: TableNames;
let store: DynamoDbSessionStore;

beforeEach(async () => {
  tables = await freshTables(dynamodb);
  store = new DynamoDbSessionStore(dynamodb, tables.sessionsTable);
});

const casapay = (
  type: Parameters<typeof casapaySample>[0],
  session: string,
  created: number,
  eventId: string,
) => sqsRecord({ provider: 'casapay', body: casapaySample(type, { session, created, eventId }) });
const quarantined = async () =>
  (
    await dynamodb.send(
      new ScanCommand({ TableName: tables.quarantineTable, ConsistentRead: true }),
    )
  ).Items?.map((i) => unmarshall(i)) ?? [];

describe('consumer with DynamoDB Local', () => {
  it('applies a mixed batch: sessions grouped, duplicates acknowledged, unreadable bodies quarantined', async () => {
    const veriffSession = 'f04bdb47-d3be-4b28-b028-a652feb060b5';
    const created = casapay('verification_session.created', 'vs_a', 100, 'evt_a1');
    const records = [
      created,
      casapay('verification_session.processing', 'vs_a', 102, 'evt_a3'),
      casapay('verification_session.pending', 'vs_a', 101, 'evt_a2'),
      sqsRecord({ provider: 'casapay', body: fixture(CASAPAY_COMPLETED) }),
      sqsRecord({
        provider: 'veriff',
        body: veriffSample('submitted', { session: veriffSession }),
      }),
      sqsRecord({ provider: 'veriff', body: veriffSample('started', { session: veriffSession }) }),
      sqsRecord({ provider: 'veriff', body: veriffSample('started', { session: veriffSession }) }),
      sqsRecord({ provider: 'casapay', body: Buffer.from('{"truncated":') }),
      { ...created, messageId: 'sqs-redelivery-of-created' },
    ];
    const response = await consumer(consumerPorts(dynamodb, tables))(records);

    expect(response.batchItemFailures).toEqual([]);
    const vsA = await store.load('casapay', 'vs_a', { consistent: true });
    expect(vsA).toMatchObject({ status: 'processing', version: 1 });
    expect(vsA?.events.map((e) => [e.eventId, e.applied])).toEqual([
      ['evt_a1', true],
      ['evt_a2', true],
      ['evt_a3', true],
    ]);
    expect(await store.load('casapay', 'vs_1a2b3c4d5e6f', { consistent: true })).toMatchObject({
      status: 'completed',
      facts: { report: 'vr_9z8y7x6w5v' },
    });
    expect(await store.load('veriff', veriffSession, { consistent: true })).toMatchObject({
      status: 'submitted',
      version: 1,
    });
    const [kept, ...others] = await quarantined();
    expect(others).toEqual([]);
    expect(kept).toMatchObject({
      provider: 'casapay',
      reason: 'not_json',
      messageBody: '{"truncated":',
      deliveries: 1,
    });

    const outcomes = logs.records().map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(6);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'quarantined')).toHaveLength(1);
    for (const pii of SEED_PII) expect(logs.lines().join('\n')).not.toContain(pii);
  });

  it('returns only the records of the session whose commit failed, and a redelivery completes it', async () => {
    const ports = consumerPorts(dynamodb, tables);
    const records = [
      casapay('verification_session.created', 'vs_ok', 1, 'evt_ok1'),
      casapay('verification_session.created', 'vs_fail', 1, 'evt_f1'),
      casapay('verification_session.pending', 'vs_fail', 2, 'evt_f2'),
      casapay('verification_session.pending', 'vs_ok', 2, 'evt_ok2'),
    ];
    const failVsFail = ({
      commandName,
      input,
    }: {
      commandName: string;
      input: Record<string, unknown>;
    }) => commandName === 'PutItemCommand' && JSON.stringify(input).includes('vs_fail');
    const removeFault = injectFault(dynamodb, failVsFail, serviceUnavailable);
    const first = await consumer(ports)(records);
    removeFault();

    expect(first.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [records[1]?.messageId, records[2]?.messageId].sort(),
    );
    expect(await store.load('casapay', 'vs_fail', { consistent: true })).toBeUndefined();
    expect((await store.load('casapay', 'vs_ok', { consistent: true }))?.status).toBe('pending');

    // SQS redelivers exactly the failed records (and, at least once, sometimes a delivered one).
    const retry = await consumer(ports)(
      [records[2], records[0], records[1]].filter((r) => r !== undefined),
    );
    expect(retry.batchItemFailures).toEqual([]);
    expect(await store.load('casapay', 'vs_fail', { consistent: true })).toMatchObject({
      status: 'pending',
      version: 1,
    });
    expect((await store.load('casapay', 'vs_ok', { consistent: true }))?.version).toBe(1);
  });

  it('does not acknowledge an unreadable message it could not quarantine', async () => {
    const ports = consumerPorts(dynamodb, { ...tables, quarantineTable: 'no-such-table' });
    const unreadable = sqsRecord({ provider: 'veriff', body: 'not json' });
    const response = await consumer(ports)([
      unreadable,
      casapay('verification_session.created', 'vs_q', 1, 'evt_q1'),
    ]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: unreadable.messageId }]);
  });

  it('counts repeated deliveries of the same unreadable body in one quarantine entry', async () => {
    const ports = consumerPorts(dynamodb, tables);
    await consumer(ports)([sqsRecord({ provider: 'veriff', body: '{"code":"7002"}' })]);
    await consumer(ports)([sqsRecord({ provider: 'veriff', body: '{"code":"7002"}' })]);
    const entry = await dynamodb.send(
      new GetItemCommand({
        TableName: tables.quarantineTable,
        Key: { pk: { S: quarantineKey('veriff', '{"code":"7002"}') } },
        ConsistentRead: true,
      }),
    );
    expect(unmarshall(entry.Item ?? {})).toMatchObject({
      reason: 'invalid_shape',
      deliveries: 2,
      attributes: { provider: 'veriff', bodyEncoding: 'utf8' },
    });
  });

  it('applies an event id signed for two sessions to each, as the provider said (docs/storage.md)', async () => {
    const ports = consumerPorts(dynamodb, tables);
    await consumer(ports)([casapay('verification_session.created', 'vs_first', 1, 'evt_dup')]);
    const response = await consumer(ports)([
      casapay('verification_session.created', 'vs_second', 1, 'evt_dup'),
    ]);
    expect(response.batchItemFailures).toEqual([]);
    expect(await quarantined()).toEqual([]);
    for (const session of ['vs_first', 'vs_second']) {
      const stored = await store.load('casapay', session, { consistent: true });
      expect(stored?.events.map((e) => e.eventId)).toEqual(['evt_dup']);
    }
  });

  it('quarantines a message the ingest did not write (no attributes)', async () => {
    const stray = { ...sqsRecord({ body: '{}' }), messageAttributes: {} };
    const response = await consumer(consumerPorts(dynamodb, tables))([stray]);
    expect(response.batchItemFailures).toEqual([]);
    expect(await quarantined()).toEqual([
      expect.objectContaining({ provider: 'unknown', reason: 'undecodable_message' }),
    ]);
  });
});
