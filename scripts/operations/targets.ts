// Resolves what the operator tools act on: the deployed stack (from its CloudFormation outputs)
// or the running local mode (from its state file).
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { readLocalState } from '../../functions/local/local-state.js';
import { localSecretDocuments } from '../../functions/local/signed-request.js';
import {
  PROVIDER_NAMES,
  type ProviderName,
  providerKey,
} from '../../functions/providers/registry.js';

export interface Targets {
  /** `aws` moves DLQ messages with SQS's own move task; `local` (fauxqs has none) copies them. */
  readonly mode: 'aws' | 'local';
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly quarantineTable: string;
}

/** What SigV4 signing needs. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What `npm run smoke` also needs: the URLs, the stored secrets, and credentials to sign with. */
export interface PipelineTargets extends Targets {
  /** The URL each enabled provider calls. */
  readonly webhookUrls: Readonly<Partial<Record<ProviderName, string>>>;
  /** The session view, with `{provider}` and `{sessionId}` to fill in. */
  readonly sessionViewUrl: string;
  readonly region: string;
  /** The credentials SigV4 requests to the session view are signed with. */
  credentials(): Promise<Credentials>;
  /** A provider's stored secret document (parsed JSON, not validated), as the ingest reads it. */
  secretDocument(provider: ProviderName): Promise<unknown>;
}

export function localTargets(): PipelineTargets {
  const state = readLocalState();
  const documents = localSecretDocuments();
  return {
    mode: 'local',
    sqs: new SQSClient({ ...LOCAL_AWS, endpoint: state.sqsEndpoint, useQueueUrlAsEndpoint: false }),
    dynamodb: new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint }),
    queueUrl: state.queueUrl,
    deadLetterQueueUrl: state.deadLetterQueueUrl,
    quarantineTable: state.quarantineTable,
    // Local mode receives every provider, with the documents `npm start` was given.
    webhookUrls: Object.fromEntries(PROVIDER_NAMES.map((p) => [p, `${state.url}/webhooks/${p}`])),
    sessionViewUrl: `${state.url}/sessions/{provider}/{sessionId}`,
    region: state.region,
    credentials: async () => LOCAL_AWS.credentials,
    secretDocument: async (provider) => documents[provider],
  };
}

/** The deployed stack's resources, read from its outputs with the ambient AWS credentials. */
export async function stackTargets(stackName: string): Promise<PipelineTargets> {
  const { Stacks = [] } = await new CloudFormationClient({}).send(
    new DescribeStacksCommand({ StackName: stackName }),
  );
  const outputs = Object.fromEntries(
    (Stacks[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]),
  );
  const output = (key: string): string => {
    const value = outputs[key];
    if (!value) throw new Error(`stack ${stackName} has no output ${key}`);
    return value;
  };
  // A provider is enabled when the stack outputs its webhook URL (lib/idv-webhooks-stack.ts).
  const enabled = PROVIDER_NAMES.filter(
    (provider) => outputs[`${providerKey(provider)}WebhookUrl`],
  );
  const sqs = new SQSClient({});
  const secretsManager = new SecretsManagerClient({});
  return {
    mode: 'aws',
    sqs,
    dynamodb: new DynamoDBClient({}),
    queueUrl: output('QueueUrl'),
    deadLetterQueueUrl: output('DeadLetterQueueUrl'),
    quarantineTable: output('QuarantineTableName'),
    webhookUrls: Object.fromEntries(enabled.map((p) => [p, output(`${providerKey(p)}WebhookUrl`)])),
    sessionViewUrl: output('SessionViewUrl'),
    region: await sqs.config.region(),
    credentials: () => sqs.config.credentials(),
    secretDocument: async (provider) => {
      const { SecretString } = await secretsManager.send(
        new GetSecretValueCommand({ SecretId: output(`${providerKey(provider)}SecretArn`) }),
      );
      try {
        return JSON.parse(SecretString ?? '');
      } catch {
        // Never the parser's message: it would quote the secret.
        throw new Error('the secret does not hold valid JSON');
      }
    },
  };
}
