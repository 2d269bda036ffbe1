// The CDK app: one idv-webhooks stack, checked by cdk-nag's AWS Solutions rules on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IdvWebhooksStack } from '../lib/idv-webhooks-stack.js';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) ?? undefined;
const tracing = context('tracing');
const alarmEmail = context('alarmEmail');
new IdvWebhooksStack(app, context('stackName') ?? 'IdvWebhooks', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // `npx cdk deploy -c alarmEmail=oncall@example.com -c tracing=false`
  ...(alarmEmail ? { alarms: { email: alarmEmail } } : {}),
  ...(tracing === undefined ? {} : { tracing: String(tracing) !== 'false' }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
