// The reactions of the stack: the sessions table's stream, the publisher's event source mapping,
// the bus and its archive, the on-failure queue, the alarms and the publisher's IAM.
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import { describe, expect, it } from 'vitest';
import { IdvWebhooks, type IdvWebhooksProps } from '../../lib/idv-webhooks.js';
import { actionsOf, applicationStatements, logicalId, template } from '../support/stack.js';

const t = template();
const publisherId = logicalId(t, 'AWS::Lambda::Function', (p) =>
  String(p.Description).includes('publisher'),
);
const publisher = t.findResources('AWS::Lambda::Function')[publisherId]?.Properties as {
  Role: { 'Fn::GetAtt': [string, string] };
  Environment: { Variables: Record<string, unknown> };
};
const busId = logicalId(t, 'AWS::Events::EventBus');
const sessionsId = logicalId(t, 'AWS::DynamoDB::Table', (p) => p.StreamSpecification !== undefined);
/** Queues some redrive policy sends to: the webhook queue's and the report queue's DLQs. */
const deadLetterTargets = new Set(
  Object.values(t.findResources('AWS::SQS::Queue')).flatMap((q) => {
    const target = (
      q.Properties.RedrivePolicy as { deadLetterTargetArn?: { 'Fn::GetAtt': string[] } }
    )?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
    return target ? [target] : [];
  }),
);
const failureQueueId = logicalId(
  t,
  'AWS::SQS::Queue',
  (p) => p.RedrivePolicy === undefined && p.MaximumMessageSize === undefined,
  (id) => !deadLetterTargets.has(id),
);

function instance(props: IdvWebhooksProps, extra?: (stack: Stack) => IdvWebhooksProps) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S');
  new IdvWebhooks(stack, 'Idv', { ...props, ...extra?.(stack) });
  return Template.fromStack(stack);
}

describe('reactions infrastructure', () => {
  it('streams both images of every write of the sessions table, and only that table', () => {
    t.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
    expect(
      Object.values(t.findResources('AWS::DynamoDB::Table')).filter(
        (table) => table.Properties.StreamSpecification,
      ),
    ).toHaveLength(1);
  });

  it('feeds the publisher session writes only, in order, bisecting and retrying, then setting aside', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [sessionsId, 'StreamArn'] },
      FunctionName: { Ref: publisherId },
      StartingPosition: 'TRIM_HORIZON',
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 21_600,
      MaximumBatchingWindowInSeconds: 1,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [failureQueueId, 'Arn'] } },
      },
      FilterCriteria: {
        Filters: [
          {
            Pattern: JSON.stringify({
              eventName: ['INSERT', 'MODIFY'],
              dynamodb: { NewImage: { kind: { S: ['session'] } } },
            }),
          },
        ],
      },
    });
  });

  it('publishes to the bus it creates, which archives Session Changed events for 30 days', () => {
    expect(publisher.Environment.Variables.EVENT_BUS_NAME).toEqual({ Ref: busId });
    t.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: ['idv-webhooks'] },
      RetentionDays: 30,
    });
  });

  it('lets the publisher put events on that bus, read that stream and write that queue, nothing else', () => {
    const statements = applicationStatements(t, publisher.Role['Fn::GetAtt'][0]);
    const on = (resource: unknown) =>
      actionsOf(statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(resource)));
    expect(on({ 'Fn::GetAtt': [busId, 'Arn'] })).toEqual(['events:PutEvents']);
    expect(on({ 'Fn::GetAtt': [sessionsId, 'StreamArn'] })).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
    ]);
    expect(on({ 'Fn::GetAtt': [failureQueueId, 'Arn'] })).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(actionsOf(statements).filter((a) => !a.startsWith('logs:'))).toHaveLength(7);
    expect(actionsOf(statements)).not.toContain('dynamodb:PutItem');
  });

  it('keeps what the mapping gave up on for 14 days, encrypted and TLS only', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: failureQueueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('alarms when changes cannot be published, the publisher fails, or it falls behind the stream', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [failureQueueId, 'QueueName'] } }],
      Threshold: 1,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: publisherId } }],
      Threshold: 300_000,
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: publisherId } }],
    });
  });

  it('outputs the bus name and ARN', () => {
    t.hasOutput('EventBusName', { Value: { Ref: busId } });
    t.hasOutput('EventBusArn', { Value: { 'Fn::GetAtt': [busId, 'Arn'] } });
  });

  it('publishes to a bus passed in, with the archive retention asked for', () => {
    const custom = instance({ reactions: { archiveRetention: Duration.days(90) } }, (stack) => ({
      reactions: {
        bus: events.EventBus.fromEventBusName(stack, 'Theirs', 'team-bus'),
        archiveRetention: Duration.days(90),
      },
    }));
    custom.resourceCountIs('AWS::Events::EventBus', 0);
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EVENT_BUS_NAME: 'team-bus' }) },
    });
    custom.hasResourceProperties('AWS::Events::Archive', { RetentionDays: 90 });
  });

  it('creates none of it when reactions are off', () => {
    const off = instance({ reactions: { enabled: false } });
    off.resourceCountIs('AWS::Events::EventBus', 0);
    off.resourceCountIs('AWS::Events::Archive', 0);
    expect(
      Object.values(off.findResources('AWS::Lambda::Function')).map(
        (f) => String(f.Properties.Description).split(':')[0],
      ),
    ).not.toContain('idv-webhooks publisher');
  });
});
