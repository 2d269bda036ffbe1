// Reads a Persona webhook (a JSON:API `event` whose payload is the object it is about) into a
// session event of the inquiry. Only ids, the event name, the inquiry's status and
// `reference-id`, and times are read: the inquiry's `name-first`, `birthdate`, `address-*`,
// `fields` and everything in `included` are never named, so they are never kept.
import * as v from 'valibot';
import {
  AnyValue,
  boundedText,
  type Delivery,
  Identifier,
  isoTimeMs,
  jsonObject,
  type ParsedEvent,
  parsePayload,
  present,
  sessionEvent,
  tooLong,
  toSeconds,
} from '../event-parsing.js';

/** The event envelope; what it carries is read as `unknown` and kept only when well typed. */
const PersonaEvent = v.object({
  data: v.object({
    id: Identifier,
    attributes: v.object({ name: Identifier, 'created-at': AnyValue, payload: AnyValue }),
  }),
});

/** The inquiry an object is, or belongs to (`relationships.inquiry.data.id`). */
function inquiryOf(object: Readonly<Record<string, unknown>>): string | undefined {
  if (object.type === 'inquiry') return boundedText(object.id);
  const inquiry = jsonObject(jsonObject(jsonObject(object.relationships)?.inquiry)?.data);
  return typeof inquiry?.id === 'string' && inquiry.id !== '' ? inquiry.id : undefined;
}

export function parsePersonaEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const parsed = parsePayload(PersonaEvent, body);
  if (!parsed.ok) return parsed;
  const { id, attributes } = parsed.payload.data;
  const object = jsonObject(jsonObject(attributes.payload)?.data) ?? {};
  const sessionId = inquiryOf(object);
  if (sessionId === undefined) return { ok: false, reason: 'missing_session_id' };
  if (tooLong(id, attributes.name, sessionId)) return { ok: false, reason: 'id_too_long' };
  const isInquiry = object.type === 'inquiry';
  const inquiry = isInquiry ? (jsonObject(object.attributes) ?? {}) : {};
  const atMs = isoTimeMs(attributes['created-at']);
  const occurredAt = toSeconds(atMs);
  const event = sessionEvent(delivery, {
    eventId: id,
    sessionId,
    type: attributes.name,
    occurredAt,
    detail: present({
      object: boundedText(object.type),
      atMs,
      objectStatus: boundedText(inquiry.status),
      referenceId: boundedText(inquiry['reference-id']),
      createdMs: isInquiry ? isoTimeMs(inquiry['created-at']) : undefined,
    }),
  });
  return { ok: true, event };
}
