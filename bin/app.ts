// The CDK app: one idv-webhooks stack, checked by cdk-nag's AWS Solutions rules on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IdvWebhooksStack } from '../lib/idv-webhooks-stack.js';

const app = new App();
new IdvWebhooksStack(app, app.node.tryGetContext('stackName') ?? 'IdvWebhooks', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
