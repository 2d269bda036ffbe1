// The consumer's core: turn a batch of queued webhooks into exactly-once session changes.
// Records are decoded and parsed, grouped by session (one read and one commit per session and
// batch), and every record ends as applied, duplicate, quarantined or failed. Only failed records
// are returned to SQS for redelivery.
import { UNKNOWN_PROVIDER } from '../observability/metric-names.js';
import type { ParsedEvent, QuarantineReason } from '../providers/event-parsing.js';
import type { ProviderAdapter } from '../providers/provider.js';
import { fromSqsRecord, type LambdaMessageAttributes } from '../queue/queued-webhook.js';
import { type RecordOptions, recordEvents } from '../sessions/record-events.js';
import type { NotAppliedReason, SessionEvent } from '../sessions/session-event.js';
import type { SessionStore } from '../sessions/session-record.js';
import type { Quarantine } from '../storage/quarantine.js';

export interface ConsumerPorts {
  readonly adapters: ReadonlyMap<string, ProviderAdapter>;
  readonly sessions: SessionStore;
  readonly quarantine: Quarantine;
  readonly now: () => Date;
  readonly recording: RecordOptions;
}

/** The fields of a Lambda SQS record the consumer reads. */
export interface QueueRecord {
  readonly messageId: string;
  readonly body: string;
  readonly messageAttributes: LambdaMessageAttributes;
}

/** What became of one message: the consumer's one log line per webhook. */
export type MessageOutcome = {
  readonly messageId: string;
  readonly provider?: string;
  readonly requestId?: string;
  readonly eventId?: string;
  readonly sessionId?: string;
  /** Receipt by the ingest to state committed, in milliseconds. */
  readonly lagMs?: number;
} & (
  | { readonly outcome: 'applied' }
  | { readonly outcome: 'stale'; readonly reason: NotAppliedReason }
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: 'quarantined'; readonly reason: QuarantineReason }
  | { readonly outcome: 'failed'; readonly error: unknown }
);

export interface BatchResult {
  readonly outcomes: readonly MessageOutcome[];
  /** Message ids to hand back to SQS (ReportBatchItemFailures). */
  readonly failures: readonly string[];
  /** Read-compute-commit rounds per session group: more than one means contention. */
  readonly attempts: readonly { readonly provider: string; readonly attempts: number }[];
}

interface ParsedRecord {
  readonly record: QueueRecord;
  readonly adapter: ProviderAdapter;
  readonly event: SessionEvent;
}

type Parse =
  | { ok: true; parsed: ParsedRecord }
  | { ok: false; provider: string; reason: QuarantineReason; detail?: string };

function parse(record: QueueRecord, adapters: ConsumerPorts['adapters']): Parse {
  const decoded = fromSqsRecord(record.body, record.messageAttributes);
  const provider = record.messageAttributes.provider?.stringValue ?? UNKNOWN_PROVIDER;
  if (!decoded.ok)
    return { ok: false, provider, reason: 'undecodable_message', detail: decoded.problem };
  const adapter = adapters.get(decoded.webhook.provider);
  if (!adapter) return { ok: false, provider, reason: 'unknown_provider' };
  const result: ParsedEvent = adapter.parseEvent(decoded.webhook.body, decoded.webhook);
  if (!result.ok)
    return {
      ok: false,
      provider,
      reason: result.reason,
      ...(result.detail ? { detail: result.detail } : {}),
    };
  return { ok: true, parsed: { record, adapter, event: result.event } };
}

const attributesOf = (attributes: LambdaMessageAttributes): Record<string, string> =>
  Object.fromEntries(
    Object.entries(attributes).flatMap(([name, value]) =>
      value?.stringValue === undefined ? [] : [[name, value.stringValue]],
    ),
  );

export async function processBatch(
  records: readonly QueueRecord[],
  ports: ConsumerPorts,
): Promise<BatchResult> {
  const outcomes: MessageOutcome[] = [];
  const attempts: { provider: string; attempts: number }[] = [];

  const quarantine = async (
    record: QueueRecord,
    provider: string,
    reason: QuarantineReason,
    detail: string | undefined,
    known: Partial<MessageOutcome> = {},
  ) => {
    try {
      await ports.quarantine.keep({
        messageId: record.messageId,
        messageBody: record.body,
        attributes: attributesOf(record.messageAttributes),
        provider,
        reason,
        ...(detail ? { detail } : {}),
      });
      outcomes.push({
        ...known,
        messageId: record.messageId,
        provider,
        outcome: 'quarantined',
        reason,
      });
    } catch (error) {
      outcomes.push({ ...known, messageId: record.messageId, provider, outcome: 'failed', error });
    }
  };

  // Group by session, keeping batch order within a group.
  const groups = new Map<string, ParsedRecord[]>();
  const unreadable: Promise<void>[] = [];
  for (const record of records) {
    const result = parse(record, ports.adapters);
    if (!result.ok) {
      unreadable.push(quarantine(record, result.provider, result.reason, result.detail));
      continue;
    }
    const key = `${result.parsed.adapter.name}\n${result.parsed.event.sessionId}`;
    const group = groups.get(key);
    if (group) group.push(result.parsed);
    else groups.set(key, [result.parsed]);
  }

  const applyGroup = async (group: ParsedRecord[]) => {
    const first = group[0] as ParsedRecord;
    const { adapter } = first;
    const identify = ({ record, event }: ParsedRecord) => ({
      messageId: record.messageId,
      provider: adapter.name,
      requestId: event.requestId,
      eventId: event.eventId,
      sessionId: event.sessionId,
    });
    try {
      const result = await recordEvents(
        ports.sessions,
        adapter,
        first.event.sessionId,
        group.map((p) => p.event),
        ports.recording,
      );
      attempts.push({ provider: adapter.name, attempts: result.attempts });
      const committedAt = ports.now().getTime();
      const byEvent = new Map(result.added.map((entry) => [entry.eventId, entry]));
      const overflow = new Set(result.overflow.map((e) => e.eventId));
      const quarantined: Promise<void>[] = [];
      for (const parsed of group) {
        const { eventId } = parsed.event;
        const known = identify(parsed);
        const entry = byEvent.get(eventId);
        if (overflow.has(eventId)) {
          quarantined.push(
            quarantine(parsed.record, adapter.name, 'session_event_limit', eventId, known),
          );
        } else if (entry) {
          // The first copy of an event in the batch is the one recorded; later copies are duplicates.
          byEvent.delete(eventId);
          const lagMs = committedAt - parsed.event.receivedAt;
          outcomes.push(
            entry.applied
              ? { ...known, lagMs, outcome: 'applied' }
              : { ...known, lagMs, outcome: 'stale', reason: entry.reason ?? 'unknown_event_type' },
          );
        } else {
          outcomes.push({ ...known, outcome: 'duplicate' });
        }
      }
      await Promise.all(quarantined);
    } catch (error) {
      for (const parsed of group) outcomes.push({ ...identify(parsed), outcome: 'failed', error });
    }
  };

  await Promise.all([...unreadable, ...[...groups.values()].map(applyGroup)]);
  const failures = outcomes.filter((o) => o.outcome === 'failed').map((o) => o.messageId);
  return { outcomes, failures, attempts };
}
