// Reads every kind of Veriff webhook into a session event. One route takes them all, so the kind
// is told by shape: a `verification` object is a decision, `checkType` a watchlist screening,
// `eventType` a user-defined status or full-auto result, a numeric `code` an event webhook.
// Veriff sends no event id, so one is derived from the content (docs/state-machine.md, "Veriff
// event ids"). `person`, `document`, `additionalVerifiedData` and `technicalData` are personal
// data: the schemas below never read them.
import * as v from 'valibot';
import { canonicalJson } from '../../sessions/canonical-json.js';
import type { DetailValue } from '../../sessions/session-event.js';
import {
  AnyValue,
  boundedText,
  type Delivery,
  derivedId,
  Identifier,
  type ParsedEvent,
  present,
  readJson,
  sessionEvent,
  tooLong,
  validatePayload,
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

/** Veriff's documented limit of `vendorData`; a longer value is not kept. */
export const MAX_VENDOR_DATA_LENGTH = 1000;

const optionalText = v.optional(v.nullable(v.string()));
/** The event webhook payload; unknown fields are ignored. */
const VeriffEventPayload = v.object({
  id: Identifier,
  attemptId: optionalText,
  code: v.pipe(v.number(), v.integer()),
  action: optionalText,
  context: v.optional(v.nullable(v.object({ reason: optionalText, state: optionalText }))),
  vendorData: AnyValue,
  endUserId: AnyValue,
});

/** The decision webhook payload: only codes, ids and times of `verification` are read. */
const VeriffDecisionPayload = v.object({
  verification: v.object({
    id: Identifier,
    attemptId: optionalText,
    status: Identifier,
    code: AnyValue,
    reason: AnyValue,
    reasonCode: AnyValue,
    decisionTime: optionalText,
    acceptanceTime: optionalText,
    vendorData: AnyValue,
    endUserId: AnyValue,
    riskLabels: v.optional(
      v.nullable(v.array(v.object({ label: AnyValue, category: AnyValue }))),
      null,
    ),
  }),
});

/** Watchlist screening, user-defined status and full-auto webhooks: recognised, not applied. */
const VeriffOtherPayload = v.object({
  sessionId: optionalText,
  attemptId: optionalText,
  checkType: AnyValue,
  eventType: AnyValue,
  matchStatus: AnyValue,
  data: v.optional(
    v.nullable(v.object({ verification: v.optional(v.nullable(v.object({ id: optionalText }))) })),
  ),
  verification: v.optional(v.nullable(v.object({ id: optionalText }))),
  id: AnyValue,
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
  const { sessionId, attemptId, code, action, reason, state } = fields;
  return derivedId('vf_', [sessionId, attemptId, code, action, reason, state]);
}

/** A decision's id: the same session, attempt, status, codes and decision time are one decision. */
export function veriffDecisionId(fields: {
  sessionId: string;
  attemptId: string | null;
  status: string;
  code: number | null;
  reasonCode: number | string | null;
  decisionTime: string | null;
}): string {
  const { sessionId, attemptId, status, code, reasonCode, decisionTime } = fields;
  return derivedId('vd_', [sessionId, attemptId, status, code, reasonCode, decisionTime]);
}

/** The integrator's identifiers of the end-user, as facts (not personal data by Veriff's rules). */
function endUser(payload: { vendorData?: unknown; endUserId?: unknown }) {
  const { vendorData, endUserId } = payload;
  return {
    vendorData:
      typeof vendorData === 'string' && vendorData.length <= MAX_VENDOR_DATA_LENGTH
        ? vendorData
        : undefined,
    endUserId: boundedText(endUserId),
  };
}

/**
 * A decision code as Veriff documents it (an integer), also when a sender quotes it ("9001");
 * anything else is not kept: the status string, not the code, drives the state.
 */
function decisionCode(value: unknown): number | null {
  const code = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  return typeof code === 'number' && Number.isSafeInteger(code) ? code : null;
}

/** A reason code: Veriff sends a number, some integrations a string; kept as sent when short. */
function reasonCodeOf(value: unknown): number | string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return boundedText(value) ?? null;
}

/** An ISO 8601 time as unix seconds, or undefined. */
function unixSeconds(time: string | null | undefined): number | undefined {
  const ms = time ? Date.parse(time) : Number.NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/** The shapes one route receives; `eventType` covers user-defined status and full-auto webhooks. */
type Kind = 'event' | 'decision' | 'watchlist_screening' | 'eventType';

function kindOf(json: unknown): Kind {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'event';
  const body = json as Record<string, unknown>;
  if (typeof body.verification === 'object' && body.verification !== null) return 'decision';
  if (typeof body.checkType === 'string') return 'watchlist_screening';
  if (typeof body.eventType === 'string') return 'eventType';
  return 'event';
}

function readEvent(json: unknown, delivery: Delivery): ParsedEvent {
  const parsed = validatePayload(VeriffEventPayload, json);
  if (!parsed.ok) return parsed;
  const { id: sessionId, code, context } = parsed.payload;
  const attemptId = parsed.payload.attemptId ?? null;
  const action = parsed.payload.action ?? null;
  const reason = context?.reason ?? null;
  const state = context?.state ?? null;
  if (tooLong(sessionId, attemptId, action, reason, state))
    return { ok: false, reason: 'id_too_long' };
  const event = sessionEvent(delivery, {
    eventId: veriffEventId({ sessionId, attemptId, code, action, reason, state }),
    sessionId,
    type: VERIFF_ACTIONS[code] ?? action ?? `code_${code}`,
    detail: present({
      code,
      attemptId,
      reason: reason ?? undefined,
      state: state ?? undefined,
      ...endUser(parsed.payload),
    }),
  });
  return { ok: true, event };
}

function readDecision(json: unknown, delivery: Delivery): ParsedEvent {
  const parsed = validatePayload(VeriffDecisionPayload, json);
  if (!parsed.ok) return parsed;
  const decision = parsed.payload.verification;
  const sessionId = decision.id;
  const attemptId = decision.attemptId ?? null;
  const { status } = decision;
  const code = decisionCode(decision.code);
  const reasonCode = reasonCodeOf(decision.reasonCode);
  const decisionTime = decision.decisionTime ?? null;
  if (tooLong(sessionId, attemptId, status, decisionTime)) {
    return { ok: false, reason: 'id_too_long' };
  }
  const riskLabels: DetailValue[] = (decision.riskLabels ?? []).flatMap(({ label, category }) => {
    const name = boundedText(label);
    return name === undefined ? [] : [[name, boundedText(category) ?? null]];
  });
  const occurredAt = unixSeconds(decisionTime);
  const event = sessionEvent(delivery, {
    eventId: veriffDecisionId({ sessionId, attemptId, status, code, reasonCode, decisionTime }),
    sessionId,
    type: `decision.${status}`,
    occurredAt,
    detail: present({
      attemptId,
      status,
      code: code ?? undefined,
      reason: boundedText(decision.reason),
      reasonCode: reasonCode ?? undefined,
      decisionTime: decisionTime ?? undefined,
      acceptanceTime: boundedText(decision.acceptanceTime),
      riskLabels: riskLabels.length > 0 ? riskLabels : undefined,
      ...endUser(decision),
    }),
  });
  return { ok: true, event };
}

/**
 * Webhook kinds that do not move a verification session (watchlist screening, user-defined
 * status, full auto): kept in the session's history as not applied, never quarantined. Their
 * content (screening hits are personal data) is only hashed into the event id.
 */
function readOtherKind(json: unknown, kind: Kind, delivery: Delivery): ParsedEvent {
  const parsed = validatePayload(VeriffOtherPayload, json);
  if (!parsed.ok) return parsed;
  const body = parsed.payload;
  const sessionId =
    body.sessionId ||
    body.data?.verification?.id ||
    body.verification?.id ||
    (typeof body.id === 'string' ? body.id : null);
  if (!sessionId) return { ok: false, reason: 'missing_session_id' };
  const attemptId = body.attemptId ?? null;
  if (tooLong(sessionId, attemptId)) return { ok: false, reason: 'id_too_long' };
  const subtype = boundedText(kind === 'watchlist_screening' ? body.checkType : body.eventType);
  const event = sessionEvent(delivery, {
    eventId: derivedId('vo_', [kind, canonicalJson(json)]),
    sessionId,
    type: kind === 'watchlist_screening' ? `${kind}.${subtype ?? 'unknown'}` : (subtype ?? kind),
    detail: present({
      kind,
      attemptId,
      matchStatus: kind === 'watchlist_screening' ? boundedText(body.matchStatus) : undefined,
    }),
  });
  return { ok: true, event };
}

export function parseVeriffEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const read = readJson(body);
  if (!read.ok) return read;
  const kind = kindOf(read.json);
  if (kind === 'event') return readEvent(read.json, delivery);
  if (kind === 'decision') return readDecision(read.json, delivery);
  return readOtherKind(read.json, kind, delivery);
}
