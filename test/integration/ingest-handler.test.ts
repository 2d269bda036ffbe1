import { createServer, type Server, type Socket } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import {
  fromSqsRecord,
  largestQueueableBody,
  MAX_REQUEST_ID_BYTES,
} from '../../functions/queue/queued-webhook.js';
import { INGEST_SQS_CLIENT_CONFIG } from '../../functions/queue/webhook-queue.js';
import { drain, freshQueues, sqsClient } from '../support/aws.js';
import { captureLogs } from '../support/capture-logs.js';
import { CASAPAY_COMPLETED, fixture, SEED_PII, VERIFF_SAMPLES } from '../support/fixtures.js';
import { ingestQueue, testIngest } from '../support/ingest.js';
import { casapayEvent, SECRET_DOCUMENTS, veriffEvent } from '../support/webhooks.js';

const NOW = new Date();
const logs = captureLogs();

const ingestWith = (sqs: SQSClient, queueUrl: string) =>
  testIngest({ queue: ingestQueue(sqs, queueUrl), now: () => NOW }).invoke;

describe('ingest handler with the local SQS emulator', () => {
  const sqs = sqsClient();

  it('queues an accepted CasaPay webhook byte for byte, with its provider, receive time and request id', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const body = fixture(CASAPAY_COMPLETED);
    const response = await ingestWith(
      sqs,
      queueUrl,
    )(casapayEvent(body, NOW, { requestId: 'req-casapay-1' }));

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ received: true, requestId: 'req-casapay-1' });
    const [message, ...others] = await drain(sqs, queueUrl);
    expect(others).toHaveLength(0);
    expect(Buffer.from(message?.Body ?? '', 'utf8').equals(body)).toBe(true);
    const attributes = Object.fromEntries(
      Object.entries(message?.MessageAttributes ?? {}).map(([k, v]) => [
        k,
        { stringValue: v.StringValue, dataType: v.DataType ?? '' },
      ]),
    );
    expect(fromSqsRecord(message?.Body ?? '', attributes)).toEqual({
      ok: true,
      webhook: { provider: 'casapay', body, receivedAt: NOW.getTime(), requestId: 'req-casapay-1' },
    });
  });

  it('queues every Veriff seed sample, including base64-encoded deliveries, unchanged', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const ingest = ingestWith(sqs, queueUrl);
    for (const [index, path] of VERIFF_SAMPLES.entries()) {
      const response = await ingest(veriffEvent(fixture(path), { base64: index % 2 === 0 }));
      expect(response.statusCode).toBe(200);
    }
    const bodies = (await drain(sqs, queueUrl)).map((m) => m.Body);
    expect(bodies.sort()).toEqual(VERIFF_SAMPLES.map((p) => fixture(p).toString('utf8')).sort());
  });

  it('queues an authenticated body that is not JSON or not even UTF-8, decodable to the same bytes', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b]);
    const response = await ingestWith(sqs, queueUrl)(veriffEvent(binary, { base64: true }));
    expect(response.statusCode).toBe(200);
    const [message] = await drain(sqs, queueUrl);
    expect(message?.MessageAttributes?.bodyEncoding?.StringValue).toBe('base64');
    expect(Buffer.from(message?.Body ?? '', 'base64').equals(binary)).toBe(true);
  });

  it('holds the size bound against SQS: the largest queueable body fits in its worst encoding, one byte more does not', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const queue = ingestQueue(sqs, queueUrl);
    const attributes = {
      provider: 'veriff',
      requestId: 'r'.repeat(MAX_REQUEST_ID_BYTES),
      receivedAt: NOW.getTime(),
    };
    const largest = largestQueueableBody(attributes);
    // 0xff is never UTF-8, so the body travels base64-encoded: the largest message it can become.
    const body = Buffer.alloc(largest, 0xff);
    await queue.publish({ ...attributes, body });
    const [message] = await drain(sqs, queueUrl);
    expect(Buffer.from(message?.Body ?? '', 'base64').equals(body)).toBe(true);
    await expect(
      queue.publish({ ...attributes, body: Buffer.alloc(largest + 1, 0xff) }),
    ).rejects.toThrow(/shorter than/);
  });

  it('queues a body with characters beyond U+FFFF on the emulator, which refuses them as text', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const webhook = {
      provider: 'veriff',
      body: Buffer.from('{"name":"Ana 😀"}'),
      receivedAt: NOW.getTime(),
      requestId: 'req-emoji',
    };
    // SQS accepts them; fauxqs does not. Local mode therefore sends them base64-encoded.
    await expect(ingestQueue(sqs, queueUrl).publish(webhook)).rejects.toThrow(/Invalid characters/);
    await ingestQueue(sqs, queueUrl, 'basic').publish(webhook);
    const [message] = await drain(sqs, queueUrl);
    expect(Buffer.from(message?.Body ?? '', 'base64').equals(webhook.body)).toBe(true);
  });

  it('queues nothing for a request that fails authentication', async () => {
    const { queueUrl } = await freshQueues(sqs);
    const forged = veriffEvent(fixture('veriff/submitted.json'), {
      headers: { 'X-HMAC-SIGNATURE': 'ab'.repeat(32) },
    });
    const response = await ingestWith(sqs, queueUrl)(forged);
    expect(response.statusCode).toBe(401);
    expect(await drain(sqs, queueUrl)).toHaveLength(0);
  });

  it('logs one line per webhook with its outcome and no applicant data', async () => {
    const { queueUrl } = await freshQueues(sqs);
    await ingestWith(
      sqs,
      queueUrl,
    )(casapayEvent(fixture(CASAPAY_COMPLETED), NOW, { requestId: 'req-log-1' }));
    const records = logs.records().filter((r) => r.requestId === 'req-log-1');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 'INFO', outcome: 'accepted', provider: 'casapay' });
    for (const pii of SEED_PII) expect(logs.lines().join('\n')).not.toContain(pii);
  });

  describe('when SQS is unavailable', () => {
    let blackHole: Server;
    let blackHolePort = 0;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      // Accepts connections and never answers: the SDK's request timeout has to fire.
      blackHole = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
      blackHolePort = (blackHole.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => blackHole.close(() => resolve()));
    });

    it('answers 503 when nothing listens, and the record of the outage names no secret', async () => {
      const down = new SQSClient({ ...LOCAL_AWS, endpoint: 'http://127.0.0.1:9', maxAttempts: 2 });
      const response = await ingestWith(
        down,
        'http://127.0.0.1:9/000000000000/missing',
      )(casapayEvent(fixture(CASAPAY_COMPLETED), NOW, { requestId: 'req-down-1' }));
      expect(response.statusCode).toBe(503);
      expect(JSON.parse(response.body)).toEqual({
        error: 'unavailable',
        message: expect.any(String),
      });
      const record = logs.records().find((r) => r.requestId === 'req-down-1');
      expect(record).toMatchObject({ level: 'ERROR', outcome: 'enqueue_failed' });
      expect(JSON.stringify(record)).not.toContain(SECRET_DOCUMENTS.casapay.signingSecrets[0]);
    });

    it('answers 503 when SQS hangs, because the ingest client throws on its request timeout', async () => {
      const hung = new SQSClient({
        ...LOCAL_AWS,
        ...INGEST_SQS_CLIENT_CONFIG,
        endpoint: `http://127.0.0.1:${blackHolePort}`,
        maxAttempts: 1,
        requestHandler: { ...INGEST_SQS_CLIENT_CONFIG.requestHandler, requestTimeout: 200 },
      });
      const response = await ingestWith(
        hung,
        `http://127.0.0.1:${blackHolePort}/000000000000/q`,
      )(veriffEvent(fixture('veriff/submitted.json')));
      expect(response.statusCode).toBe(503);
    });

    it('answers 503 when the queue does not exist, and accepts nothing', async () => {
      const { queueUrl } = await freshQueues(sqs);
      const response = await ingestWith(
        sqs,
        `${queueUrl}-deleted`,
      )(veriffEvent(fixture('veriff/submitted.json')));
      expect(response.statusCode).toBe(503);
      expect(await drain(sqs, queueUrl)).toHaveLength(0);
    });
  });
});
