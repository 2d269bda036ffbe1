// The IdvWebhooks construct as a user's app uses it: several instances, their props, their grants.
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { IdvWebhooks, type IdvWebhooksProps } from '../../lib/idv-webhooks.js';
import { actionsOf, roleStatements } from '../support/stack.js';

const newApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const functions = (t: Template) =>
  Object.values(t.findResources('AWS::Lambda::Function')).map(
    (f) =>
      f.Properties as Record<string, unknown> & {
        Environment: { Variables: Record<string, unknown> };
      },
  );
const ingestOf = (t: Template) => {
  const ingest = functions(t).filter((f) => String(f.Description).includes('ingest'));
  if (ingest.length !== 1) throw new Error(`expected one ingest, found ${ingest.length}`);
  return ingest[0] as (typeof ingest)[number];
};

/** One stack holding one instance with `props`, next to whatever `extra` adds. */
function single(props: IdvWebhooksProps = {}, extra?: (stack: Stack) => IdvWebhooksProps) {
  const app = newApp();
  const stack = new Stack(app, 'Single');
  const webhooks = new IdvWebhooks(stack, 'Idv', { ...props, ...extra?.(stack) });
  return {
    stack,
    webhooks,
    get t() {
      return Template.fromStack(stack);
    },
  };
}

