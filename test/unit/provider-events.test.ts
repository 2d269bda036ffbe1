// How the new providers' webhooks are read beyond the contract: where each finds the session,
// the time and the id, what is quarantined (no session) and what is kept (anything else), and
// how Standard Webhooks sources are configured.
import { describe, expect, it } from 'vitest';
import {
  onfidoSample,
  personaSample,
  stripeIdentitySample,
  sumsubSample,
} from '../../functions/local/samples.js';
import { parseOnfidoEvent } from '../../functions/providers/onfido/events.js';
import { parsePersonaEvent } from '../../functions/providers/persona/events.js';
import { providerAdapters } from '../../functions/providers/registry.js';
import { standardWebhooksParser } from '../../functions/providers/standard-webhooks/events.js';
import {
  parseStandardWebhooksSources,
  readStandardWebhooksSources,
  valueAt,
} from '../../functions/providers/standard-webhooks/sources.js';
import { parseStripeIdentityEvent } from '../../functions/providers/stripe-identity/events.js';
import { parseSumsubEvent, sumsubTimeMs } from '../../functions/providers/sumsub/events.js';

const delivery = { receivedAt: 0, requestId: 'req' };
const bytes = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const AT = new Date('2026-11-24T12:00:00.250Z');

describe('Stripe Identity events', () => {
  const sample = JSON.parse(
    stripeIdentitySample('identity.verification_session.requires_input', {
      session: 'vs_1',
      created: 1_790_000_000,
      eventId: 'evt_1',
      lastError: 'selfie_face_mismatch',
    }),
  );

  it('reads the session, its error code, report, reference and creation time', () => {
    const parsed = parseStripeIdentityEvent(bytes(sample), delivery);
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        eventId: 'evt_1',
        sessionId: 'vs_1',
        occurredAt: 1_790_000_000,
        detail: {
          lastError: 'selfie_face_mismatch',
          clientReferenceId: 'tenant-8812',
          createdMs: 1_789_999_940_000,
        },
      },
    });
  });

  it('quarantines an event about no verification session, keeps odd field types', () => {
    const charge = {
      ...sample,
      type: 'charge.succeeded',
      data: { object: { id: 'ch_1', object: 'charge' } },
    };
    expect(parseStripeIdentityEvent(bytes(charge), delivery)).toEqual({
      ok: false,
      reason: 'missing_session_id',
    });
    const odd = {
      ...sample,
      data: { object: { ...sample.data.object, last_error: 'text', status: 7 } },
    };
    const parsed = parseStripeIdentityEvent(bytes(odd), delivery);
    expect(parsed.ok && parsed.event.detail.lastError).toBeUndefined();
    expect(
      parseStripeIdentityEvent(bytes({ ...sample, created: '1790000000' }), delivery),
    ).toMatchObject({
      ok: false,
      reason: 'invalid_shape',
      detail: 'created: expected number',
    });
  });
});

describe('Persona events', () => {
  it('reads the inquiry, the event id and created-at to the millisecond', () => {
    const parsed = parsePersonaEvent(
      bytes(
        personaSample('inquiry.approved', { session: 'inq_1', createdAt: AT, eventId: 'evt_9' }),
      ),
      delivery,
    );
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        eventId: 'evt_9',
        sessionId: 'inq_1',
        detail: { atMs: AT.getTime(), referenceId: 'tenant-8812' },
      },
    });
  });

  it('ties an event about another object to its inquiry, and quarantines one with none', () => {
    const verification = (relationships: unknown) => ({
      data: {
        id: 'evt_2',
        attributes: {
          name: 'verification.passed',
          'created-at': AT.toISOString(),
          payload: { data: { type: 'verification/government-id', id: 'ver_1', relationships } },
        },
      },
    });
    expect(
      parsePersonaEvent(
        bytes(verification({ inquiry: { data: { type: 'inquiry', id: 'inq_1' } } })),
        delivery,
      ),
    ).toMatchObject({ ok: true, event: { sessionId: 'inq_1', type: 'verification.passed' } });
    expect(parsePersonaEvent(bytes(verification({})), delivery)).toEqual({
      ok: false,
      reason: 'missing_session_id',
    });
  });
});

describe('Sumsub events', () => {
  it('reads createdAtMs as Sumsub writes it (UTC), as ISO, or as milliseconds', () => {
    expect(sumsubTimeMs('2021-05-14 16:00:25.032')).toBe(Date.parse('2021-05-14T16:00:25.032Z'));
    expect(sumsubTimeMs('2021-05-14T16:00:25.032+02:00')).toBe(
      Date.parse('2021-05-14T14:00:25.032Z'),
    );
    expect(sumsubTimeMs(1_621_008_025_032)).toBe(1_621_008_025_032);
    expect(sumsubTimeMs('yesterday')).toBeUndefined();
  });

  it('derives one id for a redelivery and distinct ids for distinct reviews', () => {
    const id = (body: string) => {
      const parsed = parseSumsubEvent(bytes(body), delivery);
      return parsed.ok ? parsed.event.eventId : parsed.reason;
    };
    const green = sumsubSample('applicantReviewed.green', { session: 'a1', createdAt: AT });
    // A redelivery: the same review, reformatted and with a new correlation id.
    const again = JSON.stringify({ ...JSON.parse(green), correlationId: 'req-other' }, null, 1);
    expect(id(again)).toBe(id(green));
    expect(
      id(sumsubSample('applicantReviewed.red-final', { session: 'a1', createdAt: AT })),
    ).not.toBe(id(green));
    expect(
      id(
        sumsubSample('applicantReviewed.green', {
          session: 'a1',
          createdAt: new Date(AT.getTime() + 1),
        }),
      ),
    ).not.toBe(id(green));
    expect(id(JSON.stringify({ type: 'applicantCreated' }))).toBe('missing_session_id');
  });
});

