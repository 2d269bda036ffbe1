// The same property as test/unit/report-convergence.property.test.ts, on DynamoDB Local: the real
// conditional writes of the consumer and of the fetcher's commit path, racing nothing but order.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import { DynamoDbQuarantine } from '../../functions/storage/quarantine.js';
import { dynamodbClient, freshTables } from '../support/aws.js';
import { byProfile } from '../support/profile.js';
import { deliverAndCompare, webhooksAndFindings } from '../support/report-convergence.js';

const RUNS = byProfile(10, 200);
const dynamodb = dynamodbClient();

describe('CasaPay sessions with report findings on DynamoDB Local, against the reference model', () => {
  it(`converge through the real conditional writes (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(webhooksAndFindings(10), async (deliveries) => {
        const tables = await freshTables(dynamodb);
        await deliverAndCompare(
          new DynamoDbSessionStore(dynamodb, tables.sessionsTable),
          new DynamoDbQuarantine(dynamodb, tables.quarantineTable),
          true,
          deliveries,
        );
      }),
      { numRuns: RUNS },
    );
  });
});
