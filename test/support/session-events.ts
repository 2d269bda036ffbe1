// Session events as the provider parsers produce them, built directly for engine and store tests.
import { VERIFF_ACTIONS, veriffEventId } from '../../functions/providers/veriff/events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';

export interface CasaPayEventOptions {
  readonly id: string;
  /** CasaPay `created`, unix seconds. */
  readonly at: number;
  readonly session?: string;
  readonly objectId?: string;
  readonly report?: string;
}

export function casapayEvent(type: string, options: CasaPayEventOptions): SessionEvent {
  const session = options.session ?? 'vs_1';
  const object = type.slice(0, type.lastIndexOf('.'));
  return {
    eventId: options.id,
    sessionId: session,
    type,
    occurredAt: options.at,
    receivedAt: 1_790_000_000_000,
    requestId: `req-${options.id}`,
    detail: {
      object,
      objectId: options.objectId ?? (object === 'verification_session' ? session : null),
      report: options.report ?? null,
    },
  };
}

export interface VeriffEventOptions {
  readonly session?: string;
  readonly attemptId?: string | null;
  readonly reason?: string | null;
  readonly state?: string | null;
}

export function veriffEvent(code: number, options: VeriffEventOptions = {}): SessionEvent {
  const sessionId = options.session ?? 'f04bdb47-d3be-4b28-b028-a652feb060b5';
  const attemptId = options.attemptId === undefined ? 'attempt-1' : options.attemptId;
  const action = VERIFF_ACTIONS[code] ?? null;
  const reason = options.reason ?? null;
  const state = options.state ?? null;
  return {
    eventId: veriffEventId({ sessionId, attemptId, code, action, reason, state }),
    sessionId,
    type: action ?? `code_${code}`,
    receivedAt: 1_790_000_000_000,
    requestId: 'req',
    detail: { code, attemptId, reason, state },
  };
}
