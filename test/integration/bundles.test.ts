// The bundles the stack deploys start, and accept a webhook, with nothing but what is inside them.
// Each is built with the stack's own bundling options into a directory from which no package can
// be imported, as on Lambda, where the environment adds only the execution role's credentials: so
// a package left out of the bundle that is imported after all fails here, not at a cold start.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { duplicatedPackages, esbuildOptions } from '../../lib/function-bundling.js';
import { drain, freshQueues, sqsClient } from '../support/aws.js';
import { CASAPAY_COMPLETED, fixture } from '../support/fixtures.js';
import { logSink } from '../support/log-sink.js';
import { casapayEvent, SECRET_DOCUMENTS } from '../support/webhooks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'idv-bundles-'));

/** Builds a bundle as the stack does; every bundle holds one copy of each package it includes. */
async function bundle(entry: string, tracing: boolean): Promise<string> {
  const outfile = join(outDir, `${entry}-${tracing ? 'traced' : 'plain'}`, 'index.mjs');
  const { metafile } = await build({
    ...esbuildOptions(tracing),
    entryPoints: [join(root, 'functions', `${entry}.ts`)],
    outfile,
    logLevel: 'error',
    metafile: true,
  });
  expect(duplicatedPackages(metafile), `${entry} bundle: packages held twice`).toEqual({});
  return outfile;
}

/** Imports the bundle in a fresh node process and, given an event, invokes its handler once. */
const RUN_BUNDLE = `
const { handler } = await import(process.env.BUNDLE_URL);
if (process.env.INVOKE_EVENT) {
  const context = { functionName: 'bundle-test', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 30000 };
  const response = await handler(JSON.parse(process.env.INVOKE_EVENT), context);
  process.stdout.write('\\nRESULT ' + JSON.stringify(response) + '\\n');
}
`;

function runBundle(
  path: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RUN_BUNDLE], {
    cwd: outDir,
    env: {
      PATH: process.env.PATH ?? '',
      AWS_REGION: LOCAL_AWS.region,
      AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      BUNDLE_URL: pathToFileURL(path).href,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    logSink.write(chunk);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** A stand-in for Secrets Manager's GetSecretValue, answering with the test secret documents. */
function startSecretsManager(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const document = SECRET_DOCUMENTS[SecretId as keyof typeof SECRET_DOCUMENTS];
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify({
          ARN: `arn:aws:secretsmanager:local:0:secret:${SecretId}`,
          Name: SecretId,
          SecretString: JSON.stringify(document),
        }),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const TABLES = {
  SESSIONS_TABLE: 'bundle-test-sessions',
  QUARANTINE_TABLE: 'bundle-test-quarantine',
};
const ENTRIES = [
  [
    'ingest',
    {
      QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/0/q',
      // As the construct deploys it by default.
      ENABLED_PROVIDERS: 'casapay,veriff',
      CASAPAY_SECRET_ID: 'casapay',
      VERIFF_SECRET_ID: 'veriff',
    },
  ],
  ['consumer', TABLES],
  ['session-view', TABLES],
] as const;

describe('the deployed bundles, with nothing outside them', () => {
  let secretsManager: Server;
  beforeAll(async () => {
    secretsManager = await startSecretsManager();
  });
  afterAll(() => {
    secretsManager?.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it.each(
    ENTRIES.flatMap(([entry, env]) =>
      [false, true].map((tracing) => [entry, tracing, env] as const),
    ),
  )('the %s bundle starts (tracing %s)', async (entry, tracing, env) => {
    const { code, output } = await runBundle(await bundle(entry, tracing), {
      ...env,
      POWERTOOLS_TRACE_ENABLED: String(tracing),
    });
    expect(code, output).toBe(0);
  });

  it('the ingest bundle accepts a webhook: secrets from Secrets Manager, credentials from the environment, message on SQS', async () => {
    const sqs = sqsClient();
    const { queueUrl } = await freshQueues(sqs);
    const address = secretsManager.address() as { port: number };
    const event = casapayEvent(fixture(CASAPAY_COMPLETED), new Date(), {
      requestId: 'bundle-test',
    });
    const { code, output } = await runBundle(await bundle('ingest', false), {
      QUEUE_URL: queueUrl,
      ENABLED_PROVIDERS: 'casapay,veriff',
      CASAPAY_SECRET_ID: 'casapay',
      VERIFF_SECRET_ID: 'veriff',
      AWS_ENDPOINT_URL_SQS: inject('sqsEndpoint'),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${address.port}`,
      POWERTOOLS_TRACE_ENABLED: 'false',
      INVOKE_EVENT: JSON.stringify(event),
    });
    expect(code, output).toBe(0);
    const result = /RESULT (.*)/.exec(output)?.[1];
    expect(JSON.parse(result ?? '{}')).toMatchObject({ statusCode: 200 });
    expect(await drain(sqs, queueUrl)).toHaveLength(1);
  });
});
