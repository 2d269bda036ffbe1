import { describe, expect, it } from 'vitest';
import { parseCasaPayEvent } from '../../functions/providers/casapay/events.js';
import { parseVeriffEvent, veriffEventId } from '../../functions/providers/veriff/events.js';
import {
  CASAPAY_COMPLETED,
  DECISION_FIXTURE_PII,
  fixture,
  SEED_PII,
  VERIFF_DECISION,
  VERIFF_SAMPLES,
} from '../support/fixtures.js';

const delivery = { receivedAt: 1_790_000_000_000, requestId: 'req-1' };
const casapay = (value: unknown) => parseCasaPayEvent(Buffer.from(JSON.stringify(value)), delivery);
const veriff = (value: unknown) => parseVeriffEvent(Buffer.from(JSON.stringify(value)), delivery);
const seedVeriff = () =>
  JSON.parse(fixture('veriff/submitted.json').toString()) as Record<string, unknown>;

/** A CasaPay event about an object of session vs_3 (a document upload, a check). */
const aboutSession = (type: string, object: Record<string, unknown>) =>
  casapay({
    id: 'evt_obj',
    type,
    created: 5,
    data: { object: { verification_session: 'vs_3', ...object } },
  });

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

  it('keeps the codes a backend acts on: document type, rejection reason, check type', () => {
    const document = aboutSession('document_upload.rejected', {
      id: 'du_1',
      object: 'document_upload',
      document_type: 'passport',
      rejection_reason: 'fraud_detected',
      irregularity_detection: { status: 'fraudulent' },
    });
    expect(document.ok && document.event.detail).toEqual({
      object: 'document_upload',
      objectId: 'du_1',
      documentType: 'passport',
      rejectionReason: 'fraud_detected',
    });
    const check = aboutSession('identity_check.inconclusive', {
      id: 'ic_1',
      object: 'identity_check',
      check_type: 'selfie_match',
      result: { full_name: 'Jane Doe' },
    });
    expect(check.ok && check.event.detail).toEqual({
      object: 'identity_check',
      objectId: 'ic_1',
      checkType: 'selfie_match',
    });
    expect(JSON.stringify(check)).not.toContain('Jane');
  });

  it('keeps a code it cannot hold out of the facts, and still reads the event', () => {
    const result = aboutSession('document_upload.rejected', {
      id: 'du_1',
      object: 'document_upload',
      document_type: { nested: true },
      rejection_reason: 'r'.repeat(300),
    });
    expect(result.ok && result.event.detail).toEqual({
      object: 'document_upload',
      objectId: 'du_1',
    });
  });

  it('reads when the session object says it was created', () => {
    const result = casapay({
      id: 'evt_6',
      type: 'verification_session.pending',
      created: 1_706_140_900,
      data: { object: { id: 'vs_6', object: 'verification_session', created: 1_706_140_800 } },
    });
    expect(result.ok && result.event.detail.sessionCreated).toBe(1_706_140_800);
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

describe('Veriff decision and other webhook kinds', () => {
  const decisionBody = () =>
    JSON.parse(fixture(VERIFF_DECISION).toString()) as {
      verification: Record<string, unknown>;
      [key: string]: unknown;
    };

  it('reads a decision by its shape: codes, reasons, times, risk labels, and no personal data', () => {
    const result = parseVeriffEvent(fixture(VERIFF_DECISION), delivery);
    expect(result).toMatchObject({
      ok: true,
      event: {
        sessionId: 'f04bdb47-d3be-4b28-b028-a652feb060b5',
        type: 'decision.declined',
        occurredAt: Math.floor(Date.parse('2026-11-24T12:18:36.916Z') / 1000),
        detail: {
          attemptId: 'e30122d1-740b-4764-853f-470374a7abf4',
          status: 'declined',
          code: 9102,
          reason: 'Suspected document tampering',
          reasonCode: 102,
          decisionTime: '2026-11-24T12:18:36.916Z',
          acceptanceTime: '2026-11-24T12:15:27.000Z',
          riskLabels: [['document_integration_level_crosslinked_with_fraud', 'document']],
          vendorData: '12345678',
          endUserId: 'a1b2c35d-e8f7-6d5e-3cd2-a1b2c35db3d4',
        },
      },
    });
    for (const pii of DECISION_FIXTURE_PII) expect(JSON.stringify(result)).not.toContain(pii);
    // The other sessions a risk label links to are not this session's facts.
    expect(JSON.stringify(result)).not.toContain('5a2358e7');
  });

  it('derives one id per decision: a redelivery is the same, a reviewed decision is another', () => {
    const a = parseVeriffEvent(fixture(VERIFF_DECISION), delivery);
    const reformatted = parseVeriffEvent(Buffer.from(JSON.stringify(decisionBody())), delivery);
    const body = decisionBody();
    body.verification.decisionTime = '2026-11-24T13:00:00.000Z';
    const reviewed = veriff(body);
    expect(a.ok && reformatted.ok && a.event.eventId === reformatted.event.eventId).toBe(true);
    expect(a.ok && reviewed.ok && a.event.eventId !== reviewed.event.eventId).toBe(true);
    expect(a.ok && a.event.eventId).toMatch(/^vd_[0-9a-f]{32}$/);
  });

  it('reads a decision with nulls where Veriff sends them', () => {
    const result = veriff({
      status: 'success',
      verification: {
        id: 's-1',
        attemptId: null,
        status: 'expired',
        code: 9104,
        reason: null,
        reasonCode: null,
        decisionTime: null,
        riskLabels: null,
        person: null,
      },
      technicalData: { ip: null },
    });
    expect(result).toMatchObject({
      ok: true,
      event: {
        type: 'decision.expired',
        detail: { attemptId: null, status: 'expired', code: 9104 },
      },
    });
    expect(result.ok && 'occurredAt' in result.event).toBe(false);
  });

  it('reads a decision whose codes come quoted or odd, keeping the status and dropping what it cannot hold', () => {
    const result = veriff({
      verification: {
        id: 's-3',
        status: 'approved',
        code: '9001',
        reasonCode: { unexpected: true },
        riskLabels: [{ label: 7 }, { label: 'ok_label' }],
      },
    });
    expect(result).toMatchObject({
      ok: true,
      event: {
        type: 'decision.approved',
        detail: { status: 'approved', code: 9001, riskLabels: [['ok_label', null]] },
      },
    });
    expect(result.ok && 'reasonCode' in result.event.detail).toBe(false);
  });

  it.each([
    [
      'watchlist screening',
      {
        checkType: 'initial_result',
        sessionId: 's-2',
        attemptId: 'a-1',
        vendorData: null,
        matchStatus: 'possible_match',
        searchTerm: { name: 'Sarah Morgan', year: '1967' },
        hits: [{ matchedName: 'Sarah Morgan' }],
      },
      'watchlist_screening.initial_result',
      { kind: 'watchlist_screening', attemptId: 'a-1', matchStatus: 'possible_match' },
    ],
    [
      'user-defined status',
      {
        eventType: 'user-status-updated',
        time: '2026-11-24T12:00:00Z',
        attemptId: 'a-1',
        data: { verification: { id: 's-2', userDefinedData: { status: 'VIP' } } },
      },
      'user-status-updated',
      { kind: 'eventType', attemptId: 'a-1' },
    ],
    [
      'full auto',
      { eventType: 'fullauto', sessionId: 's-2', decisionScore: 0.93 },
      'fullauto',
      { kind: 'eventType', attemptId: null },
    ],
  ])('recognises a %s webhook, to be kept as not applied', (_, body, type, detail) => {
    const result = veriff(body);
    expect(result).toMatchObject({ ok: true, event: { sessionId: 's-2', type, detail } });
    expect(JSON.stringify(result)).not.toContain('Morgan');
    expect(JSON.stringify(result)).not.toContain('VIP');
  });

  it.each([
    ['a decision without a session', { verification: { status: 'approved' } }, 'invalid_shape'],
    ['a decision without a status', { verification: { id: 's' } }, 'invalid_shape'],
    ['another kind without a session', { checkType: 'initial_result' }, 'missing_session_id'],
  ])('reports %s as a reason to quarantine', (_, body, reason) => {
    expect(veriff(body)).toMatchObject({ ok: false, reason });
  });
});
