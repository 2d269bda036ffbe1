// The EventBridge adapter over HTTP against a loopback stand-in for PutEvents (there is no
// EventBridge emulator on npm): what it sends, how it reads a partial failure, and what happens
// when the call itself fails. Its calls are recorded as the publisher's for the IAM audit.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import {
  EVENTBRIDGE_CLIENT_CONFIG,
  EventBridgeChangeBus,
} from '../../functions/reactions/eventbridge-bus.js';
import { forFunction, recordAwsCalls } from '../support/aws-calls.js';
import { changeDetail } from '../support/session-changes.js';

interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
  readonly Time: number;
}

let server: Server;
let endpoint = '';
const received: { target: string; entries: PutEventsEntry[] }[] = [];
/** What the stand-in answers next: every entry accepted, some refused, or a 500. */
let answer: 'accept' | 'refuse-odd' | 'fail' = 'accept';

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const { Entries } = JSON.parse(body) as { Entries: PutEventsEntry[] };
    received.push({ target: String(request.headers['x-amz-target']), entries: Entries });
    if (answer === 'fail') {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ __type: 'InternalException', message: 'injected' }));
      return;
    }
    const results = Entries.map((_, i) =>
      answer === 'refuse-odd' && i % 2 === 1
        ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
        : { EventId: `event-${i}` },
    );
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(
      JSON.stringify({
        FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length,
        Entries: results,
      }),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const change = (version: number) =>
  changeDetail({
    changeId: `chg_${String(version).padStart(32, '0')}`,
    provider: 'veriff',
    sessionId: 's-1',
    version,
    previousVersion: version - 1,
    status: 'approved',
    previousStatus: 'submitted',
    outcome: 'approved',
    final: true,
    eventIds: ['vd_1'],
  });

function bus(): EventBridgeChangeBus {
  const client = recordAwsCalls(
    new EventBridgeClient({ ...EVENTBRIDGE_CLIENT_CONFIG, ...LOCAL_AWS, endpoint }),
  );
  return new EventBridgeChangeBus(
    forFunction(client, 'publisher', { EVENT_BUS_NAME: 'idv-bus' }),
    'idv-bus',
  );
}

describe('the EventBridge change bus', () => {
  it('puts each change as a Session Changed event from idv-webhooks on its bus, timed at the commit', async () => {
    received.length = 0;
    answer = 'accept';
    expect(await bus().put([change(1), change(2)])).toEqual({ failed: [] });
    expect(received).toHaveLength(1);
    expect(received[0]?.target).toBe('AWSEvents.PutEvents');
    const entries = received[0]?.entries ?? [];
    expect(entries.map((e) => [e.Source, e.DetailType, e.EventBusName])).toEqual([
      ['idv-webhooks', 'Session Changed', 'idv-bus'],
      ['idv-webhooks', 'Session Changed', 'idv-bus'],
    ]);
    expect(entries.map((e) => JSON.parse(e.Detail))).toEqual([change(1), change(2)]);
    expect(entries[0]?.Time).toBe(Date.parse('2026-11-24T12:00:00.000Z') / 1000);
  });

  it('reads a partial failure from the entries that carry an error code', async () => {
    answer = 'refuse-odd';
    expect(await bus().put([change(1), change(2), change(3), change(4)])).toEqual({
      failed: [1, 3],
    });
  });

  it('throws when the call itself fails, after the SDK’s own retries', async () => {
    received.length = 0;
    answer = 'fail';
    await expect(bus().put([change(1)])).rejects.toThrow();
    expect(received).toHaveLength(EVENTBRIDGE_CLIENT_CONFIG.maxAttempts);
  });
});
