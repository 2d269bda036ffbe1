// What every provider's event parser returns: one session event, or why the body cannot be tied
// to a session (the consumer quarantines it with that reason).
import * as v from 'valibot';
import type { SessionEvent } from '../sessions/session-event.js';

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
