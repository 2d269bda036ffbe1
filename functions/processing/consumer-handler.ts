// Wires the consumer: middy, the logger, the batch core, and the SQS partial-batch response.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { errorSummary } from '../observability/logger.js';
import { type ConsumerPorts, type MessageOutcome, processBatch } from './process-batch.js';

/** One info line per webhook with its outcome; a failure (to be redelivered) is a warning. */
function logOutcome(logger: Logger, outcome: MessageOutcome): void {
  const { outcome: kind, ...fields } = outcome;
  if (kind === 'failed') {
    const { error, ...rest } = fields as typeof fields & { error: unknown };
    logger.warn('webhook not processed', { ...rest, outcome: kind, ...errorSummary(error) });
    return;
  }
  logger.info(`webhook ${kind}`, { ...fields, outcome: kind });
}

export function createConsumerHandler(ports: ConsumerPorts, logger: Logger) {
  const consume = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const result = await processBatch(event.Records, ports);
    for (const outcome of result.outcomes) logOutcome(logger, outcome);
    return { batchItemFailures: result.failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };
  return middy(consume).use(injectLambdaContext(logger));
}
