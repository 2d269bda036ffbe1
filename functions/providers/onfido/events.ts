// Reads an Onfido webhook, `{ payload: { resource_type, action, object: { id, status,
// completed_at_iso8601, href } } }`, into a session event: the session is the resource itself
// (a workflow run, or a check of the classic API). Onfido sends no event id, so one is derived
// (docs/state-machine.md, "Onfido"). The payload names no applicant data, and nothing else is read.
import * as v from 'valibot';
import {
  AnyValue,
  boundedText,
  type Delivery,
  derivedId,
  Identifier,
  isoTimeMs,
  type ParsedEvent,
  parsePayload,
  present,
  sessionEvent,
  tooLong,
  toSeconds,
} from '../event-parsing.js';

const OnfidoWebhook = v.object({
  payload: v.object({
    resource_type: AnyValue,
    action: AnyValue,
    object: v.object({ id: Identifier, status: AnyValue, completed_at_iso8601: AnyValue }),
  }),
});

export function parseOnfidoEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const parsed = parsePayload(OnfidoWebhook, body);
  if (!parsed.ok) return parsed;
  const { resource_type, action, object } = parsed.payload.payload;
  const sessionId = object.id;
  if (tooLong(sessionId)) return { ok: false, reason: 'id_too_long' };
  const resourceType = boundedText(resource_type) ?? null;
  const type = boundedText(action) ?? 'unknown';
  const status = boundedText(object.status) ?? null;
  const completedAt = boundedText(object.completed_at_iso8601) ?? null;
  const atMs = isoTimeMs(completedAt);
  const occurredAt = toSeconds(atMs);
  const event = sessionEvent(delivery, {
    eventId: derivedId('of_', [resourceType, type, sessionId, status, completedAt]),
    sessionId,
    type,
    occurredAt,
    detail: present({
      resourceType: resourceType ?? undefined,
      status: status ?? undefined,
      completedAt: completedAt ?? undefined,
      atMs,
    }),
  });
  return { ok: true, event };
}
