// Creates the DynamoDB tables on an endpoint exactly as the stack defines them (key, TTL, and the
// sessions table's stream, the outbox of session changes).
import {
  CreateTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { PARTITION_KEY, SESSION_STREAM_VIEW, TTL_ATTRIBUTE } from '../storage/tables.js';

export interface TableNames {
  readonly sessionsTable: string;
  readonly quarantineTable: string;
}

export async function createTables(dynamodb: DynamoDBClient, names: TableNames): Promise<void> {
  for (const table of [names.sessionsTable, names.quarantineTable]) {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
        ...(table === names.sessionsTable
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: SESSION_STREAM_VIEW } }
          : {}),
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: table,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  }
}
