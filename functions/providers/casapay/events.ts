// Reads a CasaPay event envelope into a session event. Only ids, codes and times are kept:
// applicant names and emails in `data.object` are never read.
import * as v from 'valibot';
import {
  boundedText,
  type Delivery,
  Identifier,
  type ParsedEvent,
  parsePayload,
  present,
  sessionEvent,
  tooLong,
  unixSeconds,
} from '../event-parsing.js';

const optionalText = v.optional(v.nullable(v.unknown()));

/**
 * The envelope of the CasaPay "Event Object". Unknown fields are ignored (CasaPay makes
 * backwards-compatible additions); `verification_session` on the other objects is an id or an
 * expanded object with an `id`. The codes kept as facts are read as `unknown` and kept only when
 * they are short strings, so a surprising value never quarantines an event.
 */
const CasaPayEnvelope = v.object({
  id: Identifier,
  type: Identifier,
  created: v.pipe(v.number(), v.integer(), v.minValue(0)),
  data: v.object({
    object: v.object({
      id: v.optional(v.string()),
      object: v.optional(v.string()),
      created: optionalText,
      verification_session: v.optional(
        v.nullable(v.union([v.string(), v.object({ id: v.string() })])),
      ),
      report: v.optional(v.nullable(v.string())),
      document_type: optionalText,
      rejection_reason: optionalText,
      check_type: optionalText,
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
  const object = data.object;
  const sessionId = sessionIdOf(object);
  if (sessionId === undefined) return { ok: false, reason: 'missing_session_id' };
  if (tooLong(id, type, sessionId, object.id, object.report)) {
    return { ok: false, reason: 'id_too_long' };
  }
  const isSession = object.object === 'verification_session';
  const event = sessionEvent(delivery, {
    eventId: id,
    sessionId,
    type,
    occurredAt: created,
    detail: present({
      object: object.object ?? null,
      objectId: object.id ?? null,
      report: object.report || undefined,
      sessionCreated: isSession ? unixSeconds(object.created) : undefined,
      documentType: boundedText(object.document_type),
      rejectionReason: boundedText(object.rejection_reason),
      checkType: boundedText(object.check_type),
    }),
  });
  return { ok: true, event };
}
