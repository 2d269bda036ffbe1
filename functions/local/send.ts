// `npm run send`: signs realistic sample webhooks the way each provider would and posts them to a
// running `npm start`, one event at a time or as a named scenario, so a newcomer can watch the
// pipeline work and build out-of-order and duplicate deliveries by hand.
import { parseArgs } from 'node:util';
import {
  CASAPAY_EVENT_TYPES,
  type CasaPayEventType,
  casapaySample,
  VERIFF_DECISIONS,
  VERIFF_EVENTS,
  type VeriffAction,
  type VeriffDecisionStatus,
  veriffDecisionSample,
  veriffSample,
} from './samples.js';
import { newSessionId, SCENARIOS, type ScenarioWebhook } from './scenarios.js';
import { localSecretDocuments, signatureHeaders } from './signed-request.js';

const USAGE = `usage:
  npm run send -- <provider> <event> [--session <id>] [--attempt <id>] [--created <unix|ISO>]
                                     [--event-id <id>] [--repeat <n>] [--url <base>]
  npm run send -- scenario <name> [--url <base>]

  casapay events:    ${CASAPAY_EVENT_TYPES.join(', ')}
  veriff events:     ${Object.keys(VERIFF_EVENTS).join(', ')}
  veriff decisions:  ${Object.keys(VERIFF_DECISIONS).join(', ')}
  scenarios:         ${Object.keys(SCENARIOS).join(', ')}

  --session   the session id (default: a new one)
  --created   CasaPay's event time, or a Veriff decision's decisionTime (default: now)
  --event-id  CasaPay's event id (Veriff sends none: its ids come from the content)
  --repeat    send the same signed body n times, as a provider's retries would

Secrets come from CASAPAY_SECRETS / VERIFF_SECRETS, or the development ones npm start uses.`;

/** A mistake of the caller's: one line, then the usage, exit code 2. */
class UsageError extends Error {}

const PROVIDERS = ['casapay', 'veriff'] as const;
type Provider = (typeof PROVIDERS)[number];

interface SingleOptions {
  readonly session: string;
  readonly attempt?: string | undefined;
  readonly created: Date;
  readonly eventId?: string | undefined;
}

function parseTime(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const time = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new UsageError(`--created takes unix seconds or an ISO 8601 time, not "${value}"`);
  }
  return time;
}

function singleWebhook(provider: Provider, event: string, options: SingleOptions): ScenarioWebhook {
  const { session, attempt, created, eventId } = options;
  if (provider === 'casapay') {
    if (!(CASAPAY_EVENT_TYPES as readonly string[]).includes(event)) {
      throw new UsageError(`unknown casapay event "${event}"; see --help for the list`);
    }
    const body = casapaySample(event as CasaPayEventType, {
      session,
      created: Math.floor(created.getTime() / 1000),
      ...(eventId ? { eventId } : {}),
    });
    return { provider, label: event, body };
  }
  if (eventId) throw new UsageError('--event-id applies to casapay: Veriff sends no event id');
  const attemptId = attempt ? { attemptId: attempt } : {};
  if (event in VERIFF_EVENTS) {
    const body = veriffSample(event as VeriffAction, { session, ...attemptId });
    return { provider, label: event, body };
  }
  const status = event.replace(/^decision\./, '');
  if (status in VERIFF_DECISIONS) {
    const body = veriffDecisionSample(status as VeriffDecisionStatus, {
      session,
      decisionTime: created,
      ...attemptId,
    });
    return { provider, label: `decision ${status}`, body };
  }
  throw new UsageError(`unknown veriff event or decision "${event}"; see --help for the list`);
}

/** Posts one signed webhook; a refused connection is the caller's setup, said in one line. */
async function post(url: string, webhook: ScenarioWebhook, headers: Record<string, string>) {
  try {
    const response = await fetch(`${url}/webhooks/${webhook.provider}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: webhook.body,
    });
    return { status: response.status, text: await response.text() };
  } catch {
    throw new Error(
      `nothing answered at ${url}: start the pipeline with \`npm start\` in another terminal, or pass --url`,
    );
  }
}

