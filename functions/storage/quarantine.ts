// Where messages the consumer cannot tie to a session are kept aside: with their raw body and the
// reason, until replayed after a fix or expired. Never dropped, never retried forever.
import { createHash } from 'node:crypto';
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { QuarantineReason } from '../providers/event-parsing.js';
import { PARTITION_KEY, QUARANTINE_TTL_SECONDS, TTL_ATTRIBUTE } from './tables.js';

export interface QuarantinedMessage {
  readonly messageId: string;
  /** The SQS message body exactly as queued (raw text, or base64 per `attributes.bodyEncoding`). */
  readonly messageBody: string;
  /** The message attributes as queued, so a replay re-sends an identical message. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly provider: string;
  readonly reason: QuarantineReason;
  /** Where the problem is (a JSON path, an event id), never a value from the body. */
  readonly detail?: string;
}

export interface Quarantine {
  keep(message: QuarantinedMessage): Promise<void>;
}

/** Identical messages (a provider retrying the same unreadable body) share one entry. */
export const quarantineKey = (provider: string, messageBody: string): string =>
  createHash('sha256').update(`${provider}\n${messageBody}`).digest('hex');

export class DynamoDbQuarantine implements Quarantine {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async keep(message: QuarantinedMessage): Promise<void> {
    const now = this.now();
    // Every name goes through a placeholder: several of them are DynamoDB reserved words.
    const set = {
      provider: message.provider,
      reason: message.reason,
      detail: message.detail ?? null,
      messageBody: message.messageBody,
      attributes: message.attributes,
      lastMessageId: message.messageId,
      lastQuarantinedAt: now.toISOString(),
      [TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + QUARANTINE_TTL_SECONDS,
    };
    const names = Object.keys(set);
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: { [PARTITION_KEY]: { S: quarantineKey(message.provider, message.messageBody) } },
        UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(', ')}, #first = if_not_exists(#first, :now) ADD #deliveries :one`,
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
          '#first': 'firstQuarantinedAt',
          '#deliveries': 'deliveries',
        },
        ExpressionAttributeValues: marshall({
          ...Object.fromEntries(Object.values(set).map((value, i) => [`:v${i}`, value])),
          ':now': now.toISOString(),
          ':one': 1,
        }),
      }),
    );
  }
}
