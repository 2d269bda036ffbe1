// Checks that what a load run got accepted is what the pipeline stored: every webhook answered 200
// is in its session's history exactly once, and nothing else is.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { providerAdapters } from '../../functions/providers/registry.js';
import { DynamoDbSessionStore } from '../../functions/storage/dynamodb-session-store.js';
import type { SentWebhook } from './driver.js';

export interface Verification {
  readonly acceptedEvents: number;
  readonly storedEvents: number;
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly duplicated: readonly string[];
}

const adapters = providerAdapters();

/** The event id a body stands for, as the consumer derives it. */
function eventIdOf(webhook: SentWebhook): string {
  const parsed = adapters
    .get(webhook.provider)
    ?.parseEvent(Buffer.from(webhook.body), { receivedAt: 0, requestId: '' });
  if (!parsed?.ok) throw new Error(`a load webhook did not parse: ${parsed?.reason}`);
  return parsed.event.eventId;
}

export async function verifyStored(
  dynamodb: DynamoDBClient,
  sessionsTable: string,
  sent: readonly SentWebhook[],
): Promise<Verification> {
  const store = new DynamoDbSessionStore(dynamodb, sessionsTable);
  const expected = new Map<string, Set<string>>();
  for (const webhook of sent.filter((s) => s.status === 200)) {
    const key = `${webhook.provider}\n${webhook.sessionId}`;
    expected.set(key, (expected.get(key) ?? new Set()).add(eventIdOf(webhook)));
  }
  const missing: string[] = [];
  const unexpected: string[] = [];
  const duplicated: string[] = [];
  let storedEvents = 0;
  for (const [key, eventIds] of expected) {
    const [provider = '', sessionId = ''] = key.split('\n');
    const stored =
      (await store.load(provider, sessionId, { consistent: true }))?.events.map((e) => e.eventId) ??
      [];
    storedEvents += stored.length;
    const seen = new Set<string>();
    for (const id of stored) {
      if (seen.has(id)) duplicated.push(id);
      seen.add(id);
      if (!eventIds.has(id)) unexpected.push(id);
    }
    for (const id of eventIds) if (!seen.has(id)) missing.push(id);
  }
  const acceptedEvents = [...expected.values()].reduce((sum, ids) => sum + ids.size, 0);
  return { acceptedEvents, storedEvents, missing, unexpected, duplicated };
}
