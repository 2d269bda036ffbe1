import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { CONSUMER_TIMEOUT } from '../../lib/idv-webhooks.js';
import {
  actionsOf,
  applicationStatements,
  logicalId,
  synthStack,
  template,
} from '../support/stack.js';

const t = template();
const ingestId = logicalId(t, 'AWS::Lambda::Function', (p) =>
  String(p.Description).includes('ingest'),
);
const ingest = t.findResources('AWS::Lambda::Function')[ingestId]?.Properties as Record<
  string,
  unknown
>;
// The webhook queue: a redrive policy and SQS's largest messages (the report queue has neither size).
const mainQueueId = logicalId(
  t,
  'AWS::SQS::Queue',
  (p) => p.RedrivePolicy !== undefined && p.MaximumMessageSize !== undefined,
);
/** The queue the webhook queue's redrive policy sends to (the reactions' on-failure queue is another). */
const redrive = t.findResources('AWS::SQS::Queue')[mainQueueId]?.Properties.RedrivePolicy as {
  deadLetterTargetArn: { 'Fn::GetAtt': [string, string] };
};
const dlqId = redrive.deadLetterTargetArn['Fn::GetAtt'][0];

describe('intake infrastructure', () => {
  it('routes only POST /webhooks/{provider} to the ingest, with payload format 2.0', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const routes = Object.values(t.findResources('AWS::ApiGatewayV2::Route')).map((r) => [
      r.Properties.RouteKey,
      r.Properties.AuthorizationType ?? 'NONE',
    ]);
    expect(routes.filter(([key]) => String(key).includes('/webhooks/'))).toEqual([
      ['POST /webhooks/{provider}', 'NONE'],
    ]);
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [ingestId, 'Arn'] },
    });
  });

  it('throttles the default stage and writes access logs', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const custom = template({ throttle: { rateLimit: 5, burstLimit: 10 } });
    custom.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });

  it('runs the ingest on the newest Node.js runtime, on arm64, with its configuration', () => {
    expect(ingest).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: {
        Variables: {
          QUEUE_URL: { Ref: mainQueueId },
          ENABLED_PROVIDERS: 'casapay,veriff',
          MAX_BODY_BYTES: '262144',
          CASAPAY_TOLERANCE_SECONDS: '300',
          CASAPAY_SECRET_ID: { Ref: expect.stringMatching(/casapaySecret/) },
          VERIFF_SECRET_ID: { Ref: expect.stringMatching(/veriffSecret/) },
        },
      },
    });
  });

  it('keeps secret values out of the function configuration', () => {
    const variables = Object.keys((ingest.Environment as { Variables: object }).Variables);
    expect(variables.filter((name) => /SECRETS$/.test(name))).toEqual([]);
  });

  it('creates one Secrets Manager secret per provider, kept when the stack is deleted', () => {
    t.resourceCountIs('AWS::SecretsManager::Secret', 2);
    t.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('lets the ingest only send to its queue, read its two secrets and write its own logs', () => {
    const roleId = (ingest.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0] as string;
    const statements = applicationStatements(t, roleId);
    expect(actionsOf(statements)).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:GetSecretValue',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    const sqsStatement = statements.find((s) =>
      JSON.stringify(s.Action).includes('sqs:SendMessage'),
    );
    expect(sqsStatement?.Resource).toEqual({ 'Fn::GetAtt': [mainQueueId, 'Arn'] });
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    const role = t.findResources('AWS::IAM::Role')[roleId]?.Properties;
    expect(role?.ManagedPolicyArns).toBeUndefined();
  });

  it('sends poison messages to a dead-letter queue after five receives, kept 14 days', () => {
    t.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    const dlq = t.findResources('AWS::SQS::Queue')[dlqId]?.Properties;
    expect(dlq?.MessageRetentionPeriod).toBe(14 * 86_400);
  });

  it('keeps a dead-lettered message at least 10 days, since SQS counts from its first enqueue', () => {
    const queues = t.findResources('AWS::SQS::Queue');
    const queueRetention = queues[mainQueueId]?.Properties.MessageRetentionPeriod as number;
    const dlqRetention = queues[dlqId]?.Properties.MessageRetentionPeriod as number;
    expect(queueRetention).toBe(4 * 86_400);
    expect(dlqRetention - queueRetention).toBeGreaterThanOrEqual(10 * 86_400);
  });

  it('sizes the visibility timeout at six times the consumer timeout', () => {
    const queue = t.findResources('AWS::SQS::Queue')[mainQueueId]?.Properties;
    expect(queue?.VisibilityTimeout).toBe(6 * CONSUMER_TIMEOUT.toSeconds());
  });

  it('encrypts both queues and refuses requests without TLS', () => {
    for (const id of [mainQueueId, dlqId]) {
      expect(t.findResources('AWS::SQS::Queue')[id]?.Properties.SqsManagedSseEnabled).toBe(true);
      t.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('outputs the webhook URL of each provider and the queue URLs', () => {
    const outputs = Object.keys(t.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'casapayWebhookUrl',
        'veriffWebhookUrl',
        'QueueUrl',
        'DeadLetterQueueUrl',
      ]),
    );
  });

  it('fails synthesis when a resource breaks an AwsSolutions rule', () => {
    const { app, stack } = synthStack({}, { nag: true });
    new sqs.Queue(stack, 'UnencryptedQueueWithoutDlq');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
  });

  it('passes cdk-nag AwsSolutions checks, with a reason for every acknowledged rule', () => {
    const { app } = synthStack({}, { nag: true });
    expect(() => app.synth()).not.toThrow();
    // Each acknowledgment is recorded as { "<rule>": "<reason>" } metadata on its construct.
    const reasons = app.node
      .findAll()
      .flatMap((c: IConstruct) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason.trim()).toMatch(/^[^\n]{20,}$/);
  });
});
