// Counts what a DynamoDB client costs: round trips, and read and write capacity units. A middleware
// at the front of the client's stack (the pattern of test/support/sdk-faults) asks every item call
// for ReturnConsumedCapacity=TOTAL, so production code is left as it is. DynamoDB Local reports
// the capacity of single-item calls as DynamoDB bills it; a refused write, which DynamoDB bills
// without reporting it, is billed here from the item it found.
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { writeUnits } from './item-size.js';

/** The calls that take ReturnConsumedCapacity and are billed by capacity units. */
const METERED = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
]);

interface ConsumedCapacity {
  readonly CapacityUnits?: number;
}

type Item = Record<string, AttributeValue>;

export interface Consumption {
  /** HTTP round trips to DynamoDB, retries included. */
  requests: number;
  /** Requests that DynamoDB refused (failed conditions). */
  failedRequests: number;
  readUnits: number;
  writeUnits: number;
  /** Calls, by command name. */
  readonly calls: Record<string, number>;
}

const emptyConsumption = (): Consumption => ({
  requests: 0,
  failedRequests: 0,
  readUnits: 0,
  writeUnits: 0,
  calls: {},
});

/**
 * A refused write is billed too, by the size of the item it found (at least one unit); DynamoDB's
 * error carries no ConsumedCapacity but holds that item when asked for ALL_OLD.
 */
function refusedWriteUnits(error: unknown): number {
  const { name, Item } = error as { name?: string; Item?: Item };
  return name === 'ConditionalCheckFailedException' ? writeUnits(Item) : 0;
}

export interface CapacityMeter {
  /** What was consumed since the last reset. */
  readonly consumption: () => Consumption;
  reset(): void;
}

/** Installs the meter on `client`; every call made through it from now on is counted. */
export function meterCapacity(client: DynamoDBClient): CapacityMeter {
  let total = emptyConsumption();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const { commandName } = context as { commandName: string };
      const input = args.input as Record<string, unknown>;
      if (METERED.has(commandName)) input.ReturnConsumedCapacity = 'TOTAL';
      total.calls[commandName] = (total.calls[commandName] ?? 0) + 1;
      try {
        const result = await next(args);
        const output = result.output as {
          $metadata?: { attempts?: number };
          ConsumedCapacity?: ConsumedCapacity;
        };
        total.requests += output.$metadata?.attempts ?? 1;
        const units = output.ConsumedCapacity?.CapacityUnits ?? 0;
        if (commandName === 'GetItemCommand') total.readUnits += units;
        else total.writeUnits += units;
        return result;
      } catch (error) {
        const metadata = (error as { $metadata?: { attempts?: number } }).$metadata;
        total.requests += metadata?.attempts ?? 1;
        total.failedRequests++;
        total.writeUnits += refusedWriteUnits(error);
        throw error;
      }
    },
    { step: 'initialize', name: 'capacityMeter', priority: 'high' },
  );
  return {
    consumption: () => ({ ...total, calls: { ...total.calls } }),
    reset: () => {
      total = emptyConsumption();
    },
  };
}
