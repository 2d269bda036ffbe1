// A CDK app as a user writes it, installed with only the idv-webhooks tarball, aws-cdk-lib and
// constructs (and cdk-nag, to check it): test/infra/package.test.ts synthesizes it.
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IdvWebhooks } from 'idv-webhooks/cdk';

const app = new App();
const env = { account: '111111111111', region: 'eu-west-1' };

// Two instances in one stack: one with everything created, one on the team's own API.
const shared = new Stack(app, 'Shared', { env });
const first = new IdvWebhooks(shared, 'First');
const teamApi = new apigw.HttpApi(shared, 'TeamApi', { description: 'the team API' });
const casapaySecret = new secretsmanager.Secret(shared, 'CasaPaySecret', {
  description: 'CasaPay signing secrets, managed by the team',
});
Validations.of(casapaySecret).acknowledge({
  id: 'AwsSolutions-SMG4',
  reason: 'CasaPay issues the secret; rotation is adding the new one to the document.',
});
Validations.of(teamApi).acknowledge({
  id: 'AwsSolutions-APIG1',
  reason: 'The team API logs on its own stage, outside this test app.',
});
new IdvWebhooks(shared, 'Second', {
  api: { httpApi: teamApi, pathPrefix: '/idv' },
  providers: { veriff: { enabled: false }, casapay: { secret: casapaySecret } },
  removalPolicy: RemovalPolicy.DESTROY,
  consumerMaxConcurrency: 4,
  tracing: 'aws-calls',
});
const reader = new iam.Role(shared, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
first.grantInvokeSessionView(reader);
first.grantReadSessions(reader);
// The view's route takes any provider and session id, so the grant ends in `/sessions/*`; cdk-nag
// asks for it to be acknowledged on the grantee, with the finding id it prints.
const apiLogicalId = shared.getLogicalId(first.api.node.defaultChild);
Validations.of(reader).acknowledge({
  id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:eu-west-1:111111111111:<${apiLogicalId}>/*/GET/sessions/*]`,
  reason: 'The reader may read any session through the view, and only through its GET route.',
});

// A third instance in another stack, with other props.
const other = new Stack(app, 'Other', { env });
new IdvWebhooks(other, 'Idv', {
  tracing: false,
  logRetention: logs.RetentionDays.ONE_WEEK,
  memorySize: { ingest: 512 },
  providers: { casapay: { options: { toleranceSeconds: 120 } } },
  alarms: {
    topic: sns.Topic.fromTopicArn(other, 'Pager', 'arn:aws:sns:eu-west-1:111111111111:pager'),
    email: 'oncall@example.com',
    thresholds: { authFailures: 50 },
  },
  throttle: { rateLimit: 20, burstLimit: 40 },
});

// The test's control: a resource that breaks an AwsSolutions rule must fail this synth.
if (process.env.IDV_ADD_NONCOMPLIANT_QUEUE) new sqs.Queue(other, 'UnencryptedQueueWithoutDlq');

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
