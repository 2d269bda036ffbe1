// Vitest global setup: one set of local emulators for every integration and e2e test of the run.
import type { TestProject } from 'vitest/node';
import { startDynamoDbEmulator, startSqsEmulator } from '../../functions/local/emulators.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
    dynamodbEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const [sqs, dynamodb] = await Promise.all([startSqsEmulator(), startDynamoDbEmulator()]);
  project.provide('sqsEndpoint', sqs.endpoint);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  return async () => {
    await Promise.all([sqs.stop(), dynamodb.stop()]);
  };
}
