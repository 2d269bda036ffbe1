// The inspector's sources against DynamoDB Local and the real consumer: the duplicates it counts
// come from the consumer's own log lines, the tables it reads hold the sessions (not the event
// claims beside them), and the quarantine it shows never carries a body, whatever the body held.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { casapaySample } from '../../functions/local/samples.js';
import type { TableNames } from '../../functions/local/tables.js';
import { sessionView } from '../../functions/views/session-view.js';
import { consumedDelivery, DeliveryLog, tapLines } from '../../inspector/consumer-log.js';
import { LocalTables } from '../../inspector/local-tables.js';
import { quarantinePage } from '../../inspector/quarantine-page.js';
import { timelineRows } from '../../inspector/timeline-page.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { SEED_PII } from '../support/fixtures.js';
import { sqsRecord } from '../support/sqs-records.js';

const dynamodb = dynamodbClient();
let tables: TableNames;
let consume: ReturnType<typeof consumer>;
beforeAll(async () => {
  tables = await freshTables(dynamodb);
  consume = consumer(consumerPorts(dynamodb, tables));
});

captureLogs();
const deliveries = new DeliveryLog();
let untap: () => void = () => undefined;
/** Installed inside each test, over the capture, as the inspector taps local mode's stdout. */
const tapConsumer = () => {
  untap = tapLines(process.stdout, (line) => {
    const delivery = consumedDelivery(line);
    if (delivery) deliveries.record(delivery);
  });
};
afterEach(() => untap());

describe('the inspector reading local mode', () => {
  it('counts the duplicates the consumer logged, one per delivery, for the event they concern', async () => {
    tapConsumer();
    const session = `vs_${randomUUID().slice(0, 8)}`;
    const created = casapaySample('verification_session.created', {
      session,
      created: 1_790_000_000,
      eventId: `evt_${session}_created`,
    });
    const pending = casapaySample('verification_session.pending', {
      session,
      created: 1_790_000_001,
      eventId: `evt_${session}_pending`,
    });
    // The provider sends `created` three times (three requests), once in a later batch.
    const first = await consume([
      sqsRecord({ body: created, requestId: 'req-created-1' }),
      sqsRecord({ body: pending, requestId: 'req-pending-1' }),
      sqsRecord({ body: created, requestId: 'req-created-2' }),
    ]);
    const second = await consume([sqsRecord({ body: created, requestId: 'req-created-3' })]);
    expect([...first.batchItemFailures, ...second.batchItemFailures]).toEqual([]);

    const record = await new LocalTables(dynamodb, tables).session('casapay', session);
    if (!record) throw new Error('the session was not committed');
    const rows = timelineRows(sessionView(record), deliveries.of('casapay', session), 'canonical');
    expect(rows.map((row) => [row.event.type, row.deliveries, row.duplicateRequestIds])).toEqual([
      ['verification_session.created', 3, ['req-created-2', 'req-created-3']],
      ['verification_session.pending', 1, []],
    ]);
  });

  it('lists sessions only, not the event claims stored beside them', async () => {
    const sessions = await new LocalTables(dynamodb, tables).sessions();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.provider === 'casapay' && s.sessionId.startsWith('vs_'))).toBe(
      true,
    );
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(sessions.length);
  });

  it('shows quarantined messages by reason and detail, never their bodies', async () => {
    const withPii = casapaySample('verification_session.created', {
      session: 'vs_pii',
      created: 1_790_000_000,
    });
    const result = await consume([
      // Not JSON, and full of the applicant's data.
      sqsRecord({ body: `${withPii}, ${SEED_PII.join(' ')}`, requestId: 'req-not-json' }),
      // JSON, the applicant's data inside, but no session to tie it to.
      sqsRecord({
        body: withPii.replace('"object":"verification_session"', '"object":"mystery"'),
        requestId: 'req-no-session',
      }),
    ]);
    expect(result.batchItemFailures).toEqual([]);

    const entries = await new LocalTables(dynamodb, tables).quarantine();
    expect(entries.map((e) => [e.provider, e.reason, e.requestId]).sort()).toEqual([
      ['casapay', 'missing_session_id', 'req-no-session'],
      ['casapay', 'not_json', 'req-not-json'],
    ]);
    const shown = `${JSON.stringify(entries)}${quarantinePage(entries).text}`;
    for (const pii of SEED_PII) expect(shown).not.toContain(pii);
    expect(shown).not.toContain('messageBody');
    for (const field of ['first_name', 'tenant-8812', 'X1234567'])
      expect(shown).not.toContain(field);
  });
});