describe('Onfido events', () => {
  it('ties the event to the resource and derives its id from the content', () => {
    const body = onfidoSample('workflow_run.approved', { session: 'wr_1', completedAt: AT });
    const parsed = parseOnfidoEvent(bytes(body), delivery);
    expect(parsed).toMatchObject({
      ok: true,
      event: {
        sessionId: 'wr_1',
        type: 'workflow_run.completed',
        detail: { resourceType: 'workflow_run', status: 'approved' },
      },
    });
    const again = parseOnfidoEvent(bytes(JSON.stringify(JSON.parse(body), null, 2)), delivery);
    expect(again.ok && parsed.ok && again.event.eventId === parsed.event.eventId).toBe(true);
    expect(parseOnfidoEvent(bytes({ payload: { object: {} } }), delivery)).toMatchObject({
      ok: false,
      reason: 'invalid_shape',
    });
  });
});

describe('Standard Webhooks sources', () => {
  const config = {
    name: 'acme-kyc',
    sessionIdPath: 'data.subject.id',
    statusPath: 'data.state',
    timePath: 'occurred',
    eventIdPath: 'event_id',
    statuses: { passed: { outcome: 'approved', final: true } },
  };
  const [source] = parseStandardWebhooksSources([config]);
  const parse = standardWebhooksParser(source as NonNullable<typeof source>);

  it('reads the session, status, time and event id at the configured paths', () => {
    expect(
      parse(
        bytes({
          event_id: 'e-1',
          occurred: 1_790_000_000,
          data: { subject: { id: 42 }, state: 'passed' },
        }),
        delivery,
      ),
    ).toMatchObject({
      ok: true,
      event: { eventId: 'e-1', sessionId: '42', type: 'passed', occurredAt: 1_790_000_000 },
    });
    const ms = parse(
      bytes({ occurred: 1_790_000_000_123, data: { subject: { id: 's' }, state: 'x' } }),
      delivery,
    );
    expect(ms).toMatchObject({
      ok: true,
      event: { detail: { atMs: 1_790_000_000_123 }, type: 'x' },
    });
    expect(ms.ok && ms.event.eventId).toMatch(/^sw_[0-9a-f]{32}$/);
    expect(parse(bytes({ data: { state: 'passed' } }), delivery)).toEqual({
      ok: false,
      reason: 'missing_session_id',
    });
  });

  it('reads own properties only: a path through __proto__ finds nothing', () => {
    expect(valueAt(JSON.parse('{"a":{"b":1}}'), 'a.b')).toBe(1);
    expect(valueAt({}, '__proto__.constructor')).toBeUndefined();
    expect(valueAt({ a: [{ b: 'x' }] }, 'a.0.b')).toBe('x');
  });

  it.each([
    ['a name with capitals', { ...config, name: 'Acme' }, /0\.name must be lowercase words/],
    ['a name with an underscore', { ...config, name: 'acme_kyc' }, /0\.name/],
    [
      'an empty path segment',
      { ...config, statusPath: 'data..state' },
      /0\.statusPath must be keys joined/,
    ],
    ['no statuses', { ...config, statuses: {} }, /0\.statuses must map at least one status/],
    [
      'an outcome outside the vocabulary',
      { ...config, statuses: { x: { outcome: 'ok', final: true } } },
      /0\.statuses\.x\.outcome/,
    ],
  ])('refuses %s, naming the path', (_, bad, problem) => {
    expect(() => parseStandardWebhooksSources([bad])).toThrow(problem);
  });

  it('refuses two sources of one name, one that takes a provider name, and text that is not JSON', () => {
    expect(() => parseStandardWebhooksSources([config, config])).toThrow(/name each source once/);
    const persona = parseStandardWebhooksSources([{ ...config, name: 'persona' }]);
    expect(() => providerAdapters({}, [], persona)).toThrow(
      /cannot take a provider's name: persona/,
    );
    expect(() => readStandardWebhooksSources({ STANDARD_WEBHOOKS_SOURCES: '[{' })).toThrow(
      /is not JSON/,
    );
    expect(readStandardWebhooksSources({})).toEqual([]);
  });

  it('never lets a status act as an object key: __proto__ is dropped, constructor is unknown', () => {
    const [odd] = parseStandardWebhooksSources([
      {
        ...config,
        statuses: JSON.parse(
          '{"__proto__": {"outcome": "declined", "final": true}, "passed": {"outcome": "approved", "final": true}}',
        ),
      },
    ]);
    expect(odd?.statuses.get('__proto__')).toBeUndefined();
    expect(odd?.statuses.get('constructor')).toBeUndefined();
    expect(odd?.statuses.get('passed')).toEqual({ outcome: 'approved', final: true });
  });
});
