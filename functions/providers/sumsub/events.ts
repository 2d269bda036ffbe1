// Reads a Sumsub webhook into a session event of the applicant. Sumsub sends no event id, so one
// is derived (docs/state-machine.md, "Sumsub"). Sumsub puts no personal data in webhooks;
// `moderationComment` and `clientComment` (human text, which for FINAL rejections may hold
// private information) are never read all the same.
import * as v from 'valibot';
import { canonicalJson } from '../../sessions/canonical-json.js';
import {
  AnyValue,
  boundedText,
  type Delivery,
  derivedId,
  isoTimeMs,
  jsonObject,
  type ParsedEvent,
  present,
  readJson,
  sessionEvent,
  tooLong,
  toSeconds,
  validatePayload,
} from '../event-parsing.js';

/** The attributes Sumsub's webhooks share; every one is optional in its documentation. */
const SumsubPayload = v.object({
  applicantId: AnyValue,
  type: AnyValue,
  reviewStatus: AnyValue,
  createdAtMs: AnyValue,
  externalUserId: AnyValue,
  levelName: AnyValue,
  reviewResult: AnyValue,
});

/** The most reject labels kept: a review names a handful, and each entry costs history bytes. */
const MAX_REJECT_LABELS = 20;

/**
 * `createdAtMs` as epoch milliseconds: Sumsub documents it as `yyyy-MM-dd HH:mm:ss.fff` in UTC
 * (`2021-05-14 16:00:25.032`); an ISO time or a number of milliseconds is read too.
 */
export function sumsubTimeMs(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const utc = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return isoTimeMs(utc);
}

function rejectLabelsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const labels = value.flatMap((label) => boundedText(label) ?? []).slice(0, MAX_REJECT_LABELS);
  return labels.length === 0 ? undefined : labels;
}

export function parseSumsubEvent(body: Uint8Array, delivery: Delivery): ParsedEvent {
  const read = readJson(body);
  if (!read.ok) return read;
  const parsed = validatePayload(SumsubPayload, read.json);
  if (!parsed.ok) return parsed;
  const payload = parsed.payload;
  const sessionId = typeof payload.applicantId === 'string' ? payload.applicantId : '';
  if (sessionId === '') return { ok: false, reason: 'missing_session_id' };
  const type = boundedText(payload.type) ?? 'unknown';
  if (tooLong(sessionId)) return { ok: false, reason: 'id_too_long' };
  const review = jsonObject(payload.reviewResult);
  const reviewStatus = boundedText(payload.reviewStatus);
  const reviewAnswer = boundedText(review?.reviewAnswer);
  const rejectType = boundedText(review?.reviewRejectType);
  const createdAt =
    typeof payload.createdAtMs === 'number'
      ? payload.createdAtMs
      : boundedText(payload.createdAtMs);
  const atMs = sumsubTimeMs(payload.createdAtMs);
  const occurredAt = toSeconds(atMs);
  const event = sessionEvent(delivery, {
    // A redelivery repeats `createdAtMs`; without it, the content is the identity.
    eventId:
      createdAt === undefined
        ? derivedId('ss_', [sessionId, type, canonicalJson(read.json)])
        : derivedId('ss_', [
            sessionId,
            type,
            createdAt,
            reviewStatus ?? null,
            reviewAnswer ?? null,
            rejectType ?? null,
          ]),
    sessionId,
    type,
    occurredAt,
    detail: present({
      atMs,
      reviewStatus,
      reviewAnswer,
      rejectType,
      rejectLabels: rejectLabelsOf(review?.rejectLabels),
      externalUserId: boundedText(payload.externalUserId),
      levelName: boundedText(payload.levelName),
    }),
  });
  return { ok: true, event };
}
