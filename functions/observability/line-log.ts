// The ingest's log: each line written as it is, one JSON object, without a general-purpose logger.
//
// Every line the ingest writes is either its one line per webhook, which its metrics are counted
// from (log-metrics.ts), or an error, and a log level must filter neither. What Powertools Logger
// adds per line (levels, sampling, the Lambda context, buffering, a JSON replacer, a Console) the
// ingest does not use, and it cost about 25 µs of the 500 µs a warm webhook takes, plus its module
// at every cold start (docs/benchmarks.md, measurements 1 and 4). The lines have the shape of the
// other functions' (CompactLogFormatter): level, the message when there is one, service, fields.

/** What a line may carry besides its level, message and service: ids, outcomes, numbers. */
export type LineFields = Readonly<Record<string, string | number | boolean | undefined>>;

export interface LineLog {
  /** To stdout. An empty message is left out, as the lines of the other functions do. */
  info(message: string, fields: LineFields): void;
  /** To stderr, as Powertools writes errors. */
  error(message: string, fields: LineFields): void;
}

type Level = 'INFO' | 'ERROR';

/**
 * Writes lines of one level. The fields are serialised on their own and appended to a head that
 * is serialised once (`{"level":"INFO","service":"idv-webhooks",`): a quarter of the cost of
 * serialising one merged object per line. The stream is looked up at every line, so whatever
 * replaces `process.stdout.write` later (the Lambda runtime, a test capturing output) sees it.
 */
function lineWriter(level: Level, serviceName: string, stream: () => NodeJS.WriteStream) {
  const head = JSON.stringify({ level, service: serviceName }).slice(0, -1);
  const headWithMessage = (message: string) =>
    JSON.stringify({ level, message, service: serviceName }).slice(0, -1);
  return (message: string, fields: LineFields): void => {
    const start = message === '' ? head : headWithMessage(message);
    const rest = JSON.stringify(fields);
    stream().write(`${start}${rest === '{}' ? '}' : `,${rest.slice(1)}`}\n`);
  };
}

export function createLineLog(serviceName: string): LineLog {
  return {
    info: lineWriter('INFO', serviceName, () => process.stdout),
    error: lineWriter('ERROR', serviceName, () => process.stderr),
  };
}
