// Measurement 2, item size: what one commit of a session costs in write units as the session
// grows (1, 10 and 50 events, each provider), and the size of a typical session at its end (the
// lifecycle workloads). Items are built by the real engine and codec, and written to DynamoDB
// Local, whose reported capacity is checked against DynamoDB's billing rule (bench/item-size.ts).
import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type CasaPayEventType, veriffDecisionSample } from '../functions/local/samples.js';
import { providerAdapters } from '../functions/providers/registry.js';
import { addEvents } from '../functions/sessions/engine.js';
import type { HistoryEntry } from '../functions/sessions/session-event.js';
import type { SessionRecord } from '../functions/sessions/session-record.js';
import { toSessionItem } from '../functions/storage/session-item.js';
import { itemSizeBytes, writeUnits } from './item-size.js';
import {
  CASAPAY_LIFECYCLE,
  casapayBody,
  VERIFF_LIFECYCLE,
  veriffBody,
  veriffStepBody,
} from './workload.js';

export interface SessionSize {
  readonly provider: 'casapay' | 'veriff';
  /** `N events` or `lifecycle, N events`. */
  readonly session: string;
  readonly events: number;
  readonly itemBytes: number;
  /** By DynamoDB's rule (a unit per started KB). */
  readonly writeUnits: number;
  /** What DynamoDB Local reported for a PutItem of the item. */
  readonly reportedWriteUnits: number;
}

const adapters = providerAdapters();

/** The session record after `bodies`, as the consumer would commit it. */
function recordAfter(provider: 'casapay' | 'veriff', sessionId: string, bodies: readonly string[]) {
  const adapter = adapters.get(provider);
  if (!adapter) throw new Error(`no ${provider} adapter`);
  let events: readonly HistoryEntry[] = [];
  let record: SessionRecord | undefined;
  const started = Date.now();
  bodies.forEach((body, i) => {
    const parsed = adapter.parseEvent(Buffer.from(body), {
      receivedAt: started + i * 45_000,
      requestId: randomUUID().replaceAll('-', '').slice(0, 16),
    });
    if (!parsed.ok) throw new Error(`${provider} body ${i}: ${parsed.reason}`);
    const { fold } = addEvents(adapter.rules, events, [parsed.event]);
    events = fold.history;
    record = {
      provider,
      sessionId,
      version: i + 1,
      createdAt: new Date(started).toISOString(),
      updatedAt: new Date(started + i * 45_000).toISOString(),
      status: fold.state.status,
      facts: fold.state.facts,
      summary: fold.summary,
      events,
    };
  });
  if (!record) throw new Error('no events');
  return record;
}

/** A CasaPay session of `n` events: its lifecycle's opening, then document uploads and checks. */
function casapayBodies(session: string, n: number): string[] {
  const opening: CasaPayEventType[] = [
    'verification_session.created',
    'verification_session.pending',
    'verification_session.processing',
  ];
  const later: CasaPayEventType[] = [
    'document_upload.processed',
    'document_upload.rejected',
    'identity_check.passed',
  ];
  return Array.from({ length: n }, (_, i) => {
    const type = i < opening.length ? opening[i] : later[i % later.length];
    const objectId = type?.startsWith('document')
      ? `du_${i}`
      : type?.startsWith('identity')
        ? `ic_${i}`
        : undefined;
    return casapayBody(type as CasaPayEventType, session, 1_790_000_000 + i, undefined, objectId);
  });
}

/** A Veriff session of `n` events: attempts of started, submitted and flow events, each decided. */
function veriffBodies(session: string, n: number): string[] {
  const steps = [
    'started',
    'submitted',
    'waiting_continued',
    'flow_finished',
    'waiting_complete',
  ] as const;
  const bodies: string[] = [];
  for (let attempt = 0; bodies.length < n; attempt++) {
    const attemptId = `${attempt}`.padStart(8, '0') + session.slice(8);
    for (const step of steps)
      if (bodies.length < n) bodies.push(veriffBody(step, session, attemptId));
    if (bodies.length < n)
      bodies.push(
        veriffDecisionSample(bodies.length + 1 < n ? 'resubmission_requested' : 'approved', {
          session,
          attemptId,
          decisionTime: new Date(Date.UTC(2026, 10, 24, 12, attempt)),
        }),
      );
  }
  return bodies;
}

export async function measureSessionSizes(
  client: DynamoDBClient,
  tableName: string,
): Promise<SessionSize[]> {
  const sizes: SessionSize[] = [];
  const measure = async (
    provider: 'casapay' | 'veriff',
    session: string,
    record: SessionRecord,
  ) => {
    const item = toSessionItem(record);
    const { ConsumedCapacity } = await client.send(
      new PutItemCommand({ TableName: tableName, Item: item, ReturnConsumedCapacity: 'TOTAL' }),
    );
    sizes.push({
      provider,
      session,
      events: record.events.length,
      itemBytes: itemSizeBytes(item),
      writeUnits: writeUnits(item),
      reportedWriteUnits: ConsumedCapacity?.CapacityUnits ?? Number.NaN,
    });
  };
  const casapaySession = `vs_${randomUUID().slice(0, 12)}`;
  const veriffSession = randomUUID();
  await measure(
    'casapay',
    `lifecycle, ${CASAPAY_LIFECYCLE.length} events`,
    recordAfter(
      'casapay',
      casapaySession,
      CASAPAY_LIFECYCLE.map((type, i) => casapayBody(type, casapaySession, 1_790_000_000 + i)),
    ),
  );
  await measure(
    'veriff',
    `lifecycle, ${VERIFF_LIFECYCLE.length} events`,
    recordAfter(
      'veriff',
      veriffSession,
      VERIFF_LIFECYCLE.map((step) => veriffStepBody(step, veriffSession)),
    ),
  );
  for (const n of [1, 10, 50]) {
    const c = `vs_${randomUUID().slice(0, 12)}`;
    await measure('casapay', `${n} events`, recordAfter('casapay', c, casapayBodies(c, n)));
    const v = randomUUID();
    await measure('veriff', `${n} events`, recordAfter('veriff', v, veriffBodies(v, n)));
  }
  return sizes;
}
