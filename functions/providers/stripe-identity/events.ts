// Reads a Stripe event about an Identity VerificationSession into a session event. Only ids,
// codes and times are read: `verified_outputs` (name, date of birth, address, id number),
// `metadata`, `last_error.reason` and every other field are never named, so they are never kept.
import * as v from 'valibot';
import {
  AnyValue,
  boundedText,
  type Delivery,
  Identifier,
  jsonObject,
  type ParsedEvent,
  parsePayload,
  present,
  sessionEvent,
  tooLong,
  unixSeconds,
} from '../event-parsing.js';

/**
 * Stripe's Event object. Stripe adds fields and event types in new API versions, so everything
 * beyond the envelope is read as `unknown` and kept only when it has the expected type.
 */
const StripeEvent = v.object({
  id: Identifier,
  type: Identifier,
  created: v.pipe(v.number(), v.integer(), v.minValue(0)),
  data: v.optional(v.nullable(v.object({ object: AnyValue }))),
});

/** The session's own object type in Stripe's API. */
export const SESSION_OBJECT = 'identity.verification_session';

/** An id, or the id of an expanded object (Stripe expands `last_verification_report` on request). */
const idOf = (value: unknown): string | undefined =>
  boundedText(value) ?? boundedText(jsonObject(value)?.id);

export function parseStripeIdentityEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const parsed = parsePayload(StripeEvent, body);
  if (!parsed.ok) return parsed;
  const { id, type, created, data } = parsed.payload;
  const object = jsonObject(data?.object) ?? {};
  const isSession = object.object === SESSION_OBJECT;
  const sessionId = isSession
    ? typeof object.id === 'string' && object.id !== ''
      ? object.id
      : undefined
    : idOf(object.verification_session);
  if (sessionId === undefined) return { ok: false, reason: 'missing_session_id' };
  if (tooLong(id, type, sessionId)) return { ok: false, reason: 'id_too_long' };
  const lastError = jsonObject(object.last_error);
  const sessionCreated = isSession ? unixSeconds(object.created) : undefined;
  const event = sessionEvent(delivery, {
    eventId: id,
    sessionId,
    type,
    occurredAt: created,
    detail: present({
      object: boundedText(object.object),
      objectStatus: isSession ? boundedText(object.status) : undefined,
      lastError: isSession ? boundedText(lastError?.code) : undefined,
      report: isSession ? idOf(object.last_verification_report) : undefined,
      clientReferenceId: isSession ? boundedText(object.client_reference_id) : undefined,
      createdMs: sessionCreated === undefined ? undefined : sessionCreated * 1000,
    }),
  });
  return { ok: true, event };
}
