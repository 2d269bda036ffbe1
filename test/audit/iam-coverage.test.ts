// Runs after every other test (vitest groupOrder): every AWS call the functions' code made in the
// integration tests (recorded by test/support/aws-calls) is allowed by that function's synthesized
// role, on the resource it named. The emulators enforce no IAM; this is where a missing
// permission shows before AWS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE, type RecordedCall } from '../support/aws-calls.js';
import { disallowedCalls } from '../support/iam-coverage.js';
import { template } from '../support/stack.js';

const dir = process.env.IDV_AWS_CALLS_DIR ?? '.reports/aws-calls';
const calls: RecordedCall[] = (() => {
  try {
    return readdirSync(dir).flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as RecordedCall),
    );
  } catch {
    return [];
  }
})();
const distinct = [...new Map(calls.map((c) => [JSON.stringify(c), c])).values()];
// Every function and resource there is: the report archive is opt-in.
const t = template({ reports: { archive: { enabled: true } } });

describe('the AWS calls of the whole test run, against the synthesized roles', () => {
  it('covers every call each function makes on its way through the pipeline', () => {
    const seen = new Set(distinct.map((c) => `${c.function} ${c.action} ${c.variable}`));
    for (const expected of [
      'ingest sqs:SendMessage QUEUE_URL',
      'consumer dynamodb:GetItem SESSIONS_TABLE',
      'consumer dynamodb:PutItem SESSIONS_TABLE',
      'consumer dynamodb:UpdateItem QUARANTINE_TABLE',
      `consumer sqs:ReceiveMessage ${EVENT_SOURCE}`,
      `consumer sqs:DeleteMessage ${EVENT_SOURCE}`,
      'session-view dynamodb:GetItem SESSIONS_TABLE',
      `publisher dynamodb:DescribeStream ${EVENT_SOURCE}`,
      `publisher dynamodb:GetShardIterator ${EVENT_SOURCE}`,
      `publisher dynamodb:GetRecords ${EVENT_SOURCE}`,
      'publisher events:PutEvents EVENT_BUS_NAME',
      'report-fetcher dynamodb:GetItem SESSIONS_TABLE',
      'report-fetcher dynamodb:PutItem SESSIONS_TABLE',
      'report-fetcher sqs:ChangeMessageVisibility REPORT_QUEUE_URL',
      'report-fetcher s3:PutObject REPORT_ARCHIVE_BUCKET',
      `report-fetcher sqs:ReceiveMessage ${EVENT_SOURCE}`,
      `report-fetcher sqs:DeleteMessage ${EVENT_SOURCE}`,
    ])
      expect(seen, expected).toContain(expected);
  });

  it('finds each call allowed by its function’s role, on the resource its configuration names', () => {
    expect(disallowedCalls(t, distinct)).toEqual([]);
  });

  it('reports a call the role does not allow, or on a resource the function is not given', () => {
    const call = (fn: RecordedCall['function'], action: string, variable: string | null) => ({
      function: fn,
      action,
      variable,
      resource: 'some-table',
    });
    expect(
      disallowedCalls(t, [
        call('session-view', 'dynamodb:PutItem', 'SESSIONS_TABLE'),
        call('consumer', 'dynamodb:UpdateItem', 'SESSIONS_TABLE'),
        call('ingest', 'sqs:SendMessage', null),
        call('ingest', 'dynamodb:GetItem', 'QUEUE_URL'),
        { ...call('report-fetcher', 's3:PutObject', 'REPORT_ARCHIVE_BUCKET'), key: 'elsewhere/' },
        { ...call('report-fetcher', 's3:GetObject', 'REPORT_ARCHIVE_BUCKET'), key: 'casapay/' },
      ]),
    ).toEqual([
      'session-view dynamodb:PutItem on SESSIONS_TABLE: not allowed by its role',
      'consumer dynamodb:UpdateItem on SESSIONS_TABLE: not allowed by its role',
      "ingest sqs:SendMessage on some-table: the function's configuration names no such resource",
      'ingest dynamodb:GetItem on QUEUE_URL: not allowed by its role',
      'report-fetcher s3:PutObject on REPORT_ARCHIVE_BUCKET: not allowed by its role',
      'report-fetcher s3:GetObject on REPORT_ARCHIVE_BUCKET: not allowed by its role',
    ]);
  });
});
