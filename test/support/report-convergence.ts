// One property, two stores: CasaPay webhooks through the real consumer and report findings
// through the fetcher's commit path (recordEvents), interleaved in any order with duplicates,
// compared with the reference model. test/unit runs it in memory, test/integration on DynamoDB
// Local.
import fc from 'fast-check';
import { expect } from 'vitest';
import { processBatch } from '../../functions/processing/process-batch.js';
import { casapay } from '../../functions/providers/casapay/adapter.js';
import { recordEvents } from '../../functions/sessions/record-events.js';
import type { SessionEvent } from '../../functions/sessions/session-event.js';
import type { SessionStore } from '../../functions/sessions/session-record.js';
import type { Quarantine } from '../../functions/storage/quarantine.js';
import { redeliveredBatches } from './arbitraries.js';
import { expectSessionsMatchModel } from './model-check.js';
import { sqsRecord } from './sqs-records.js';
import { casapayFinding, casapayWebhook, type GeneratedWebhook } from './webhook-arbitraries.js';

type Delivery =
  | { readonly kind: 'webhook'; readonly webhook: GeneratedWebhook }
  | { readonly kind: 'finding'; readonly event: SessionEvent };

/**
 * One session: findings and webhooks of different sessions never meet (and two sessions cannot
 * share a finding's id, whose claim is per event), so one session gets every combination more.
 */
const SESSIONS = ['vs_a'];

const idOf = (d: Delivery) => (d.kind === 'webhook' ? d.webhook.event.eventId : d.event.eventId);

/** A webhook of `type` (naming report vr_1, for a session status). */
const anchor = (type: string) =>
  casapayWebhook(SESSIONS)
    .filter(
      (w) =>
        w.event.type === type &&
        (!type.startsWith('verification_session.') || w.event.detail.report === 'vr_1'),
    )
    .map((webhook): Delivery => ({ kind: 'webhook', webhook }));

/**
 * Distinct CasaPay webhooks and findings, and an order of delivery with duplicates. Often a
 * `completed` naming vr_1 and a check's outcome are among them, so that findings about vr_1 meet
 * a completed session, its checks, and each other.
 */
export const webhooksAndFindings = (maxLength: number) =>
  fc
    .tuple(
      fc.subarray([
        anchor('verification_session.completed'),
        anchor('identity_check.failed'),
        anchor('identity_check.passed'),
      ]),
      fc.array(
        fc.oneof(
          casapayWebhook(SESSIONS).map((webhook): Delivery => ({ kind: 'webhook', webhook })),
          casapayFinding(SESSIONS).map((event): Delivery => ({ kind: 'finding', event })),
          casapayFinding(SESSIONS).map((event): Delivery => ({ kind: 'finding', event })),
        ),
        { maxLength },
      ),
    )
    .chain(([anchors, rest]) =>
      fc.tuple(...anchors).map((chosen) => {
        const distinct = new Map([...chosen, ...rest].map((d) => [idOf(d), d]));
        return [...distinct.values()];
      }),
    )
    .chain((items) => fc.tuple(fc.constant(items), redeliveredBatches(items, 6)));

/** Delivers every batch, webhooks to the consumer and findings as the fetcher commits them. */
export async function deliverAndCompare(
  sessions: SessionStore,
  quarantine: Quarantine,
  awaitReports: boolean,
  [items, batches]: [Delivery[], Delivery[][]],
): Promise<void> {
  const adapter = casapay({}, { awaitReports });
  const recording = { maxAttempts: 5, now: () => new Date(0), backoff: async () => undefined };
  const ports = {
    adapters: new Map([['casapay', adapter]]),
    sessions,
    quarantine,
    now: () => new Date(0),
    recording,
  };
  for (const batch of batches) {
    const records = batch.flatMap((d) =>
      d.kind === 'webhook' ? [sqsRecord({ provider: 'casapay', body: d.webhook.body })] : [],
    );
    if (records.length > 0) expect((await processBatch(records, ports)).failures).toEqual([]);
    for (const d of batch) {
      if (d.kind === 'finding')
        await recordEvents(sessions, adapter, d.event.sessionId, [d.event], recording);
    }
  }
  await expectSessionsMatchModel(
    sessions,
    items.map((d) => ({
      provider: 'casapay',
      event: d.kind === 'webhook' ? d.webhook.event : d.event,
    })),
    { awaitReports },
  );
}