async function send(
  url: string,
  session: string,
  webhooks: readonly ScenarioWebhook[],
  repeat = 1,
) {
  const secrets = localSecretDocuments();
  let ok = true;
  for (const webhook of webhooks) {
    // Signed once: a repeat is the very same request, as a provider's retry is.
    const headers = signatureHeaders(webhook.provider, webhook.body, secrets);
    for (let n = 0; n < repeat; n++) {
      const { status, text } = await post(url, webhook, headers);
      ok &&= status === 200;
      console.log(
        `${webhook.provider} ${webhook.label} for session ${session}: HTTP ${status} ${text}`,
      );
    }
  }
  return ok;
}

interface PrintedView {
  readonly events?: unknown[];
  readonly facts?: { readonly verificationReport?: { readonly retrieval?: unknown } | null };
}

/** A CasaPay report that is being retrieved: the outcome is still to come (docs/reports.md). */
const awaitingReport = (view: PrintedView) =>
  ['due', 'retrying'].includes(String(view.facts?.verificationReport?.retrieval));

/**
 * Waits until the session view holds `events` distinct events (the consumer is asynchronous) and
 * no CasaPay report is still being retrieved.
 */
async function settledView(url: string, provider: Provider, session: string, events: number) {
  const deadline = Date.now() + 15_000;
  let view: PrintedView | undefined;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/sessions/${provider}/${encodeURIComponent(session)}`);
    if (response.ok) {
      view = (await response.json()) as PrintedView;
      if ((view.events?.length ?? 0) >= events && !awaitingReport(view)) return view;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return view;
}

async function runScenario(url: string, name: string | undefined): Promise<number> {
  const scenario = name === undefined ? undefined : SCENARIOS[name];
  if (!scenario) {
    throw new UsageError(
      `unknown scenario "${name ?? ''}"; one of ${Object.keys(SCENARIOS).join(', ')}`,
    );
  }
  const session = newSessionId(scenario.provider);
  console.log(`scenario ${name}: ${scenario.description}`);
  const webhooks = scenario.webhooks(session, new Date());
  const ok = await send(url, session, webhooks);
  const view = await settledView(url, scenario.provider, session, webhooks.length);
  console.log(`\nsession view (curl ${url}/sessions/${scenario.provider}/${session}):`);
  console.log(JSON.stringify(view ?? 'not found', null, 2));
  return ok ? 0 : 1;
}

const OPTIONS = {
  session: { type: 'string' },
  attempt: { type: 'string' },
  created: { type: 'string' },
  'event-id': { type: 'string' },
  repeat: { type: 'string', default: '1' },
  url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
  help: { type: 'boolean', short: 'h' },
} as const;

function readArguments() {
  try {
    return parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (error) {
    // parseArgs explains an unknown or malformed option in its message.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<number> {
  const { positionals, values } = readArguments();
  const [command, event] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const url = values.url.replace(/\/$/, '');
  if (command === 'scenario') return runScenario(url, event);
  if (!command) throw new UsageError('say which provider and event to send');
  if (!(PROVIDERS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown provider "${command}"; one of ${PROVIDERS.join(', ')}`);
  }
  if (!event) throw new UsageError(`say which ${command} event to send`);
  const repeat = Number(values.repeat);
  if (!Number.isSafeInteger(repeat) || repeat < 1) {
    throw new UsageError('--repeat takes a whole number of 1 or more');
  }
  const provider = command as Provider;
  const session = values.session ?? newSessionId(provider);
  const webhook = singleWebhook(provider, event, {
    session,
    attempt: values.attempt,
    created: parseTime(values.created),
    eventId: values['event-id'],
  });
  const ok = await send(url, session, [webhook], repeat);
  console.log(`session view: curl ${url}/sessions/${provider}/${session}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`send: ${message}`);
    if (error instanceof UsageError) console.error(`run npm run send -- --help for the usage`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
