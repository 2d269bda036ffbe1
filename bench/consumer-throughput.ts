// Measurement 3: events per second through the real consumer handler and DynamoDB stores against
// DynamoDB Local, in batches of 10 mixing providers and sessions (some sessions recur within a
// batch), with the CPU the consumer process spent per batch and the log bytes it wrote per event.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_AWS } from '../functions/local/emulators.js';
import { createTables } from '../functions/local/tables.js';
import { consumer, consumerPorts } from '../test/support/consumer.js';
import { meterCapacity } from './capacity-meter.js';
import { meterStdout } from './stdout-meter.js';
import { SessionTraffic, sqsBatch } from './workload.js';

export interface ThroughputOptions {
  readonly batches: number;
  readonly warmupBatches: number;
  /** Consumer invocations in flight at once, each on its own sessions (as Lambda's pollers run). */
  readonly concurrency: number;
  /** Sessions in flight per invocation: 8 makes two of every ten records share a session. */
  readonly sessionsInFlight: number;
}

export interface ThroughputFigures {
  readonly concurrency: number;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** CPU time of this process (handler, SDK, HTTP client) per batch of 10, in ms. */
  readonly cpuMsPerBatch: number;
  readonly logBytesPerEvent: number;
  /** Log lines per event: one per webhook, and the EMF documents' share (per batch and provider). */
  readonly logLinesPerEvent: number;
  readonly requestsPerEvent: number;
  readonly readUnitsPerEvent: number;
  readonly writeUnitsPerEvent: number;
  readonly failedRecords: number;
}

const BATCH_SIZE = 10;

export async function measureConsumerThroughput(
  dynamodbEndpoint: string,
  options: ThroughputOptions,
): Promise<ThroughputFigures> {
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamodbEndpoint });
  const tables = {
    sessionsTable: `bench-throughput-${options.concurrency}`,
    quarantineTable: `bench-throughput-quarantine-${options.concurrency}`,
  };
  await createTables(client, tables);
  const consume = consumer(consumerPorts(client, tables));
  const lanes = Array.from(
    { length: options.concurrency },
    () => new SessionTraffic(options.sessionsInFlight),
  );
  const stdout = meterStdout();
  try {
    const runLane = async (traffic: SessionTraffic, batches: number) => {
      let failed = 0;
      for (let i = 0; i < batches; i++) {
        failed += (await consume(sqsBatch(traffic, BATCH_SIZE))).batchItemFailures.length;
      }
      return failed;
    };
    await Promise.all(lanes.map((lane) => runLane(lane, options.warmupBatches)));

    const meter = meterCapacity(client);
    const logBytesBefore = stdout.bytes();
    const logLinesBefore = stdout.lines();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const perLane = Math.ceil(options.batches / options.concurrency);
    const failures = await Promise.all(lanes.map((lane) => runLane(lane, perLane)));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const batches = perLane * options.concurrency;
    const events = batches * BATCH_SIZE;
    const consumption = meter.consumption();
    return {
      concurrency: options.concurrency,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      cpuMsPerBatch: (cpu.user + cpu.system) / 1000 / batches,
      logBytesPerEvent: (stdout.bytes() - logBytesBefore) / events,
      logLinesPerEvent: (stdout.lines() - logLinesBefore) / events,
      requestsPerEvent: consumption.requests / events,
      readUnitsPerEvent: consumption.readUnits / events,
      writeUnitsPerEvent: consumption.writeUnits / events,
      failedRecords: failures.reduce((a, b) => a + b, 0),
    };
  } finally {
    stdout.restore();
    client.destroy();
  }
}
