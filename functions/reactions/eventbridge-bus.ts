// The ChangeBus on EventBridge: one PutEvents call per batch of at most 10 changes.
import {
  type EventBridgeClient,
  type EventBridgeClientConfig,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import type { ChangeBus } from './publish-changes.js';
import { CHANGE_DETAIL_TYPE, CHANGE_SOURCE, type SessionChangeDetail } from './session-change.js';

/** Fail a hung call fast: the stream batch is retried by Lambda, nothing is lost. */
export const EVENTBRIDGE_CLIENT_CONFIG = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
} satisfies EventBridgeClientConfig;

export class EventBridgeChangeBus implements ChangeBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async put(changes: readonly SessionChangeDetail[]): Promise<{ failed: number[] }> {
    const { Entries = [] } = await this.client.send(
      new PutEventsCommand({
        Entries: changes.map((change) => ({
          EventBusName: this.busName,
          Source: CHANGE_SOURCE,
          DetailType: CHANGE_DETAIL_TYPE,
          Time: new Date(change.committedAt),
          Detail: JSON.stringify(change),
        })),
      }),
    );
    // A partial failure answers 200 with an ErrorCode on each refused entry, in request order.
    return {
      failed: Entries.flatMap((entry, index) => (entry.ErrorCode ? [index] : [])),
    };
  }
}
