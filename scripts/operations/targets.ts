// Resolves what the operator tools act on: the deployed stack (from its CloudFormation outputs)
// or the running local mode (from its state file).
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { readLocalState } from '../../functions/local/local-state.js';

export interface Targets {
  /** `aws` moves DLQ messages with SQS's own move task; `local` (fauxqs has none) copies them. */
  readonly mode: 'aws' | 'local';
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly queueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly quarantineTable: string;
}

export function localTargets(): Targets {
  const state = readLocalState();
  return {
    mode: 'local',
    sqs: new SQSClient({ ...LOCAL_AWS, endpoint: state.sqsEndpoint, useQueueUrlAsEndpoint: false }),
    dynamodb: new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint }),
    queueUrl: state.queueUrl,
    deadLetterQueueUrl: state.deadLetterQueueUrl,
    quarantineTable: state.quarantineTable,
  };
}

/** The deployed stack's queues and tables, read from its outputs with the ambient AWS credentials. */
export async function stackTargets(stackName: string): Promise<Targets> {
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
  return {
    mode: 'aws',
    sqs: new SQSClient({}),
    dynamodb: new DynamoDBClient({}),
    queueUrl: output('QueueUrl'),
    deadLetterQueueUrl: output('DeadLetterQueueUrl'),
    quarantineTable: output('QuarantineTableName'),
  };
}
