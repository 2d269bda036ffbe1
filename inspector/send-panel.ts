// The send panel's work: a scenario of `npm run send` (the same signed sample webhooks), chosen
// steps of it, in the provider's order or another, each delivered once or more, POSTed to local
// mode's own webhook routes as a provider would.

import type { Scenario, ScenarioWebhook } from '../functions/local/scenarios.js';
import type { LocalSecretDocuments } from '../functions/local/signed-request.js';
import { signatureHeaders } from '../functions/local/signed-request.js';

export const ORDERS = ['provider', 'reversed', 'shuffled'] as const;
export type DeliveryOrder = (typeof ORDERS)[number];
/** Deliveries of each webhook at most: enough to show deduplication, not a load test. */
export const MAX_COPIES = 5;

export interface SendRequest {
  readonly scenario: string;
  /** Indexes of the scenario's steps to send, in the scenario's order. */
  readonly steps: readonly number[];
  readonly order: DeliveryOrder;
  readonly copies: number;
  /** The session to send to; a new one is made up when absent. */
  readonly session?: string;
}

/** A session id the panel accepts: printable, no spaces, at most 256 characters. */
const SESSION_ID = /^[^\s\p{C}]{1,256}$/u;

export type SendRequestResult =
  | { readonly ok: true; readonly request: SendRequest }
  | { readonly ok: false; readonly message: string };

/** The request a submitted form makes, or what is wrong with it. */
export function readSendRequest(
  form: URLSearchParams,
  scenarios: Readonly<Record<string, Scenario>>,
): SendRequestResult {
  const name = form.get('scenario') ?? '';
  const scenario = Object.hasOwn(scenarios, name) ? scenarios[name] : undefined;
  if (!scenario) return { ok: false, message: `unknown scenario "${name.slice(0, 60)}"` };
  const count = scenario.webhooks('preview', new Date(0)).length;
  const steps = form.getAll('step').map(Number);
  if (steps.length === 0) return { ok: false, message: 'choose at least one step to send' };
  if (steps.some((step) => !Number.isInteger(step) || step < 0 || step >= count))
    return { ok: false, message: `steps are numbered 0 to ${count - 1}` };
  const order = form.get('order') ?? 'provider';
  if (!(ORDERS as readonly string[]).includes(order))
    return { ok: false, message: `the order is one of ${ORDERS.join(', ')}` };
  const copies = Number(form.get('copies') ?? '1');
  if (!Number.isInteger(copies) || copies < 1 || copies > MAX_COPIES)
    return { ok: false, message: `each webhook is delivered 1 to ${MAX_COPIES} times` };
  const session = form.get('session')?.trim() ?? '';
  if (session !== '' && !SESSION_ID.test(session))
    return { ok: false, message: 'a session id is 1 to 256 printable characters without spaces' };
  return {
    ok: true,
    request: {
      scenario: name,
      steps: [...new Set(steps)].sort((a, b) => a - b),
      order: order as DeliveryOrder,
      copies,
      ...(session === '' ? {} : { session }),
    },
  };
}

/**
 * The webhooks to deliver, in delivery order: the chosen steps of the scenario for `session`,
 * ordered as asked, each repeated `copies` times in a row (a provider's retries of one request).
 */
export function plannedDeliveries(
  scenario: Scenario,
  request: SendRequest,
  session: string,
  now: Date,
  random: () => number = Math.random,
): ScenarioWebhook[] {
  const all = scenario.webhooks(session, now);
  const chosen = request.steps.flatMap((step) => {
    const webhook = all[step];
    return webhook ? [webhook] : [];
  });
  if (request.order === 'reversed') chosen.reverse();
  if (request.order === 'shuffled') {
    // Fisher-Yates.
    for (let i = chosen.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [chosen[i], chosen[j]] = [chosen[j] as ScenarioWebhook, chosen[i] as ScenarioWebhook];
    }
  }
  return chosen.flatMap((webhook) => Array.from({ length: request.copies }, () => webhook));
}

/** One delivery the panel made, and the answer it got. */
export interface SentWebhook {
  readonly label: string;
  readonly status: number | null;
  readonly requestId?: string;
  /** The error code of a refused webhook, or why nothing answered. */
  readonly error?: string;
}

/**
 * POSTs each webhook to `url`'s webhook route, signed as its provider signs it. A webhook is
 * signed once for all its copies: a retry is the very same request.
 */
export async function deliver(
  url: string,
  webhooks: readonly ScenarioWebhook[],
  secrets: LocalSecretDocuments,
): Promise<SentWebhook[]> {
  const signed = new Map<ScenarioWebhook, Record<string, string>>();
  const sent: SentWebhook[] = [];
  for (const webhook of webhooks) {
    let headers = signed.get(webhook);
    if (!headers) {
      headers = signatureHeaders(webhook.provider, webhook.body, secrets);
      signed.set(webhook, headers);
    }
    try {
      const response = await fetch(`${url}/webhooks/${webhook.provider}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: webhook.body,
      });
      const answer = (await response.json().catch(() => ({}))) as {
        requestId?: unknown;
        error?: unknown;
      };
      sent.push({
        label: webhook.label,
        status: response.status,
        ...(typeof answer.requestId === 'string' ? { requestId: answer.requestId } : {}),
        ...(typeof answer.error === 'string' ? { error: answer.error } : {}),
      });
    } catch (error) {
      sent.push({
        label: webhook.label,
        status: null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return sent;
}
