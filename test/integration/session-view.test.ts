// The session view handler on DynamoDB Local: it reads what the consumer stored, as on AWS.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { casapaySample } from '../../functions/local/samples.js';
import type { TableNames } from '../../functions/local/tables.js';
import { createTelemetry } from '../../functions/observability/telemetry.js';
import { PROVIDER_NAMES } from '../../functions/providers/registry.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { createSessionViewHandler } from '../../functions/views/session-view-handler.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { forFunction } from '../support/aws-calls.js';
import { captureLogs } from '../support/capture-logs.js';
import { consumer, consumerPorts } from '../support/consumer.js';
import { sqsRecord } from '../support/sqs-records.js';
import { lambdaContext } from '../support/webhooks.js';

captureLogs();
const dynamodb = dynamodbClient();
let tables: TableNames;

/** The view as the Lambda entry wires it, its calls recorded as the session view's. */
function view(provider: string, sessionId: string) {
  const client = forFunction(dynamodb, 'session-view', { SESSIONS_TABLE: tables.sessionsTable });
  const handler = createSessionViewHandler(
    {
      providers: new Set(PROVIDER_NAMES),
      sessions: new DynamoDbSessionStore(client, tables.sessionsTable),
    },
    createTelemetry(),
  );
  const event = { pathParameters: { provider, sessionId } } as unknown as APIGatewayProxyEventV2;
  return handler(event, lambdaContext('session-view')) as Promise<{
    statusCode: number;
    body: string;
  }>;
}

describe('session view with DynamoDB Local', () => {
  beforeAll(async () => {
    tables = await freshTables(dynamodb);
    const body = casapaySample('verification_session.pending', {
      session: 'vs_view_1',
      created: 100,
      eventId: 'evt_view_1',
    });
    await consumer(consumerPorts(dynamodb, tables))([sqsRecord({ provider: 'casapay', body })]);
  });

  it('shows the session the consumer stored, with its event', async () => {
    const response = await view('casapay', 'vs_view_1');
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      provider: 'casapay',
      sessionId: 'vs_view_1',
      status: 'pending',
    });
    expect(response.body).toContain('evt_view_1');
  });

  it('answers 404 for a session it has no event of', async () => {
    const response = await view('casapay', 'vs_never_seen');
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body).error).toBe('session_not_found');
  });
});
