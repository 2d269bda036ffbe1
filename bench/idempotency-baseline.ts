// The baseline of measurement 2: the consumer most teams would write first. Powertools Batch hands
// each record to a naive handler (read the session, fold the event in, put the session under a
// version check), made idempotent per event by Powertools Idempotency on DynamoDB: two extra
// writes per fresh event (in progress, then completed), one refused write per duplicate.

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { CreateTableCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { providerAdapters } from '../functions/providers/registry.js';
import { fromSqsRecord } from '../functions/queue/queued-webhook.js';
import { addEvents } from '../functions/sessions/engine.js';
import type { SessionEvent } from '../functions/sessions/session-event.js';
import { DynamoDbSessionStore } from '../functions/storage/dynamodb-session-store.js';
import { toSessionItem } from '../functions/storage/session-item.js';

export interface BaselineTables {
  readonly sessionsTable: string;
  readonly idempotencyTable: string;
}

/** The table Powertools Idempotency documents: partition key `id`. */
export async function createIdempotencyTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    }),
  );
}

interface ProviderEvent {
  readonly provider: string;
  readonly event: SessionEvent;
}

/** The baseline consumer: a Lambda SQS handler with partial batch responses. */
export function createBaselineConsumer(client: DynamoDBClient, tables: BaselineTables) {
  const adapters = providerAdapters();
  const sessions = new DynamoDbSessionStore(client, tables.sessionsTable);

  const applyEvent = async ({ provider, event }: ProviderEvent): Promise<string> => {
    const adapter = adapters.get(provider);
    if (!adapter) throw new Error(`unknown provider ${provider}`);
    const current = await sessions.load(provider, event.sessionId, { consistent: false });
    const { fold, added } = addEvents(adapter.rules, current?.events ?? [], [event]);
    if (added.length === 0) return 'duplicate';
    const now = new Date().toISOString();
    const version = current?.version ?? 0;
    await client.send(
      new PutItemCommand({
        TableName: tables.sessionsTable,
        Item: toSessionItem({
          provider,
          sessionId: event.sessionId,
          version: version + 1,
          createdAt: current?.createdAt ?? now,
          updatedAt: now,
          status: fold.state.status,
          facts: fold.state.facts,
          summary: fold.summary,
          events: fold.history,
        }),
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
        ...(version === 0
          ? {}
          : { ExpressionAttributeValues: { ':read': { N: String(version) } } }),
      }),
    );
    return 'applied';
  };

  const config = new IdempotencyConfig({ eventKeyJmesPath: '[provider, event.eventId]' });
  const applyOnce = makeIdempotent(applyEvent, {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: tables.idempotencyTable,
      awsSdkV3Client: client,
    }),
    config,
  });

  const recordHandler = async (record: SQSRecord): Promise<string> => {
    const decoded = fromSqsRecord(record.body, record.messageAttributes);
    if (!decoded.ok) throw new Error(decoded.problem);
    const { provider, body } = decoded.webhook;
    const parsed = adapters.get(provider)?.parseEvent(body, decoded.webhook);
    if (!parsed?.ok) throw new Error('unreadable webhook');
    return applyOnce({ provider, event: parsed.event });
  };

  // Records one after another: in parallel, two records of one session would race on its version
  // and one of them would fail and be redelivered, which would only make the baseline dearer.
  const processor = new BatchProcessor(EventType.SQS);
  return (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    config.registerLambdaContext(context);
    return processPartialResponse(event, recordHandler, processor, {
      context,
      processInParallel: false,
    });
  };
}
