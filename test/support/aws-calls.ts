// Records which AWS calls each function's code makes in the integration tests, for the IAM
// coverage audit (test/audit/iam-coverage.test.ts): the emulators enforce no IAM, so a permission
// missing from a role would otherwise only show on AWS. A client handed to a function's code is
// wrapped with `forFunction`; a middleware on every test client (`recordAwsCalls`) writes down the
// calls made inside such a function, with the resource named by the variable the function reads.
import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';

export type FunctionName = 'ingest' | 'consumer' | 'session-view' | 'publisher' | 'report-fetcher';

/**
 * An event source mapping acts with its function's role (the consumer's queue, the publisher's
 * stream): the resource it reads has this pseudo-variable.
 */
export const EVENT_SOURCE = '(event source)';

/** One permission a call needed: an IAM action on the resource a variable of the function names. */
export interface RecordedCall {
  readonly function: FunctionName;
  readonly action: string;
  /** The function's environment variable naming the resource, or EVENT_SOURCE. */
  readonly variable: string | null;
  /** The resource as the call named it when no variable did (for the audit's message), or ''. */
  readonly resource: string;
  /** An S3 object call's key, which the role's statement must cover (`<bucket ARN>/<prefix>*`). */
  readonly key?: string;
}

interface FunctionScope {
  readonly function: FunctionName;
  /** What the function's environment would hold on AWS: variable -> table name or queue URL. */
  readonly environment: Readonly<Record<string, string>>;
}

const scopes = new AsyncLocalStorage<FunctionScope>();

/** The IAM prefix of each SDK client the functions use. */
const SERVICE: Readonly<Record<string, string>> = {
  DynamoDBClient: 'dynamodb',
  DynamoDBStreamsClient: 'dynamodb',
  SQSClient: 'sqs',
  SecretsManagerClient: 'secretsmanager',
  EventBridgeClient: 'events',
  S3Client: 's3',
};

/** Calls whose IAM action is not their own name (SQS authorizes a batch as its single call). */
const ACTION_OF: Readonly<Record<string, string>> = {
  'sqs:SendMessageBatch': 'sqs:SendMessage',
  'sqs:DeleteMessageBatch': 'sqs:DeleteMessage',
  'sqs:ChangeMessageVisibilityBatch': 'sqs:ChangeMessageVisibility',
};

/** DynamoDB's transactions are authorized item by item, with the item's own action. */
const TRANSACT_ACTION: Readonly<Record<string, string>> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

type Input = Readonly<Record<string, unknown>>;

/** Each IAM action a call needs, with the resource (table name, queue URL, secret id) it names. */
export function permissionsOf(
  service: string,
  command: string,
  input: Input,
): { action: string; resource: string; key?: string }[] {
  const name = command.replace(/Command$/, '');
  if (service === 's3') {
    const key = typeof input.Key === 'string' ? { key: input.Key } : {};
    return [{ action: `s3:${name}`, resource: String(input.Bucket ?? ''), ...key }];
  }
  if (service === 'dynamodb' && name === 'TransactWriteItems') {
    return ((input.TransactItems ?? []) as Record<string, { TableName?: string }>[]).flatMap(
      (item) =>
        Object.entries(item).map(([kind, operation]) => ({
          action: TRANSACT_ACTION[kind] ?? `dynamodb:${kind}`,
          resource: operation.TableName ?? '',
        })),
    );
  }
  const action = ACTION_OF[`${service}:${name}`] ?? `${service}:${name}`;
  if (input.RequestItems && typeof input.RequestItems === 'object')
    return Object.keys(input.RequestItems).map((resource) => ({ action, resource }));
  const entries = input.Entries as readonly { EventBusName?: string }[] | undefined;
  const resource =
    input.TableName ??
    input.QueueUrl ??
    input.SecretId ??
    input.SourceArn ??
    input.StreamArn ??
    entries?.[0]?.EventBusName ??
    '';
  return [{ action, resource: String(resource) }];
}

/**
 * `client` as the code of `fn` sees it: the same client (faults injected into it still apply),
 * whose calls run inside the function's scope. `environment` is what the function's variables
 * would hold, which is how each call's resource is tied to the role's.
 */
export function forFunction<Client extends { send: (...args: never[]) => unknown }>(
  client: Client,
  fn: FunctionName,
  environment: Readonly<Record<string, string>>,
): Client {
  const scope: FunctionScope = { function: fn, environment };
  const send = (...args: Parameters<Client['send']>) =>
    scopes.run(scope, () => client.send(...args));
  return new Proxy(client, {
    get: (target, property) => (property === 'send' ? send : Reflect.get(target, property)),
  });
}

/** The part of an SDK client the recorder needs. */
interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
  };
}

const written = new Set<string>();

function write(call: RecordedCall): void {
  const dir = process.env.IDV_AWS_CALLS_DIR;
  if (!dir) return;
  const line = JSON.stringify(call);
  // Thousands of calls repeat a few dozen permissions: each is written once per worker.
  if (written.has(line)) return;
  written.add(line);
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `worker-${process.pid}-${threadId}.jsonl`), `${line}\n`);
}

/** Adds the recording middleware to a test's SDK client; returns the client. */
export function recordAwsCalls<Client extends MiddlewareClient>(client: Client): Client {
  client.middlewareStack.add(
    (
      next: (args: unknown) => Promise<unknown>,
      context: { clientName: string; commandName: string },
    ) =>
      async (args: { input: Input }) => {
        const scope = scopes.getStore();
        const service = SERVICE[context.clientName];
        if (scope && service) {
          for (const { action, resource, key } of permissionsOf(
            service,
            context.commandName,
            args.input,
          )) {
            // GetRecords names its stream only through the shard iterator: in an event source's
            // scope, a call that names nothing is about that source.
            const variable =
              Object.entries(scope.environment).find(([, value]) => value === resource)?.[0] ??
              (resource === '' && EVENT_SOURCE in scope.environment ? EVENT_SOURCE : null);
            write({
              function: scope.function,
              action,
              variable,
              resource: variable ? '' : resource,
              // The key's first segment is what a statement's prefix can name (the ids below it vary).
              ...(key === undefined ? {} : { key: `${key.split('/')[0]}/` }),
            });
          }
        }
        return next(args);
      },
    { step: 'initialize', name: 'idv-record-aws-calls' },
  );
  return client;
}
