// `npm run send`: signs realistic sample webhooks the way each provider would and posts them to a
// running `npm start`, one event at a time or as a named scenario, so a newcomer can watch the
// pipeline work and build out-of-order and duplicate deliveries by hand.
import { parseArgs } from 'node:util';
import {
  CASAPAY_EVENT_TYPES,
  casapaySample,
  ONFIDO_EVENTS,
  type OnfidoEvent,
  onfidoSample,
  PERSONA_EVENT_NAMES,
  personaSample,
  STRIPE_IDENTITY_EVENT_TYPES,
  SUMSUB_EVENTS,
  type SumsubEvent,
  standardWebhooksSample,
  stripeIdentitySample,
  sumsubSample,
  VERIFF_DECISIONS,
  VERIFF_EVENTS,
  type VeriffAction,
  type VeriffDecisionStatus,
  veriffDecisionSample,
  veriffSample,
} from './samples.js';
import { newSessionId, SCENARIOS, type ScenarioWebhook } from './scenarios.js';
import { localSecretDocuments, localSourceConfigs, signatureHeaders } from './signed-request.js';

/** A mistake of the caller's: one line, then the usage, exit code 2. */
class UsageError extends Error {}

interface SingleOptions {
  readonly session: string;
  readonly attempt?: string | undefined;
  readonly created: Date;
  readonly eventId?: string | undefined;
}

/** A provider `send` can sign for: its events, and the body of one of them. */
interface Sendable {
  /** For the usage: what to write as `<event>`. */
  readonly events: readonly string[];
  /** What `--created` sets, for the usage. */
  readonly created: string;
  /** Whether the provider sends an event id that `--event-id` may set. */
  readonly eventIds: boolean;
  /** The webhook of `event`, or undefined when the provider has no such event. */
  build(event: string, options: SingleOptions): { label: string; body: string } | undefined;
}

const seconds = (time: Date) => Math.floor(time.getTime() / 1000);
const eventIdOf = (options: SingleOptions) => (options.eventId ? { eventId: options.eventId } : {});

/**
 * A provider whose events are a list of names, each labelled by itself: `body` builds the webhook
 * of a listed event, anything else is no event of the provider's.
 */
function listed<Event extends string>(
  events: readonly Event[],
  details: Pick<Sendable, 'created' | 'eventIds'>,
  body: (event: Event, options: SingleOptions) => string,
): Sendable {
  return {
    events,
    ...details,
    build: (event, options) =>
      (events as readonly string[]).includes(event)
        ? { label: event, body: body(event as Event, options) }
        : undefined,
  };
}

const REGISTERED: Readonly<Record<string, Sendable>> = {
  casapay: listed(CASAPAY_EVENT_TYPES, { created: 'created', eventIds: true }, (event, options) =>
    casapaySample(event, {
      session: options.session,
      created: seconds(options.created),
      ...eventIdOf(options),
    }),
  ),
  veriff: {
    events: [...Object.keys(VERIFF_EVENTS), ...Object.keys(VERIFF_DECISIONS)],
    created: "a decision's decisionTime",
    eventIds: false,
    build(event, { session, attempt, created }) {
      const attemptId = attempt ? { attemptId: attempt } : {};
      if (event in VERIFF_EVENTS) {
        return {
          label: event,
          body: veriffSample(event as VeriffAction, { session, ...attemptId }),
        };
      }
      const status = event.replace(/^decision\./, '');
      if (!(status in VERIFF_DECISIONS)) return undefined;
      const body = veriffDecisionSample(status as VeriffDecisionStatus, {
        session,
        decisionTime: created,
        ...attemptId,
      });
      return { label: `decision ${status}`, body };
    },
  },
  'stripe-identity': listed(
    STRIPE_IDENTITY_EVENT_TYPES,
    { created: 'created', eventIds: true },
    (event, options) =>
      stripeIdentitySample(event, {
        session: options.session,
        created: seconds(options.created),
        ...eventIdOf(options),
      }),
  ),
  persona: listed(
    PERSONA_EVENT_NAMES,
    { created: 'created-at', eventIds: true },
    (event, options) =>
      personaSample(event, {
        session: options.session,
        createdAt: options.created,
        ...eventIdOf(options),
      }),
  ),
  sumsub: listed(
    Object.keys(SUMSUB_EVENTS) as SumsubEvent[],
    { created: 'createdAtMs', eventIds: false },
    (event, { session, created }) => sumsubSample(event, { session, createdAt: created }),
  ),
  onfido: listed(
    Object.keys(ONFIDO_EVENTS) as OnfidoEvent[],
    { created: 'completed_at_iso8601', eventIds: false },
    (event, { session, created }) => onfidoSample(event, { session, completedAt: created }),
  ),
};

