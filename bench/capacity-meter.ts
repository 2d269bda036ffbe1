// Counts what a DynamoDB client costs: round trips, and read and write capacity units. A middleware
// at the front of the client's stack (the pattern of test/support/sdk-faults) asks every item call
// for ReturnConsumedCapacity=TOTAL, so production code is left as it is.
//
// DynamoDB Local reports capacity for single-item calls as DynamoDB does, but undercounts
// transactions (two items under 1 KB come back as 2 units, where DynamoDB bills 2 per item). So
// TransactWriteItems is billed here by the documented rule from the sizes of the items it writes,
// and what Local reported is kept alongside.
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { transactionWriteUnits, writeUnits } from './item-size.js';

/** The calls that take ReturnConsumedCapacity and are billed by capacity units. */
const METERED = new Set([
  'GetItemCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
]);

interface ConsumedCapacity {
  readonly CapacityUnits?: number;
}

type Item = Record<string, AttributeValue>;

export interface Consumption {
  /** HTTP round trips to DynamoDB, retries included. */
  requests: number;
  /** Requests that DynamoDB refused (failed conditions, cancelled transactions). */
  failedRequests: number;
  /** Refused transactions: billed by DynamoDB, but by an amount it does not report (none expected). */
  cancelledTransactions: number;
  readUnits: number;
  /** Write units as DynamoDB bills them (see above for transactions). */
  writeUnits: number;
  /** Write units as DynamoDB Local reported them. */
  reportedWriteUnits: number;
  /** Calls, by command name. */
  readonly calls: Record<string, number>;
}

const emptyConsumption = (): Consumption => ({
  requests: 0,
  failedRequests: 0,
  cancelledTransactions: 0,
  readUnits: 0,
  writeUnits: 0,
  reportedWriteUnits: 0,
  calls: {},
});

function reportedUnits(reported: unknown): number {
  const entries = (Array.isArray(reported) ? reported : [reported]) as (
    | ConsumedCapacity
    | undefined
  )[];
  return entries.reduce((units, entry) => units + (entry?.CapacityUnits ?? 0), 0);
}

function putItems(input: Record<string, unknown>): Item[] {
  const items = (input.TransactItems ?? []) as { Put?: { Item?: Item } }[];
  return items.flatMap((entry) => (entry.Put?.Item ? [entry.Put.Item] : []));
}

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
          ConsumedCapacity?: unknown;
        };
        total.requests += output.$metadata?.attempts ?? 1;
        const reported = reportedUnits(output.ConsumedCapacity);
        if (commandName === 'GetItemCommand') {
          total.readUnits += reported;
        } else {
          total.reportedWriteUnits += reported;
          total.writeUnits +=
            commandName === 'TransactWriteItemsCommand'
              ? transactionWriteUnits(putItems(input))
              : reported;
        }
        return result;
      } catch (error) {
        const metadata = (error as { $metadata?: { attempts?: number } }).$metadata;
        total.requests += metadata?.attempts ?? 1;
        total.failedRequests++;
        if (commandName === 'TransactWriteItemsCommand') total.cancelledTransactions++;
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
