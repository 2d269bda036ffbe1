// DynamoDB client settings shared by the functions that use it.
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Fail a hung call fast (the SDK only warns on a request timeout unless told to throw): a consumer
 * record that fails is redelivered by SQS, a session read that fails is a 503 to try again.
 */
export const DYNAMODB_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} satisfies DynamoDBClientConfig;
