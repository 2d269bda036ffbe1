// Lambda entry of the session view (behind IAM authorization on the HTTP API).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readSessionViewConfig } from './config.js';
import { createTelemetry } from './observability/telemetry.js';
import { loadTracing } from './observability/tracing.js';
import { DYNAMODB_CLIENT_CONFIG } from './storage/dynamodb-client.js';
import { DynamoDbSessionStore } from './storage/dynamodb-session-store.js';
import { createSessionViewHandler } from './views/session-view-handler.js';

const config = readSessionViewConfig(process.env);
const tracing = await loadTracing();
const dynamodb = new DynamoDBClient(DYNAMODB_CLIENT_CONFIG);
tracing?.instrument(dynamodb);

export const handler = createSessionViewHandler(
  {
    providers: new Set(config.providers),
    sessions: new DynamoDbSessionStore(dynamodb, config.sessionsTable),
  },
  { ...createTelemetry(), tracing },
);