describe('the IdvWebhooks construct', () => {
  it('coexists with a second instance in one stack, with no physical name anywhere', () => {
    const app = newApp();
    const stack = new Stack(app, 'Two');
    new IdvWebhooks(stack, 'First');
    new IdvWebhooks(stack, 'Second', { providers: { veriff: { enabled: false } } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::Lambda::Function', 10);
    t.resourceCountIs('AWS::DynamoDB::Table', 4);
    t.resourceCountIs('AWS::SQS::Queue', 10);
    t.resourceCountIs('AWS::Events::EventBus', 2);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 2);
    t.resourceCountIs('AWS::SecretsManager::Secret', 3);
    const physicalName =
      /^(TableName|QueueName|FunctionName|RoleName|LogGroupName|TopicName|DashboardName|AlarmName)$/;
    const resources = t.toJSON().Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    for (const [id, resource] of Object.entries(resources)) {
      // A name chosen here is a literal; a reference (a permission's FunctionName) is not one.
      const names = Object.entries(resource.Properties ?? {})
        .filter(([p, value]) => physicalName.test(p) && typeof value === 'string')
        .map(([p]) => p);
      expect(names, id).toEqual([]);
      // Secrets are named by CloudFormation unless given a Name; an HTTP API's Name is a label.
      if (resource.Type === 'AWS::SecretsManager::Secret')
        expect(resource.Properties, id).not.toHaveProperty('Name');
    }
  });

  it('receives only the enabled providers, and holds no secret for the others', () => {
    const { t, webhooks } = single({ providers: { veriff: { enabled: false } } });
    expect(webhooks.providers).toEqual(['casapay']);
    expect(Object.keys(webhooks.webhookUrls)).toEqual(['casapay']);
    expect(() => webhooks.webhookUrl('veriff')).toThrow(/does not receive veriff/);
    const variables = ingestOf(t).Environment.Variables;
    expect(variables.ENABLED_PROVIDERS).toBe('casapay');
    expect(Object.keys(variables).filter((name) => name.startsWith('VERIFF'))).toEqual([]);
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(() =>
      single({ providers: { casapay: { enabled: false }, veriff: { enabled: false } } }),
    ).toThrow(/enable at least one provider/);
    const misspelt = { providers: { casapy: { enabled: false } } } as unknown as IdvWebhooksProps;
    expect(() => single(misspelt)).toThrow(/unknown providers casapy/);
  });

  it('receives CasaPay and Veriff by default, and another provider once its props name it', () => {
    expect(single().webhooks.providers).toEqual(['casapay', 'veriff']);
    const { t, webhooks } = single({
      providers: { persona: {}, 'stripe-identity': { options: { toleranceSeconds: 60 } } },
    });
    expect(webhooks.providers).toEqual(['casapay', 'veriff', 'stripe-identity', 'persona']);
    expect(webhooks.webhookUrl('stripe-identity')).toMatch(/\/webhooks\/stripe-identity$/);
    const variables = ingestOf(t).Environment.Variables;
    expect(variables.ENABLED_PROVIDERS).toBe('casapay,veriff,stripe-identity,persona');
    expect(variables.STRIPE_IDENTITY_TOLERANCE_SECONDS).toBe('60');
    expect(variables.PERSONA_TOLERANCE_SECONDS).toBe('300');
    expect(variables).toHaveProperty('STRIPE_IDENTITY_SECRET_ID');
    expect(variables).not.toHaveProperty('SUMSUB_SECRET_ID');
    t.resourceCountIs('AWS::SecretsManager::Secret', 4);
    expect(single({ providers: { sumsub: { enabled: false } } }).webhooks.providers).toEqual([
      'casapay',
      'veriff',
    ]);
  });

  it('alarms on sums over providers that stay within CloudWatch’s 10 metrics, however many there are', () => {
    const everything = single({
      providers: { 'stripe-identity': {}, persona: {}, sumsub: {}, onfido: {} },
      standardWebhooks: ['a', 'b', 'c', 'd', 'e', 'f'].map((letter) => ({
        name: `source-${letter}`,
        sessionIdPath: 'id',
        statusPath: 'type',
        statuses: { done: { outcome: 'approved', final: true } },
      })),
    });
    expect(everything.webhooks.providers).toHaveLength(12);
    const alarms = Object.values(everything.t.findResources('AWS::CloudWatch::Alarm'));
    for (const alarm of alarms) {
      const metrics = (alarm.Properties.Metrics ?? []) as { MetricStat?: unknown }[];
      expect(metrics.filter((m) => m.MetricStat).length).toBeLessThanOrEqual(10);
    }
  });

  it('receives Standard Webhooks sources: a secret each, and their list in every function that reads events', () => {
    const source = {
      name: 'acme-kyc',
      sessionIdPath: 'data.id',
      statusPath: 'type',
      statuses: { 'kyc.passed': { outcome: 'approved', final: true } },
    } as const;
    const { t, webhooks } = single({
      providers: { casapay: { enabled: false }, veriff: { enabled: false } },
      standardWebhooks: [source],
    });
    expect(webhooks.providers).toEqual(['acme-kyc']);
    expect(webhooks.webhookUrls['acme-kyc']).toMatch(/\/webhooks\/acme-kyc$/);
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const variables = ingestOf(t).Environment.Variables;
    // Set and empty: no registered provider, which unset would not mean.
    expect(variables.ENABLED_PROVIDERS).toBe('');
    expect(variables).toHaveProperty('ACME_KYC_SECRET_ID');
    // The ingest, the consumer and the session view read events; the publisher reads sessions.
    const readers = functions(t).filter((fn) => !String(fn.Description).includes('publisher'));
    expect(readers).toHaveLength(3);
    for (const fn of readers) {
      expect(JSON.parse(String(fn.Environment.Variables.STANDARD_WEBHOOKS_SOURCES))).toEqual([
        source,
      ]);
    }
    expect(() => single({ standardWebhooks: [{ ...source, name: 'persona' }] })).toThrow(
      /cannot take a provider's name: persona/,
    );
    expect(() => single({ standardWebhooks: [{ ...source, sessionIdPath: '' }] })).toThrow(
      /0\.sessionIdPath/,
    );
  });

  it('passes each provider option to the ingest by the variable its module declares, checked at synth', () => {
    const { t } = single({ providers: { casapay: { options: { toleranceSeconds: 120 } } } });
    expect(ingestOf(t).Environment.Variables.CASAPAY_TOLERANCE_SECONDS).toBe('120');
    expect(() => single({ providers: { casapay: { options: { toleranceSeconds: 0 } } } })).toThrow(
      /CASAPAY_TOLERANCE_SECONDS must be a positive integer/,
    );
  });

  it('uses a secret passed in, and only reads it', () => {
    const { t } = single({}, (stack) => ({
      providers: {
        casapay: {
          secret: secretsmanager.Secret.fromSecretCompleteArn(
            stack,
            'Existing',
            'arn:aws:secretsmanager:eu-west-1:111111111111:secret:casapay-AbCdEf',
          ),
        },
      },
    }));
    t.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(ingestOf(t).Environment.Variables.CASAPAY_SECRET_ID).toBe(
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:casapay-AbCdEf',
    );
  });

  it('adds its routes to an existing API, under a prefix or not, and leaves the API and its stages alone', () => {
    const app = newApp();
    const shared = new Stack(app, 'Shared');
    const httpApi = new apigw.HttpApi(shared, 'Api');
    const stack = new Stack(app, 'Pipeline');
    const webhooks = new IdvWebhooks(stack, 'Idv', { api: { httpApi, pathPrefix: '/idv' } });
    // A second instance on the same API, reached through a custom domain.
    const custom = new IdvWebhooks(stack, 'Custom', {
      api: { httpApi, url: 'https://hooks.example.com/' },
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    t.resourceCountIs('AWS::ApiGatewayV2::Stage', 0);
    const routeKeys = Object.values(t.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(routeKeys).toEqual([
      'GET /idv/sessions/{provider}/{sessionId}',
      'GET /sessions/{provider}/{sessionId}',
      'POST /idv/webhooks/{provider}',
      'POST /webhooks/{provider}',
    ]);
    expect(stack.resolve(webhooks.webhookUrl('casapay'))).toMatchObject({
      'Fn::Join': ['', [expect.anything(), '/idv/webhooks/casapay']],
    });
    expect(custom.webhookUrl('veriff')).toBe('https://hooks.example.com/webhooks/veriff');
    expect(custom.sessionViewUrl).toBe('https://hooks.example.com/sessions/{provider}/{sessionId}');
    // The API's stack gains nothing from the pipeline, so it never depends on it.
    expect(
      Object.keys(Template.fromStack(shared).findResources('AWS::ApiGatewayV2::Route')),
    ).toEqual([]);
    expect(() => new IdvWebhooks(stack, 'Bad', { api: { httpApi, pathPrefix: 'idv/' } })).toThrow(
      /pathPrefix must be/,
    );
  });

  it('sends the alarms to a topic passed in, and subscribes an email address when given', () => {
    const { t } = single({}, (stack) => ({
      alarms: {
        topic: sns.Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:eu-west-1:111111111111:pager'),
        email: 'oncall@example.com',
      },
    }));
    t.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm')))
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:eu-west-1:111111111111:pager']);
    t.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      TopicArn: 'arn:aws:sns:eu-west-1:111111111111:pager',
    });
  });

  it('applies the removal policy to the tables and the secrets it creates', () => {
    const { t } = single({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SecretsManager::Secret']) {
      for (const resource of Object.values(t.findResources(type)))
        expect(resource.DeletionPolicy, type).toBe('Delete');
    }
  });

  it('sizes memory and concurrency from its props', () => {
    const { t } = single({
      memorySize: { ingest: 512, consumer: 1024, sessionView: 128 },
      consumerMaxConcurrency: 50,
      ingestReservedConcurrency: 20,
    });
    const byRole = Object.fromEntries(
      functions(t).map((f) => [String(f.Description).split(':')[0], f]),
    );
    expect(byRole['idv-webhooks ingest']).toMatchObject({
      MemorySize: 512,
      ReservedConcurrentExecutions: 20,
    });
    expect(byRole['idv-webhooks consumer']?.MemorySize).toBe(1024);
    expect(byRole['idv-webhooks session view']?.MemorySize).toBe(128);
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      ScalingConfig: { MaximumConcurrency: 50 },
    });
  });

  it.each([
    [{ consumerMaxConcurrency: 1 }, /consumerMaxConcurrency must be an integer from 2 to 1000/],
    [{ memorySize: { consumer: 64 } }, /memorySize.consumer must be an integer from 128/],
    [{ debugSampleRate: 2 }, /debugSampleRate must be a number from 0 to 1/],
    [{ ingestReservedConcurrency: 0 }, /ingestReservedConcurrency must be an integer at least 1/],
    [{ maxBodyBytes: 1.5 }, /maxBodyBytes must be an integer/],
    [{ maxBodyBytes: 800 * 1024 }, /maxBodyBytes must be an integer from 1 to 304128/],
    // Fits SQS, but not a quarantine item once base64-encoded (functions/queue/topology.ts).
    [{ maxBodyBytes: 304_129 }, /maxBodyBytes must be an integer from 1 to 304128/],
  ] as const)('refuses %j at synth', (props, message) => {
    expect(() => single(props)).toThrow(message);
  });

  it('grants invoking the session view on its route, and reading the sessions table', () => {
    const { stack, webhooks } = single({}, (s) => ({
      api: { httpApi: new apigw.HttpApi(s, 'Mine'), pathPrefix: '/v1' },
    }));
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    webhooks.grantInvokeSessionView(reader);
    webhooks.grantReadSessions(reader);
    const after = Template.fromStack(stack);
    const readerId =
      Object.keys(after.findResources('AWS::IAM::Role')).find((id) => id.startsWith('Reader')) ??
      '';
    const statements = roleStatements(after, readerId);
    const invoke = statements.find((s) => s.Action === 'execute-api:Invoke');
    expect(JSON.stringify(invoke?.Resource)).toMatch(/\/\*\/GET\/v1\/sessions\/\*"/);
    expect(actionsOf(statements)).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']),
    );
    expect(actionsOf(statements).filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
  });
});