/** Every provider `send` signs for: the registered ones, then each Standard Webhooks source. */
const PROVIDERS: Readonly<Record<string, Sendable>> = {
  ...REGISTERED,
  ...Object.fromEntries(
    localSourceConfigs().map((source) => [
      source.name,
      {
        events: Object.keys(source.statuses),
        created: 'the event time',
        eventIds: false,
        build: (status: string, { session, created }: SingleOptions) =>
          Object.hasOwn(source.statuses, status)
            ? {
                label: status,
                body: standardWebhooksSample(source, status, { session, time: created }),
              }
            : undefined,
      } satisfies Sendable,
    ]),
  ),
};

const USAGE = `usage:
  npm run send -- <provider> <event> [--session <id>] [--attempt <id>] [--created <unix|ISO>]
                                     [--event-id <id>] [--repeat <n>] [--url <base>]
  npm run send -- scenario <name> [--url <base>]

${Object.entries(PROVIDERS)
  .map(([name, provider]) => `  ${`${name}:`.padEnd(18)} ${provider.events.join(', ')}`)
  .join('\n')}
  ${'scenarios:'.padEnd(18)} ${Object.keys(SCENARIOS).join(', ')}

  --session   the session id (default: a new one)
  --created   the provider's event time (CasaPay and Stripe created, a Veriff decision's
              decisionTime, Persona created-at, Sumsub createdAtMs, Onfido completed_at_iso8601;
              default: now)
  --event-id  the event id, for the providers that send one (${Object.entries(PROVIDERS)
    .filter(([, provider]) => provider.eventIds)
    .map(([name]) => name)
    .join(', ')}); the others' ids come from the content
  --attempt   a Veriff attempt id
  --repeat    send the same signed body n times, as a provider's retries would

Secrets come from <PROVIDER>_SECRETS (CASAPAY_SECRETS, STRIPE_IDENTITY_SECRETS, ...), or the
development ones npm start uses; Standard Webhooks sources from STANDARD_WEBHOOKS_SOURCES.`;

function parseTime(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const time = /^\d+$/.test(value) ? new Date(Number(value) * 1000) : new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new UsageError(`--created takes unix seconds or an ISO 8601 time, not "${value}"`);
  }
  return time;
}

function singleWebhook(provider: string, event: string, options: SingleOptions): ScenarioWebhook {
  const sendable = PROVIDERS[provider];
  if (!sendable) throw new UsageError(`unknown provider "${provider}"`);
  if (options.eventId && !sendable.eventIds) {
    throw new UsageError(
      `--event-id does not apply to ${provider}: its event ids come from the content`,
    );
  }
  const built = sendable.build(event, options);
  if (!built) throw new UsageError(`unknown ${provider} event "${event}"; see --help for the list`);
  return { provider, ...built };
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
async function settledView(url: string, provider: string, session: string, events: number) {
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
  if (!Object.hasOwn(PROVIDERS, command)) {
    throw new UsageError(
      `unknown provider "${command}"; one of ${Object.keys(PROVIDERS).join(', ')}`,
    );
  }
  if (!event) throw new UsageError(`say which ${command} event to send`);
  const repeat = Number(values.repeat);
  if (!Number.isSafeInteger(repeat) || repeat < 1) {
    throw new UsageError('--repeat takes a whole number of 1 or more');
  }
  const provider = command;
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
