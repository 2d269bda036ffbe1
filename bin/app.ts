// The CDK app: one idv-webhooks stack, checked by cdk-nag's AWS Solutions rules on every synth.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IdvWebhooksStack } from '../lib/idv-webhooks-stack.js';
import type { TracingMode } from '../lib/tracing.js';

const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) ?? undefined;
const tracing = context('tracing');
// -c tracing=false | active | aws-calls (true, as before, means aws-calls).
const TRACING: Record<string, boolean | TracingMode> = {
  false: false,
  off: false,
  active: 'active',
  true: true,
  'aws-calls': 'aws-calls',
};
const tracingSetting = tracing === undefined ? undefined : TRACING[String(tracing)];
if (tracing !== undefined && tracingSetting === undefined)
  throw new Error(`-c tracing=${tracing}: expected false, active or aws-calls`);
const alarmEmail = context('alarmEmail');
new IdvWebhooksStack(app, context('stackName') ?? 'IdvWebhooks', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // `npx cdk deploy -c alarmEmail=oncall@example.com -c tracing=false`
  ...(alarmEmail ? { alarms: { email: alarmEmail } } : {}),
  ...(tracingSetting === undefined ? {} : { tracing: tracingSetting }),
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
