// `npm start -- --forward-to <url>`: delivers every session change to the developer's own endpoint
// as the JSON of its EventBridge envelope, signed per Standard Webhooks, like
// `stripe listen --forward-to`. Each delivery retries on its own with backoff (about a minute in
// all), then is reported as undelivered; it never holds up the pipeline.

import { setTimeout as wait } from 'node:timers/promises';
import { signStandardWebhook } from '../providers/standard-webhooks/signature.js';
import type { SessionChangedEnvelope } from '../reactions/session-change.js';

/** Waits before each retry: 1 + 2 + 4 + 8 + 15 + 30 s, a minute in all. */
export const FORWARD_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];
/** A developer's endpoint that does not answer within this is a failed attempt. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** One try to deliver one change, and what came of it. */
export interface DeliveryAttempt {
  readonly changeId: string;
  readonly attempt: number;
  readonly at: string;
  /** The HTTP status, or null when no answer came (refused, timed out). */
  readonly status: number | null;
  readonly error?: string;
  readonly delivered: boolean;
}

export interface ForwarderOptions {
  readonly url: string;
  /** A `whsec_...` Standard Webhooks secret. */
  readonly secret: string;
  readonly retryDelaysMs?: readonly number[];
  readonly onAttempt?: (attempt: DeliveryAttempt) => void;
  /** Called once a change has failed every attempt. */
  readonly onUndelivered?: (envelope: SessionChangedEnvelope, last: DeliveryAttempt) => void;
  readonly now?: () => Date;
}

export interface Forwarder {
  /** Starts delivering `envelope`; returns at once. */
  forward(envelope: SessionChangedEnvelope): void;
  /** Resolves when every delivery started so far has ended (delivered or given up). */
  idle(): Promise<void>;
  /** Gives up the retries still waiting. */
  stop(): void;
}

export function createForwarder(options: ForwarderOptions): Forwarder {
  const delays = options.retryDelaysMs ?? FORWARD_RETRY_DELAYS_MS;
  const now = options.now ?? (() => new Date());
  const inFlight = new Set<Promise<void>>();
  const abort = new AbortController();

  const attempt = async (
    envelope: SessionChangedEnvelope,
    number: number,
  ): Promise<DeliveryAttempt> => {
    const body = JSON.stringify(envelope);
    const sentAt = now();
    const headers = signStandardWebhook(
      options.secret,
      envelope.detail.changeId,
      Math.floor(sentAt.getTime() / 1000),
      body,
    );
    const base = { changeId: envelope.detail.changeId, attempt: number, at: sentAt.toISOString() };
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
      });
      await response.arrayBuffer();
      return { ...base, status: response.status, delivered: response.ok };
    } catch (error) {
      const message =
        error instanceof Error ? ((error.cause as Error)?.message ?? error.message) : String(error);
      return { ...base, status: null, error: message, delivered: false };
    }
  };

  const deliver = async (envelope: SessionChangedEnvelope) => {
    for (let number = 1; ; number++) {
      const result = await attempt(envelope, number);
      options.onAttempt?.(result);
      if (result.delivered) return;
      const delay = delays[number - 1];
      if (delay === undefined || abort.signal.aborted) {
        options.onUndelivered?.(envelope, result);
        return;
      }
      await wait(delay, undefined, { signal: abort.signal }).catch(() => undefined);
    }
  };

  return {
    forward(envelope) {
      const delivery = deliver(envelope).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
    stop: () => abort.abort(),
  };
}
