// This repository's stack: one IdvWebhooks construct and the outputs the operator tools read
// (npm run smoke, redrive, replay-quarantine).
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { providerKey } from '../functions/providers/registry.js';
import { IdvWebhooks, type IdvWebhooksProps } from './idv-webhooks.js';

export interface IdvWebhooksStackProps extends StackProps, IdvWebhooksProps {}

export class IdvWebhooksStack extends Stack {
  readonly webhooks: IdvWebhooks;

  constructor(scope: Construct, id: string, props: IdvWebhooksStackProps = {}) {
    super(scope, id, props);
    // `Default` is the one id CDK leaves out of logical ids, so every resource keeps the logical
    // id it had before the pipeline was a construct: an existing deployment updates in place.
    this.webhooks = new IdvWebhooks(this, 'Default', props);

    const { webhooks } = this;
    // Output keys allow no dash: `stripe-identity` becomes `stripeIdentityWebhookUrl`.
    for (const [provider, url] of Object.entries(webhooks.webhookUrls)) {
      const key = providerKey(provider);
      new CfnOutput(this, `${key}WebhookUrl`, { value: url });
      const secret = webhooks.secrets.get(provider);
      if (secret) new CfnOutput(this, `${key}SecretArn`, { value: secret.secretArn });
    }
    new CfnOutput(this, 'QueueUrl', { value: webhooks.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: webhooks.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'SessionViewUrl', {
      value: webhooks.sessionViewUrl,
      description: 'IAM-authorized (SigV4, service execute-api)',
    });
    new CfnOutput(this, 'SessionsTableName', { value: webhooks.table.tableName });
    new CfnOutput(this, 'QuarantineTableName', { value: webhooks.quarantineTable.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: webhooks.alarmTopic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: webhooks.dashboard.dashboardName });
    if (webhooks.bus) {
      new CfnOutput(this, 'EventBusName', {
        value: webhooks.bus.eventBusName,
        description: 'Session Changed events (docs/reactions.md)',
      });
      new CfnOutput(this, 'EventBusArn', { value: webhooks.bus.eventBusArn });
    }
    if (webhooks.reportQueue && webhooks.reportDeadLetterQueue) {
      new CfnOutput(this, 'ReportQueueUrl', { value: webhooks.reportQueue.queueUrl });
      new CfnOutput(this, 'ReportDeadLetterQueueUrl', {
        value: webhooks.reportDeadLetterQueue.queueUrl,
        description: 'Report retrieval jobs that failed every delivery (docs/reports.md)',
      });
    }
    if (webhooks.reportArchive) {
      new CfnOutput(this, 'ReportArchiveBucketName', { value: webhooks.reportArchive.bucketName });
    }
    if (webhooks.reactionsFailureQueue) {
      new CfnOutput(this, 'ReactionsFailureQueueUrl', {
        value: webhooks.reactionsFailureQueue.queueUrl,
      });
    }
  }
}
