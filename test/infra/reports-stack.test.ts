// The reports of the stack: the retrieval queue and its DLQ, the rule on the reactions bus, the
// report fetcher's configuration and IAM, the consumer's matching rules, the opt-in archive and
// its grant, the alarms, and when reports are off.
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { REPORT_DUE_PATTERN } from '../../functions/reports/retrieval-job.js';
import {
  attemptsWithin,
  DEFAULT_RETRIEVAL_SCHEDULE,
} from '../../functions/reports/retrieval-schedule.js';
import { IdvWebhooks, type IdvWebhooksProps } from '../../lib/idv-webhooks.js';
import { actionsOf, applicationStatements, logicalId, template } from '../support/stack.js';

const t = template();
const functionId = (tt: Template, word: string) =>
  logicalId(tt, 'AWS::Lambda::Function', (p) => String(p.Description).includes(word));
const functionOf = (tt: Template, word: string) =>
  tt.findResources('AWS::Lambda::Function')[functionId(tt, word)]?.Properties as {
    Role: { 'Fn::GetAtt': [string, string] };
    Environment: { Variables: Record<string, unknown> };
  };
const fetcher = functionOf(t, 'report fetcher');
const queueId = (fetcher.Environment.Variables.REPORT_QUEUE_URL as { Ref: string }).Ref;
const queue = t.findResources('AWS::SQS::Queue')[queueId]?.Properties as {
  RedrivePolicy: {
    deadLetterTargetArn: { 'Fn::GetAtt': [string, string] };
    maxReceiveCount: number;
  };
  VisibilityTimeout: number;
  MessageRetentionPeriod: number;
};
const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
const sessionsId = logicalId(t, 'AWS::DynamoDB::Table', (p) => p.StreamSpecification !== undefined);
const busId = logicalId(t, 'AWS::Events::EventBus');

function instance(props: IdvWebhooksProps = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'S');
  const idv = new IdvWebhooks(stack, 'Idv', props);
  return { app, stack, idv, t: () => Template.fromStack(stack) };
}

