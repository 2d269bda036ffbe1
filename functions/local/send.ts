// `npm run send -- <provider> <event> [--session <id>] [--url <base>]`: signs a realistic sample
// webhook the way the provider would and posts it, so a newcomer can watch the pipeline work.
import { parseArgs } from 'node:util';
import {
  CASAPAY_EVENT_TYPES,
  type CasaPayEventType,
  casapaySample,
  newCasaPaySessionId,
  newVeriffSessionId,
  VERIFF_EVENTS,
  type VeriffAction,
  veriffSample,
} from './samples.js';
import { localSecretDocuments, signatureHeaders } from './signed-request.js';

const USAGE = `usage: npm run send -- <provider> <event> [--session <id>] [--attempt <id>] [--url <base>]

  casapay events: ${CASAPAY_EVENT_TYPES.join(', ')}
  veriff events:  ${Object.keys(VERIFF_EVENTS).join(', ')}

Secrets come from CASAPAY_SECRETS / VERIFF_SECRETS, or the development ones npm start prints.`;

function sampleBody(provider: string, event: string, session: string, attemptId?: string): string {
  if (provider === 'casapay' && (CASAPAY_EVENT_TYPES as readonly string[]).includes(event)) {
    return casapaySample(event as CasaPayEventType, {
      session,
      created: Math.floor(Date.now() / 1000),
    });
  }
  if (provider === 'veriff' && event in VERIFF_EVENTS) {
    return veriffSample(event as VeriffAction, { session, ...(attemptId ? { attemptId } : {}) });
  }
  throw new Error(`unknown ${provider} event "${event}"`);
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      session: { type: 'string' },
      attempt: { type: 'string' },
      url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [provider, event] = positionals;
  if (values.help || !provider || !event) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const session =
    values.session ?? (provider === 'casapay' ? newCasaPaySessionId() : newVeriffSessionId());
  const body = sampleBody(provider, event, session, values.attempt);
  const headers = signatureHeaders(provider, body, localSecretDocuments());
  const response = await fetch(`${values.url}/webhooks/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  console.log(
    `${provider} ${event} for session ${session}: HTTP ${response.status} ${await response.text()}`,
  );
  console.log(`session view: curl ${values.url}/sessions/${provider}/${session}`);
  return response.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
    process.exit(2);
  },
);
