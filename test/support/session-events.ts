// Session events as the provider parsers produce them, built directly for engine and store tests.
import { present } from '../../functions/providers/event-parsing.js';
import {
  VERIFF_ACTIONS,
  veriffDecisionId,
  veriffEventId,
} from '../../functions/providers/veriff/events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';

export interface CasaPayEventOptions {
  readonly id: string;
  /** CasaPay `created`, unix seconds. */
  readonly at: number;
  readonly session?: string;
  readonly objectId?: string;
  readonly report?: string;
  readonly documentType?: string;
  readonly rejectionReason?: string;
  readonly checkType?: string;
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
    detail: present({
      object,
      objectId: options.objectId ?? (object === 'verification_session' ? session : null),
      report: options.report,
      documentType: options.documentType,
      rejectionReason: options.rejectionReason,
      checkType: options.checkType,
    }),
  };
}

export interface VeriffEventOptions {
  readonly session?: string;
  readonly attemptId?: string | null;
  readonly reason?: string | null;
  readonly state?: string | null;
  readonly vendorData?: string;
}

export const VERIFF_SESSION = 'f04bdb47-d3be-4b28-b028-a652feb060b5';

export function veriffEvent(code: number, options: VeriffEventOptions = {}): SessionEvent {
  const sessionId = options.session ?? VERIFF_SESSION;
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
    detail: present({
      code,
      attemptId,
      reason: reason ?? undefined,
      state: state ?? undefined,
      vendorData: options.vendorData,
    }),
  };
}

export interface VeriffDecisionOptions {
  readonly session?: string;
  readonly attemptId?: string | null;
  /** ISO time; null for a decision that says no time. */
  readonly at?: string | null;
  readonly code?: number;
  readonly reason?: string;
  readonly reasonCode?: number;
  readonly acceptanceTime?: string;
  readonly riskLabels?: readonly [string, string | null][];
  readonly vendorData?: string;
}

/** A decision webhook's event, as `parseVeriffEvent` reads it. */
export function veriffDecision(status: string, options: VeriffDecisionOptions = {}): SessionEvent {
  const sessionId = options.session ?? VERIFF_SESSION;
  const attemptId = options.attemptId === undefined ? 'attempt-1' : options.attemptId;
  const decisionTime = options.at === undefined ? '2026-11-24T12:00:00.000Z' : options.at;
  const code = options.code ?? null;
  const reasonCode = options.reasonCode ?? null;
  return {
    eventId: veriffDecisionId({ sessionId, attemptId, status, code, reasonCode, decisionTime }),
    sessionId,
    type: `decision.${status}`,
    ...(decisionTime ? { occurredAt: Math.floor(Date.parse(decisionTime) / 1000) } : {}),
    receivedAt: 1_790_000_000_000,
    requestId: 'req',
    detail: present({
      attemptId,
      status,
      code: code ?? undefined,
      reason: options.reason,
      reasonCode: reasonCode ?? undefined,
      decisionTime: decisionTime ?? undefined,
      acceptanceTime: options.acceptanceTime,
      riskLabels: options.riskLabels?.map(([label, category]) => [label, category]),
      vendorData: options.vendorData,
    }),
  };
}
