// Reads a Veriff event webhook into a session event. Veriff sends no event id, so one is derived
// from the content (see docs/state-machine.md, "Veriff event ids"); vendorData and endUserId are
// the integrator's identifiers for the end-user and are not kept.
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import type { SessionEvent } from '../../sessions/session-event.js';
import {
  type Delivery,
  Identifier,
  type ParsedEvent,
  parsePayload,
  tooLong,
} from '../event-parsing.js';

/** Veriff's event codes (the "Possible events over the webhook" table). */
export const VERIFF_ACTIONS: Readonly<Record<number, string>> = {
  7001: 'started',
  7002: 'submitted',
  7007: 'waiting_complete',
  7008: 'waiting_continued',
  7009: 'flow_finished',
  7010: 'flow_cancelled',
  7011: 'document_type_other_selected',
};

const optionalText = v.optional(v.nullable(v.string()));

/** The event webhook payload; unknown fields are ignored. */
const VeriffPayload = v.object({
  id: Identifier,
  attemptId: optionalText,
  code: v.pipe(v.number(), v.integer()),
  action: optionalText,
  context: v.optional(v.nullable(v.object({ reason: optionalText, state: optionalText }))),
});

/**
 * A deterministic id for a Veriff event: the SHA-256 of the JSON array of the fields that make an
 * event distinct. JSON encoding of an array of strings, numbers and nulls is injective, so distinct
 * tuples never share an input; 128 bits of the digest keep accidental collisions out of reach.
 */
export function veriffEventId(fields: {
  sessionId: string;
  attemptId: string | null;
  code: number;
  action: string | null;
  reason: string | null;
  state: string | null;
}): string {
  const tuple = [
    fields.sessionId,
    fields.attemptId,
    fields.code,
    fields.action,
    fields.reason,
    fields.state,
  ];
  return `vf_${createHash('sha256').update(JSON.stringify(tuple)).digest('hex').slice(0, 32)}`;
}

export function parseVeriffEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const parsed = parsePayload(VeriffPayload, body);
  if (!parsed.ok) return parsed;
  const { id: sessionId, code, context } = parsed.payload;
  const attemptId = parsed.payload.attemptId ?? null;
  const action = parsed.payload.action ?? null;
  const reason = context?.reason ?? null;
  const state = context?.state ?? null;
  if (tooLong(sessionId, attemptId, action, reason, state))
    return { ok: false, reason: 'id_too_long' };
  const event: SessionEvent = {
    eventId: veriffEventId({ sessionId, attemptId, code, action, reason, state }),
    sessionId,
    type: VERIFF_ACTIONS[code] ?? action ?? `code_${code}`,
    receivedAt: delivery.receivedAt,
    requestId: delivery.requestId,
    detail: { code, attemptId, reason, state },
  };
  return { ok: true, event };
}
