// `npm start`: runs local mode until it is stopped, and prints what a newcomer needs to try it.
// However it ends (Ctrl-C, SIGTERM, SIGHUP, its parent dying, an emulator crashing) it stops all
// of it; a setup mistake is one line that says what to do, never a stack trace.
import { createInspector, type Inspector } from '../../inspector/inspector.js';
import { readStandInBehaviours } from './casapay-api-standin.js';
import { createForwarder } from './forwarder.js';
import { changeLine, type Forwarding, readForwarding } from './forwarding.js';
import { describeLocalSecrets, type LocalSecrets, readLocalSecrets } from './local-secrets.js';
import { type LocalPipeline, startLocalPipeline } from './pipeline.js';
import { veriffSample } from './samples.js';
import { LocalSetupError } from './setup-errors.js';
import { signatureHeaders } from './signed-request.js';

/**
 * A curl command that works as printed: Veriff signatures carry no timestamp, so they never
 * expire. Only with the development secrets: one signed with the operator's would be a credential.
 */
function veriffCurl(url: string, secrets: LocalSecrets): string {
  if (secrets.origins.veriff.fingerprint !== undefined) {
    return 'npm run send -- veriff started   (signs with your VERIFF_SECRETS)';
  }
  const body = veriffSample('started', { session: 'f04bdb47-d3be-4b28-b028-a652feb060b5' });
  const headers = Object.entries(signatureHeaders('veriff', body, secrets.documents))
    .map(([name, value]) => `-H '${name}: ${value}'`)
    .join(' ');
  return `curl -i -X POST ${url}/webhooks/veriff -H 'content-type: application/json' ${headers} --data '${body}'`;
}

function reactionsBanner(forwarding: Forwarding | undefined): string {
  if (!forwarding) {
    return `session changes: one line each below; npm start -- --forward-to <url> also POSTs them to your app`;
  }
  return `session changes: one line each below, and POSTed to ${forwarding.url}
  signed per Standard Webhooks with ${forwarding.secretShown}`;
}

/** Prints each session change, and forwards it when asked to (each attempt shown in the inspector). */
function react(
  pipeline: LocalPipeline,
  forwarding: Forwarding | undefined,
  inspector: Inspector | undefined,
): void {
  const forwarder = forwarding
    ? createForwarder({
        url: forwarding.url,
        secret: forwarding.secret,
        onAttempt: (a) => {
          inspector?.deliveryAttempted(a);
          if (a.delivered) console.log(`  -> ${a.changeId} delivered (HTTP ${a.status})`);
        },
        onUndelivered: (envelope, last) =>
          console.log(
            `  -> ${envelope.detail.changeId} undelivered after ${last.attempt} attempts (${last.status === null ? last.error : `HTTP ${last.status}`})`,
          ),
      })
    : undefined;
  pipeline.bus.subscribe((envelope) => {
    console.log(changeLine(envelope));
    forwarder?.forward(envelope);
  });
  pipeline.onUnpublished((record) =>
    console.error(
      `not published after every retry: stream record ${record.sequenceNumber} of ${record.key}`,
    ),
  );
}

/** Where reports come from, or why none is retrieved. */
function reportsBanner(pipeline: LocalPipeline): string {
  const { reports } = pipeline;
  if (!reports.retrieving) {
    return 'CasaPay reports: off (CASAPAY_SECRETS has no apiKey); completed sessions take their outcome from the checks';
  }
  if (!reports.standIn)
    return `CasaPay reports: retrieved from ${reports.apiUrl} (CASAPAY_API_URL)`;
  return `CasaPay reports: retrieved from the CasaPay API stand-in at ${reports.apiUrl}
  (CASAPAY_STANDIN=429,500,slow,pending makes its first answers misbehave; CASAPAY_API_URL=<url> uses your own)`;
}

/** CASAPAY_API_URL as an http(s) URL, when set. */
function reportApiUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.CASAPAY_API_URL?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // Said below.
  }
  throw new LocalSetupError(
    'CASAPAY_API_URL must be an http(s) URL, the base of the reports API, e.g. http://127.0.0.1:4010/v1',
  );
}

