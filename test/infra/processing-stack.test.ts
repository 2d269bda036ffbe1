import { describe, expect, it } from 'vitest';
import { actionsOf, applicationStatements, logicalId, template } from '../support/stack.js';

const t = template();
const functionId = (word: string) =>
  logicalId(t, 'AWS::Lambda::Function', (p) => String(p.Description).includes(word));
const fn = (id: string) =>
  t.findResources('AWS::Lambda::Function')[id]?.Properties as Record<string, unknown>;
const roleOf = (id: string) =>
  (fn(id).Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
const consumerId = functionId('consumer');
const viewId = functionId('session view');
const queueId = logicalId(
  t,
  'AWS::SQS::Queue',
  (p) => p.RedrivePolicy !== undefined && p.MaximumMessageSize !== undefined,
);
const tables = Object.keys(t.findResources('AWS::DynamoDB::Table'));
const sessionsId = tables.find((id) => id.includes('Sessions')) ?? '';
const quarantineId = tables.find((id) => id.includes('Quarantine')) ?? '';

describe('processing and store infrastructure', () => {
  it('keeps two encrypted, point-in-time recoverable, on-demand tables with TTL, retained on delete', () => {
    expect(tables).toHaveLength(2);
    for (const id of [sessionsId, quarantineId]) {
      const table = t.findResources('AWS::DynamoDB::Table')[id];
      expect(table).toMatchObject({
        DeletionPolicy: 'Retain',
        Properties: {
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
          SSESpecification: { SSEEnabled: true },
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        },
      });
    }
  });

  it('feeds the consumer from the queue in batches of 10, reporting partial batch failures', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: consumerId },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // A backlog cannot take the account's concurrency from the ingest (docs/operations.md).
      ScalingConfig: { MaximumConcurrency: 10 },
    });
    expect(fn(functionId('ingest')).ReservedConcurrentExecutions).toBeUndefined();
    expect(fn(consumerId)).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: { SESSIONS_TABLE: { Ref: sessionsId }, QUARANTINE_TABLE: { Ref: quarantineId } },
      },
    });
  });

  it('makes the queue visibility timeout at least six times the consumer timeout', () => {
    const visibility = t.findResources('AWS::SQS::Queue')[queueId]?.Properties
      .VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (fn(consumerId).Timeout as number));
  });

  it('lets the consumer use only its queue and its tables, with only the calls it makes', () => {
    const statements = applicationStatements(t, roleOf(consumerId));
    expect(actionsOf(statements)).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    const resourceOf = (action: string) =>
      statements.find((s) => JSON.stringify(s.Action).includes(action))?.Resource;
    expect(resourceOf('dynamodb:PutItem')).toEqual({ 'Fn::GetAtt': [sessionsId, 'Arn'] });
    expect(resourceOf('dynamodb:UpdateItem')).toEqual({ 'Fn::GetAtt': [quarantineId, 'Arn'] });
    expect(resourceOf('sqs:ReceiveMessage')).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('serves GET /sessions/{provider}/{sessionId} behind IAM authorization, reading sessions only', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /sessions/{provider}/{sessionId}',
      AuthorizationType: 'AWS_IAM',
    });
    const statements = applicationStatements(t, roleOf(viewId));
    expect(actionsOf(statements)).toEqual([
      'dynamodb:GetItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(statements.find((s) => s.Action === 'dynamodb:GetItem')?.Resource).toEqual({
      'Fn::GetAtt': [sessionsId, 'Arn'],
    });
  });
});