describe('reports infrastructure', () => {
  it('queues a job for exactly the pattern the local rule matches, from the reactions bus', () => {
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: REPORT_DUE_PATTERN,
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        },
      ],
    });
    // The target passes the event itself: it is the job, and a redriven one is too.
    const [rule] = Object.values(t.findResources('AWS::Events::Rule')).filter(
      (r) => JSON.stringify(r.Properties.EventPattern) === JSON.stringify(REPORT_DUE_PATTERN),
    );
    expect(rule?.Properties.Targets[0]).not.toHaveProperty('Input');
    expect(rule?.Properties.Targets[0]).not.toHaveProperty('InputTransformer');
  });

  it('lets the rule (and no one else) send to the queue and its DLQ, over TLS only', () => {
    const ruleId = logicalId(t, 'AWS::Events::Rule', (p) => p.EventBusName !== undefined);
    for (const id of [queueId, dlqId]) {
      t.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
            }),
          ]),
        },
      });
    }
  });

  it('keeps a job delivered for every attempt of the horizon, and sets it aside after that', () => {
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(
      attemptsWithin(DEFAULT_RETRIEVAL_SCHEDULE) + 10,
    );
    expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(30);
    expect(queue.VisibilityTimeout).toBe(6 * 60);
    expect(queue.MessageRetentionPeriod).toBeGreaterThanOrEqual(2 * 86_400);
    const dlq = t.findResources('AWS::SQS::Queue')[dlqId]?.Properties;
    expect(dlq?.MessageRetentionPeriod).toBe(14 * 86_400);
    expect(dlq?.SqsManagedSseEnabled).toBe(true);
  });

  it('feeds the fetcher batches of 5, at most 2 at a time, reporting partial failures', () => {
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: functionId(t, 'report fetcher') },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('configures the fetcher with the table, the queue, the CasaPay secret and the horizon', () => {
    const casapaySecret = logicalId(t, 'AWS::SecretsManager::Secret', (p) =>
      String(p.Description).includes('casapay'),
    );
    expect(fetcher.Environment.Variables).toMatchObject({
      SESSIONS_TABLE: { Ref: sessionsId },
      REPORT_QUEUE_URL: { Ref: queueId },
      CASAPAY_SECRET_ID: { Ref: casapaySecret },
      REPORT_HORIZON_SECONDS: '86400',
      SECRETS_CACHE_SECONDS: '300',
    });
    expect(fetcher.Environment.Variables).not.toHaveProperty('REPORT_ARCHIVE_BUCKET');
    expect(fetcher.Environment.Variables).not.toHaveProperty('CASAPAY_API_URL');
  });

  it('folds CasaPay sessions in the consumer as the fetcher does', () => {
    expect(functionOf(t, 'consumer').Environment.Variables.CASAPAY_REPORT_RETRIEVAL).toBe('on');
    const off = instance({ reports: { enabled: false } }).t();
    expect(functionOf(off, 'consumer').Environment.Variables).not.toHaveProperty(
      'CASAPAY_REPORT_RETRIEVAL',
    );
  });

  it('lets the fetcher read and commit sessions, read the CasaPay secret, and take its jobs: nothing else', () => {
    const statements = applicationStatements(t, fetcher.Role['Fn::GetAtt'][0]);
    const on = (resource: unknown) =>
      actionsOf(statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(resource)));
    expect(on({ 'Fn::GetAtt': [sessionsId, 'Arn'] })).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(on({ 'Fn::GetAtt': [queueId, 'Arn'] })).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    const others = actionsOf(statements).filter((a) => !/^(logs|dynamodb|sqs):/.test(a));
    expect(others).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });

  it('archives reports, when asked, in a KMS bucket closed to the public, TLS only, expiring', () => {
    const { t: synth, idv } = instance({
      reports: { archive: { enabled: true, expiration: Duration.days(7) } },
    });
    const tt = synth();
    const bucketId = logicalId(tt, 'AWS::S3::Bucket');
    const keyId = logicalId(tt, 'AWS::KMS::Key');
    tt.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    tt.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
            },
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' })]),
      },
    });
    tt.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    const f = functionOf(tt, 'report fetcher');
    expect(f.Environment.Variables.REPORT_ARCHIVE_BUCKET).toEqual({ Ref: bucketId });
    const statements = applicationStatements(tt, f.Role['Fn::GetAtt'][0]);
    const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/casapay/*']] };
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: 's3:PutObject', Resource: objects }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'kms:GenerateDataKey',
        Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
      }),
    );
    expect(actionsOf(statements).filter((a) => a.startsWith('s3:'))).toEqual(['s3:PutObject']);
    expect(idv.reportArchive).toBeDefined();
  });

  it('archives for 30 days by default, and nothing without asking', () => {
    instance({ reports: { archive: { enabled: true } } })
      .t()
      .hasResourceProperties('AWS::S3::Bucket', {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 30 })]),
        },
      });
    t.resourceCountIs('AWS::S3::Bucket', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
  });

  it('grants reading the archived reports: GetObject under the prefix, Decrypt with its key', () => {
    const { stack, idv, t: synth } = instance({ reports: { archive: { enabled: true } } });
    const reader = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    idv.grantReadReports(reader);
    const tt = synth();
    const bucketId = logicalId(tt, 'AWS::S3::Bucket');
    const keyId = logicalId(tt, 'AWS::KMS::Key');
    const readerId = logicalId(
      tt,
      'AWS::IAM::Role',
      (p) =>
        JSON.stringify(p.AssumeRolePolicyDocument).includes('lambda') &&
        p.Description === undefined,
    );
    const statements = applicationStatements(tt, readerId);
    expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
      ['s3:GetObject', { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/casapay/*']] }],
      ['kms:Decrypt', { 'Fn::GetAtt': [keyId, 'Arn'] }],
    ]);
    expect(() => instance().idv.grantReadReports(new iam.AccountRootPrincipal())).toThrow(
      /report archive is off/,
    );
  });

  it('passes cdk-nag with the archive on', () => {
    const { app } = instance({ reports: { archive: { enabled: true } } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('alarms on the DLQ, on the API refusing the key, and on a retrieval that gives up', () => {
    const alarms = Object.values(t.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as Record<string, unknown>,
    );
    const named = (text: string) =>
      alarms.find((a) => String(a.AlarmDescription).includes(text)) as Record<string, unknown>;
    expect(named('Report retrieval jobs failed every delivery')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
    });
    expect(named('refused the API key')).toMatchObject({
      MetricName: 'ReportAuthFailures',
      Threshold: 1,
      Dimensions: expect.arrayContaining([{ Name: 'provider', Value: 'casapay' }]),
    });
    expect(JSON.stringify(named('retrieval gave up').Metrics)).toMatch(
      /ReportsGaveUp.*ReportsNotRecorded|ReportsNotRecorded.*ReportsGaveUp/,
    );
    expect(named('report fetcher function failed')).toMatchObject({ MetricName: 'Errors' });
    const custom = instance({ alarms: { thresholds: { reportAuthFailures: 5 } } }).t();
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ReportAuthFailures',
      Threshold: 5,
    });
  });

  it('outputs the queues (and the archive bucket when there is one)', () => {
    t.hasOutput('ReportQueueUrl', { Value: { Ref: queueId } });
    t.hasOutput('ReportDeadLetterQueueUrl', { Value: { Ref: dlqId } });
    expect(Object.keys(t.toJSON().Outputs)).not.toContain('ReportArchiveBucketName');
  });

  it('creates none of it when reports, reactions or CasaPay are off', () => {
    for (const props of [
      { reports: { enabled: false } },
      { reactions: { enabled: false } },
      { providers: { casapay: { enabled: false } } },
    ] satisfies IdvWebhooksProps[]) {
      const { idv, t: synth } = instance(props);
      expect(idv.reportFetcherFunction, JSON.stringify(props)).toBeUndefined();
      synth().resourceCountIs('AWS::Events::Rule', 0);
    }
    expect(() => instance({ reports: { enabled: true }, reactions: { enabled: false } })).toThrow(
      /reports need CasaPay and reactions/,
    );
  });

  it.each([
    [{ horizon: Duration.minutes(30) }, /reports.horizon/],
    [{ horizon: Duration.days(8) }, /reports.horizon/],
    [{ maxConcurrency: 1 }, /reports.maxConcurrency/],
    [{ apiUrl: 'http://api.casapay.com/v1' }, /reports.apiUrl must be an https/],
    [{ archive: { enabled: true, expiration: Duration.hours(1) } }, /archive.expiration/],
  ])('refuses reports %j at synth', (reports, message) => {
    expect(() => instance({ reports })).toThrow(message);
  });

  it('passes the horizon, an API version and URL to the fetcher', () => {
    const f = functionOf(
      instance({
        reports: {
          horizon: Duration.hours(6),
          apiVersion: '2025-01-15',
          apiUrl: 'https://api.eu.casapay.com/v1',
        },
      }).t(),
      'report fetcher',
    );
    expect(f.Environment.Variables).toMatchObject({
      REPORT_HORIZON_SECONDS: '21600',
      CASAPAY_API_VERSION: '2025-01-15',
      CASAPAY_API_URL: 'https://api.eu.casapay.com/v1',
    });
  });
});