function banner(pipeline: LocalPipeline, secrets: LocalSecrets, forwarding?: Forwarding): string {
  return `
idv-webhooks is running locally at ${pipeline.url}

  inspector: open ${pipeline.url}/ in a browser (sessions, timelines, quarantine, send)

  POST ${pipeline.url}/webhooks/casapay
  POST ${pipeline.url}/webhooks/veriff
  GET  ${pipeline.url}/sessions/{provider}/{sessionId}

  queue:  ${pipeline.queues.queueUrl} (inspect: ${pipeline.sqsEndpoint}/_fauxqs/queues)
  tables: ${pipeline.tables.sessionsTable}, ${pipeline.tables.quarantineTable} on DynamoDB Local at ${pipeline.dynamodbEndpoint}

${describeLocalSecrets(secrets)}

${reactionsBanner(forwarding)}

${reportsBanner(pipeline)}

try it:
  npm run send -- casapay verification_session.completed --session vs_demo
  curl ${pipeline.url}/sessions/casapay/vs_demo
  ${veriffCurl(pipeline.url, secrets)}
  curl ${pipeline.url}/sessions/veriff/f04bdb47-d3be-4b28-b028-a652feb060b5

Ctrl-C stops everything.
`;
}

/** PORT as a number the server can listen on (0: a free port the system picks). */
function portFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.PORT?.trim() || '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LocalSetupError(
      `PORT must be a port number from 0 to 65535, e.g. PORT=3001 npm start`,
    );
  }
  return port;
}

/** One line, whatever went wrong: a setup mistake says what to do, anything else its first line. */
function oneLine(error: unknown): string {
  if (error instanceof LocalSetupError) return `npm start: ${error.message}`;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `npm start: local mode stopped: ${text.split('\n')[0]}`;
}

/** How often the parent is checked: an orphaned local mode stops within this time. */
const PARENT_CHECK_MS = 500;

async function main(): Promise<void> {
  let started: Promise<LocalPipeline> | undefined;
  let ending: Promise<never> | undefined;
  const end = (code: number, line?: string): Promise<never> => {
    ending ??= (async () => {
      if (line) console.error(line);
      // A signal during start-up waits for what is starting, then stops all of it.
      const pipeline = await started?.catch(() => undefined);
      await pipeline?.stop();
      process.exit(code);
    })();
    return ending;
  };
  // Registered before anything starts, so that no way of ending skips the stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`\nstopping (${signal})...`);
      void end(0);
    });
  }
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void end(0, 'npm start: its parent process ended; stopping');
  }, PARENT_CHECK_MS).unref();
  process.on('uncaughtException', (error) => void end(1, oneLine(error)));
  process.on('unhandledRejection', (error) => void end(1, oneLine(error)));

  try {
    const secrets = await readLocalSecrets();
    const port = portFrom(process.env);
    const forwarding = readForwarding(process.argv.slice(2), process.env);
    const apiUrl = reportApiUrl(process.env);
    const standIn = readStandInBehaviours(process.env.CASAPAY_STANDIN);
    let inspector: Inspector | undefined;
    started = startLocalPipeline({
      host: process.env.HOST ?? '127.0.0.1',
      port,
      secrets: secrets.documents,
      reports: { apiUrl, standIn },
      pages: (pipeline) => {
        inspector = createInspector(pipeline, {
          secrets: secrets.documents,
          ...(forwarding ? { forwardTo: forwarding.url } : {}),
        });
        return inspector;
      },
    });
    const pipeline = await started;
    if (ending) return;
    void pipeline.crashed.then((reason) => end(1, `npm start: ${reason}; local mode stopped`));
    console.log(banner(pipeline, secrets, forwarding));
    react(pipeline, forwarding, inspector);
  } catch (error) {
    await end(1, oneLine(error));
  }
}

void main();
