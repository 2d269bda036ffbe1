// Drives a running pipeline over HTTP with signed webhooks of both providers, as the providers
// would send them (with some retries of the same delivery), at a fixed concurrency for a fixed time.
import {
  CASAPAY_EVENT_TYPES,
  casapaySample,
  VERIFF_EVENTS,
  type VeriffAction,
  veriffSample,
} from '../../functions/local/samples.js';
import {
  type LocalSecretDocuments,
  signatureHeaders,
} from '../../functions/local/signed-request.js';

export interface SentWebhook {
  readonly provider: 'casapay' | 'veriff';
  readonly sessionId: string;
  readonly body: string;
  readonly status: number;
  readonly ackMs: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly secrets: LocalSecretDocuments;
  readonly durationMs: number;
  readonly concurrency: number;
  /** Sessions the webhooks are spread over (per provider). */
  readonly sessions: number;
  /** Share of deliveries that repeat an earlier one, as a provider retry does. */
  readonly retryShare?: number;
  /** Requests per second at most (offered load); unlimited when absent. */
  readonly rate?: number;
}

export interface LoadResult {
  readonly sent: readonly SentWebhook[];
  readonly elapsedMs: number;
}

const VERIFF_ACTIONS = Object.keys(VERIFF_EVENTS) as VeriffAction[];

export async function driveLoad(options: LoadOptions): Promise<LoadResult> {
  const sent: SentWebhook[] = [];
  const started = performance.now();
  const deadline = started + options.durationMs;
  let sequence = 0;
  const nextWebhook = (): { provider: 'casapay' | 'veriff'; sessionId: string; body: string } => {
    const n = sequence++;
    const retry = sent.length > 0 && Math.random() < (options.retryShare ?? 0.05);
    if (retry) {
      const earlier = sent[Math.floor(Math.random() * sent.length)] as SentWebhook;
      return { provider: earlier.provider, sessionId: earlier.sessionId, body: earlier.body };
    }
    const session = n % options.sessions;
    if (n % 2 === 0) {
      const sessionId = `vs_load_${session}`;
      const type =
        CASAPAY_EVENT_TYPES[Math.floor(Math.random() * CASAPAY_EVENT_TYPES.length)] ??
        'verification_session.created';
      const body = casapaySample(type, {
        session: sessionId,
        created: Math.floor(Date.now() / 1000),
        eventId: `evt_load_${n}`,
        objectId: `obj_${n % 7}`,
      });
      return { provider: 'casapay', sessionId, body };
    }
    const sessionId = `00000000-1111-4000-8000-${String(session).padStart(12, '0')}`;
    const action = VERIFF_ACTIONS[Math.floor(Math.random() * VERIFF_ACTIONS.length)] ?? 'started';
    // Distinct attempts keep Veriff events distinct (identical content is one event by design).
    return {
      provider: 'veriff',
      sessionId,
      body: veriffSample(action, { session: sessionId, attemptId: `attempt-${n}` }),
    };
  };
  const interval = options.rate ? 1000 / options.rate : 0;
  let nextSlot = started;
  const worker = async () => {
    while (performance.now() < deadline) {
      if (interval > 0) {
        // Paced: each request takes the next free slot of the schedule.
        const slot = nextSlot;
        nextSlot += interval;
        const wait = slot - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (performance.now() >= deadline) return;
      }
      const webhook = nextWebhook();
      const requestStarted = performance.now();
      let status = 0;
      try {
        const response = await fetch(`${options.url}/webhooks/${webhook.provider}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...signatureHeaders(webhook.provider, webhook.body, options.secrets),
          },
          body: webhook.body,
        });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = 0;
      }
      sent.push({ ...webhook, status, ackMs: performance.now() - requestStarted });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { sent, elapsedMs: performance.now() - started };
}
