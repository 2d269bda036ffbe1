// `npm start`: runs local mode until Ctrl-C, and prints what a newcomer needs to try it.
import { DEV_SECRET_DOCUMENTS } from './dev-secrets.js';
import { startLocalPipeline } from './pipeline.js';
import { veriffSample } from './samples.js';
import {
  type LocalSecretDocuments,
  localSecretDocuments,
  signatureHeaders,
} from './signed-request.js';

function describeSecrets(secrets: LocalSecretDocuments): string {
  const development = JSON.stringify(secrets) === JSON.stringify(DEV_SECRET_DOCUMENTS);
  return [
    development
      ? 'secrets (development only; set CASAPAY_SECRETS / VERIFF_SECRETS to use your own):'
      : 'secrets (from CASAPAY_SECRETS / VERIFF_SECRETS):',
    `  CASAPAY_SECRETS='${JSON.stringify(secrets.casapay)}'`,
    `  VERIFF_SECRETS='${JSON.stringify(secrets.veriff)}'`,
  ].join('\n');
}

/** A curl command that works as printed: Veriff signatures carry no timestamp, so they never expire. */
function veriffCurl(url: string, secrets: LocalSecretDocuments): string {
  const body = veriffSample('started', { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
  const headers = Object.entries(signatureHeaders('veriff', body, secrets))
    .map(([name, value]) => `-H '${name}: ${value}'`)
    .join(' ');
  return `curl -i -X POST ${url}/webhooks/veriff -H 'content-type: application/json' ${headers} --data '${body}'`;
}

async function main(): Promise<void> {
  const secrets = localSecretDocuments();
  const pipeline = await startLocalPipeline({
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 3000),
    secrets,
  });
  console.log(`
idv-webhooks is running locally at ${pipeline.url}

  POST ${pipeline.url}/webhooks/casapay
  POST ${pipeline.url}/webhooks/veriff
  GET  ${pipeline.url}/sessions/{provider}/{sessionId}

  queue:  ${pipeline.queues.queueUrl} (inspect: ${pipeline.sqsEndpoint}/_fauxqs/queues)
  tables: ${pipeline.tables.sessionsTable}, ${pipeline.tables.quarantineTable} on DynamoDB Local at ${pipeline.dynamodbEndpoint}

${describeSecrets(secrets)}

try it:
  npm run send -- casapay verification_session.completed --session vs_demo
  curl ${pipeline.url}/sessions/casapay/vs_demo
  ${veriffCurl(pipeline.url, secrets)}
  curl ${pipeline.url}/sessions/veriff/f04bdb47-d3be-4b28-b028-a652feb060b5

Ctrl-C stops everything.
`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await pipeline.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error('local mode failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
