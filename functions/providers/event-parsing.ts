// What every provider's event parser returns: one session event, or why the body cannot be tied
// to a session (the consumer quarantines it with that reason).
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import type { EventDetail, SessionEvent } from '../sessions/session-event.js';

export type QuarantineReason =
  | 'not_json'
  | 'invalid_shape'
  | 'missing_session_id'
  | 'id_too_long'
  | 'undecodable_message'
  | 'unknown_provider'
  | 'session_event_limit';

export type ParsedEvent =
  | { readonly ok: true; readonly event: SessionEvent }
  | { readonly ok: false; readonly reason: QuarantineReason; readonly detail?: string };

/** What the consumer knows about a delivery besides its body. */
export interface Delivery {
  readonly receivedAt: number;
  readonly requestId: string;
}

/** Ids become DynamoDB keys (at most 2 KB); anything this long is not a real provider id. */
export const MAX_ID_LENGTH = 256;

/** An identifier: a non-empty string of bounded length (longer ones are reported, not cut). */
export const Identifier = v.pipe(v.string(), v.minLength(1));

/**
 * A field of a provider's envelope read as `unknown`: providers add fields and change types in
 * new versions, so what is beyond the envelope is kept only where it turns out well typed.
 */
export const AnyValue = v.optional(v.unknown());

/** The path of the first schema problem, for the quarantine record: a location, never a value. */
function shapeProblem(issues: readonly v.BaseIssue<unknown>[]): string {
  const [first] = issues;
  if (!first) return 'unknown';
  return `${v.getDotPath(first) ?? '(root)'}: expected ${first.expected ?? 'valid value'}`;
}

type Unparsed = { readonly ok: false; readonly reason: QuarantineReason; readonly detail?: string };

/** The body as JSON, or why not. A failure never quotes the body, which may hold PII. */
export function readJson(
  body: Uint8Array,
): { readonly ok: true; readonly json: unknown } | Unparsed {
  try {
    return { ok: true, json: JSON.parse(Buffer.from(body).toString('utf8')) };
  } catch {
    return { ok: false, reason: 'not_json' };
  }
}

/** Validates parsed JSON against a payload schema; a failure names the path, never the value. */
export function validatePayload<Schema extends v.GenericSchema>(
  schema: Schema,
  json: unknown,
): { readonly ok: true; readonly payload: v.InferOutput<Schema> } | Unparsed {
  const parsed = v.safeParse(schema, json);
  return parsed.success
    ? { ok: true, payload: parsed.output }
    : { ok: false, reason: 'invalid_shape', detail: shapeProblem(parsed.issues) };
}

/** Reads the body as JSON of the provider's payload schema. */
export function parsePayload<Schema extends v.GenericSchema>(
  schema: Schema,
  body: Uint8Array,
): { readonly ok: true; readonly payload: v.InferOutput<Schema> } | Unparsed {
  const read = readJson(body);
  return read.ok ? validatePayload(schema, read.json) : read;
}

export const tooLong = (...ids: (string | null | undefined)[]): boolean =>
  ids.some((id) => (id?.length ?? 0) > MAX_ID_LENGTH);

/**
 * A provider code or short text kept as a fact (a rejection reason, a check type): a non-empty
 * string of at most MAX_ID_LENGTH characters. Anything else is not kept, and the event is still
 * applied: an oversized code must not cost the status change that came with it.
 */
export const boundedText = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' && value.length <= MAX_ID_LENGTH ? value : undefined;

/** `fields` without the keys whose value is undefined: absent facts take no bytes in the history. */
export function present<T extends Record<string, unknown>>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
}

/**
 * A deterministic event id for a provider that sends none: `prefix` and 128 bits of the SHA-256 of
 * the JSON array `tuple` of the fields that make an event distinct. JSON encoding of an array of
 * strings, numbers and nulls is injective, so distinct tuples never share an input, and 128 bits
 * keep accidental collisions out of reach. An identical redelivery gets the same id.
 */
export function derivedId(prefix: string, tuple: readonly unknown[]): string {
  return `${prefix}${createHash('sha256').update(JSON.stringify(tuple)).digest('hex').slice(0, 32)}`;
}

/** Unix seconds of an epoch-milliseconds time: `SessionEvent.occurredAt`'s unit. */
export const toSeconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.floor(ms / 1000);

/** An ISO 8601 time as epoch milliseconds, or undefined when it is not one. */
export function isoTimeMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '' || value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A non-negative whole number of unix seconds, or undefined. */
export const unixSeconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

/** `value` when it is a plain JSON object (not an array), else undefined. */
export const jsonObject = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** What a parser reads from a body; the delivery adds when and by which request it came. */
export interface EventFields {
  readonly eventId: string;
  readonly sessionId: string;
  readonly type: string;
  /** The provider's time in unix seconds, undefined when it sends none. */
  readonly occurredAt?: number | undefined;
  readonly detail: EventDetail;
}

/** The session event of `fields` received in `delivery`. */
export function sessionEvent(delivery: Delivery, fields: EventFields): SessionEvent {
  const { occurredAt, ...rest } = fields;
  return {
    ...rest,
    ...(occurredAt === undefined ? {} : { occurredAt }),
    receivedAt: delivery.receivedAt,
    requestId: delivery.requestId,
  };
}
