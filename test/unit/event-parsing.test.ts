import { describe, expect, it } from 'vitest';
import { parseCasaPayEvent } from '../../functions/providers/casapay/events.js';
import { parseVeriffEvent, veriffEventId } from '../../functions/providers/veriff/events.js';
import { CASAPAY_COMPLETED, fixture, SEED_PII, VERIFF_SAMPLES } from '../support/fixtures.js';

const delivery = { receivedAt: 1_790_000_000_000, requestId: 'req-1' };
const casapay = (value: unknown) => parseCasaPayEvent(Buffer.from(JSON.stringify(value)), delivery);
const veriff = (value: unknown) => parseVeriffEvent(Buffer.from(JSON.stringify(value)), delivery);
const seedVeriff = () =>
  JSON.parse(fixture('veriff/submitted.json').toString()) as Record<string, unknown>;

describe('CasaPay event parsing', () => {
  it('reads the seed event: id, session, time and report, and nothing of the applicant', () => {
    const result = parseCasaPayEvent(fixture(CASAPAY_COMPLETED), delivery);
    expect(result).toEqual({
      ok: true,
      event: {
        eventId: 'evt_1a2b3c4d',
        sessionId: 'vs_1a2b3c4d5e6f',
        type: 'verification_session.completed',
        occurredAt: 1706140800,
        receivedAt: delivery.receivedAt,
        requestId: 'req-1',
        detail: {
          object: 'verification_session',
          objectId: 'vs_1a2b3c4d5e6f',
          report: 'vr_9z8y7x6w5v',
        },
      },
    });
    for (const pii of SEED_PII) expect(JSON.stringify(result)).not.toContain(pii);
  });

  it('ties other objects to their session by id or by expanded object', () => {
    const envelope = (object: unknown) => ({
      id: 'evt_1',
      type: 'document_upload.processed',
      created: 1,
      data: { object },
    });
    const byId = casapay(
      envelope({ id: 'du_1', object: 'document_upload', verification_session: 'vs_9' }),
    );
    const expanded = casapay(
      envelope({
        id: 'du_1',
        object: 'document_upload',
        verification_session: { id: 'vs_9', status: 'pending' },
      }),
    );
    expect(byId.ok && byId.event.sessionId).toBe('vs_9');
    expect(expanded.ok && expanded.event.sessionId).toBe('vs_9');
  });

  it('ignores unknown fields and passes unknown event types on to the rules', () => {
    const result = casapay({
      id: 'evt_2',
      type: 'verification_session.requires_input',
      created: 5,
      extra: { a: 1 },
      data: { object: { id: 'vs_2', object: 'verification_session', new_field: true } },
    });
    expect(result.ok && result.event.type).toBe('verification_session.requires_input');
  });

  it.each([
    ['not JSON', Buffer.from('{"id":'), 'not_json'],
    ['JSON of the wrong shape', Buffer.from('[1,2]'), 'invalid_shape'],
    [
      'a numeric string as time',
      Buffer.from('{"id":"evt_1","type":"t","created":"17","data":{"object":{}}}'),
      'invalid_shape',
    ],
    [
      'no session',
      Buffer.from(
        '{"id":"evt_1","type":"identity_check.passed","created":1,"data":{"object":{"id":"ic_1","object":"identity_check"}}}',
      ),
      'missing_session_id',
    ],
    [
      'an absurdly long id',
      Buffer.from(
        JSON.stringify({
          id: `evt_${'x'.repeat(300)}`,
          type: 't.x',
          created: 1,
          data: { object: { id: 'vs_1', object: 'verification_session' } },
        }),
      ),
      'id_too_long',
    ],
  ])('reports %s as a reason to quarantine', (_, body, reason) => {
    expect(parseCasaPayEvent(body, delivery)).toMatchObject({ ok: false, reason });
  });
});

describe('Veriff event parsing', () => {
  it.each(VERIFF_SAMPLES)('reads the seed sample %s', (path) => {
    const result = parseVeriffEvent(fixture(path), delivery);
    expect(result.ok && result.event.sessionId).toBe('f04bdb47-d3be-4b28-b028-a652feb060b5');
    expect(result.ok && result.event.detail.attemptId).toBe('e30122d1-740b-4764-853f-470374a7abf4');
  });

  it('derives the same event id for an identical redelivery, whatever the formatting', () => {
    const compact = Buffer.from(JSON.stringify(seedVeriff()));
    const a = parseVeriffEvent(fixture('veriff/submitted.json'), delivery);
    const b = parseVeriffEvent(compact, { receivedAt: 0, requestId: 'other' });
    expect(a.ok && b.ok && a.event.eventId === b.event.eventId).toBe(true);
  });

  it('derives different ids when the session, attempt, code, action, reason or state differ', () => {
    const base = {
      sessionId: 's',
      attemptId: 'a',
      code: 7010,
      action: 'flow_cancelled',
      reason: 'r',
      state: 'x',
    };
    const variants = [
      base,
      { ...base, sessionId: 's2' },
      { ...base, attemptId: null },
      { ...base, code: 7009 },
      { ...base, action: 'flow_finished' },
      { ...base, reason: null },
      { ...base, state: 'y' },
      // Fields that would collide if the id were a plain concatenation.
      { ...base, reason: 'rx', state: '' },
    ];
    expect(new Set(variants.map(veriffEventId)).size).toBe(variants.length);
  });

  it('ignores vendorData, endUserId and unknown fields', () => {
    const a = veriff(seedVeriff());
    const b = veriff({ ...seedVeriff(), vendorData: 'other', endUserId: null, newField: 1 });
    expect(a.ok && b.ok && a.event.eventId === b.event.eventId).toBe(true);
  });

  it('names an unknown code after its action', () => {
    const result = veriff({ ...seedVeriff(), code: 7050, action: 'selfie_retaken' });
    expect(result.ok && result.event.type).toBe('selfie_retaken');
  });

  it.each([
    ['not JSON', 'nope', 'not_json'],
    ['a code as a string', JSON.stringify({ id: 's', code: '7002' }), 'invalid_shape'],
    ['no session id', JSON.stringify({ attemptId: 'a', code: 7002 }), 'invalid_shape'],
    ['an empty session id', JSON.stringify({ id: '', code: 7002 }), 'invalid_shape'],
  ])('reports %s as a reason to quarantine', (_, body, reason) => {
    expect(parseVeriffEvent(Buffer.from(body), delivery)).toMatchObject({ ok: false, reason });
  });
});
