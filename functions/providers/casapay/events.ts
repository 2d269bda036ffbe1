// Reads a CasaPay event envelope into a session event. Only ids and the event time are kept:
// applicant names and emails in `data.object` are never read.
import * as v from 'valibot';
import type { SessionEvent } from '../../sessions/session-event.js';
import {
  type Delivery,
  Identifier,
  type ParsedEvent,
  parsePayload,
  tooLong,
} from '../event-parsing.js';

/**
 * The envelope of the CasaPay "Event Object". Unknown fields are ignored (CasaPay makes
 * backwards-compatible additions); `verification_session` on the other objects is an id or an
 * expanded object with an `id`.
 */
const CasaPayEnvelope = v.object({
  id: Identifier,
  type: Identifier,
  created: v.pipe(v.number(), v.integer(), v.minValue(0)),
  data: v.object({
    object: v.object({
      id: v.optional(v.string()),
      object: v.optional(v.string()),
      verification_session: v.optional(
        v.nullable(v.union([v.string(), v.object({ id: v.string() })])),
      ),
      report: v.optional(v.nullable(v.string())),
    }),
  }),
});

type CasaPayObject = v.InferOutput<typeof CasaPayEnvelope>['data']['object'];

/** The session an event is about: the object itself, or the session it points to. */
function sessionIdOf(object: CasaPayObject): string | undefined {
  if (object.object === 'verification_session') return object.id || undefined;
  const session = object.verification_session;
  return (typeof session === 'string' ? session : session?.id) || undefined;
}

export function parseCasaPayEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const parsed = parsePayload(CasaPayEnvelope, body);
  if (!parsed.ok) return parsed;
  const { id, type, created, data } = parsed.payload;
  const sessionId = sessionIdOf(data.object);
  if (sessionId === undefined) return { ok: false, reason: 'missing_session_id' };
  if (tooLong(id, type, sessionId, data.object.id, data.object.report)) {
    return { ok: false, reason: 'id_too_long' };
  }
  const event: SessionEvent = {
    eventId: id,
    sessionId,
    type,
    occurredAt: created,
    receivedAt: delivery.receivedAt,
    requestId: delivery.requestId,
    detail: {
      object: data.object.object ?? null,
      objectId: data.object.id ?? null,
      report: data.object.report ?? null,
    },
  };
  return { ok: true, event };
}
