// What the consumer did with each delivery, read back from the one log line it writes per webhook,
// as a Logs Insights query reads it on AWS. The session history keeps distinct events only; these
// lines are where local mode sees every delivery, duplicates included, without the consumer doing
// anything it does not also do on AWS.
import type { MessageOutcome } from '../functions/processing/process-batch.js';
import { SessionMemory } from './session-memory.js';

type Verdict = MessageOutcome['outcome'];
const VERDICTS: ReadonlySet<string> = new Set<Verdict>([
  'applied',
  'stale',
  'duplicate',
  'quarantined',
  'failed',
]);

/** One delivery as the consumer logged it: ids and codes only, as every log line is. */
export interface ConsumedDelivery {
  readonly outcome: Verdict;
  readonly provider?: string;
  readonly sessionId?: string;
  readonly eventId?: string;
  /** The ingest's request id: one per delivery by the provider, the same for an SQS redelivery. */
  readonly requestId?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * The delivery a line of standard output reports, or undefined for any other line. The consumer's
 * line is the one whose `outcome` is a consumer's verdict (the ingest's says `accepted`); the SQS
 * message id, which it logs only for quarantined and failed messages, is not needed: the request
 * id tells deliveries apart.
 */
export function consumedDelivery(line: string): ConsumedDelivery | undefined {
  // Cheap checks first: every other line (the publisher's, the change lines) is skipped unparsed.
  if (!line.startsWith('{') || !line.includes('"outcome"')) return undefined;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const outcome = text(fields.outcome);
  if (outcome === undefined || !VERDICTS.has(outcome)) return undefined;
  const optional = (name: 'provider' | 'sessionId' | 'eventId' | 'requestId') => {
    const value = text(fields[name]);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    outcome: outcome as Verdict,
    ...optional('provider'),
    ...optional('sessionId'),
    ...optional('eventId'),
    ...optional('requestId'),
  };
}

/** How often an event was delivered, as far as the consumer received it. */
export interface EventDeliveries {
  /** Distinct deliveries: request ids the event arrived under, in the order they were consumed. */
  readonly requestIds: readonly string[];
}

/** Request ids kept per event: a provider retrying more often than this is counted no further. */
const MAX_REQUESTS_PER_EVENT = 1_000;

/**
 * Deliveries per event of each session. A failed delivery is not counted: SQS delivers it again
 * under the same request id, and that delivery is. A delivery counts once per request id, so an
 * SQS redelivery is not taken for a duplicate sent by the provider.
 */
export class DeliveryLog {
  private readonly sessions = new SessionMemory<Map<string, Set<string>>>(() => new Map());

  /** Records a delivery; returns whether it concerned a session (and so changed what is known). */
  record(delivery: ConsumedDelivery): boolean {
    const { provider, sessionId, eventId, requestId, outcome } = delivery;
    if (outcome === 'failed' || outcome === 'quarantined') return false;
    if (!provider || !sessionId || !eventId || !requestId) return false;
    const events = this.sessions.write(provider, sessionId);
    let requests = events.get(eventId);
    if (!requests) {
      requests = new Set();
      events.set(eventId, requests);
    }
    if (requests.size < MAX_REQUESTS_PER_EVENT) requests.add(requestId);
    return true;
  }

  /** The deliveries of each event of a session, by event id. */
  of(provider: string, sessionId: string): ReadonlyMap<string, EventDeliveries> {
    const events = this.sessions.read(provider, sessionId) ?? new Map<string, Set<string>>();
    return new Map(
      [...events].map(([eventId, requests]) => [eventId, { requestIds: [...requests] }]),
    );
  }
}

type Write = typeof process.stdout.write;

/** Longest partial line kept while waiting for its end; a longer one is dropped, not parsed. */
const MAX_PENDING_CHARS = 1_000_000;

/**
 * Calls `listener` with every complete line written to `stream` from now on, and still writes
 * everything through. Returns the function that stops listening.
 */
export function tapLines(stream: NodeJS.WriteStream, listener: (line: string) => void): () => void {
  const original = stream.write;
  // Usually inherited from the stream's prototype: then put back by removing the own property.
  const own = Object.hasOwn(stream, 'write');
  let pending = '';
  let listening = true;
  const tap = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    if (listening) {
      pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > MAX_PENDING_CHARS) pending = '';
      for (const line of lines) {
        try {
          listener(line);
        } catch {
          // What listens must never break what is written.
        }
      }
    }
    return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  stream.write = tap as Write;
  return () => {
    listening = false;
    if (stream.write !== (tap as Write)) return;
    if (own) stream.write = original;
    else Reflect.deleteProperty(stream, 'write');
  };
}
