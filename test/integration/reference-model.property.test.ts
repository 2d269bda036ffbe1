import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processBatch } from '../../functions/processing/process-batch.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { consumerPorts } from '../support/consumer.js';
import { expectSessionsMatchModel } from '../support/model-check.js';
import { byProfile } from '../support/profile.js';
import { batchesOf, webhookSets } from '../support/webhook-arbitraries.js';

const RUNS = byProfile(15, 300);
const dynamodb = dynamodbClient();

describe('the real consumer on DynamoDB Local against the reference model', () => {
  it(`stores what the model says, through real conditions and transactions (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        webhookSets(12).chain((webhooks) => fc.tuple(fc.constant(webhooks), batchesOf(webhooks))),
        async ([webhooks, batches]) => {
          const tables = await freshTables(dynamodb);
          const ports = consumerPorts(dynamodb, tables);
          for (const batch of batches)
            expect((await processBatch(batch, ports)).failures).toEqual([]);
          await expectSessionsMatchModel(
            new DynamoDbSessionStore(dynamodb, tables.sessionsTable),
            webhooks,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});
