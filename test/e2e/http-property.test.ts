// An HTTP-level property test of local mode (`npm start`), as hostile and careless callers use it:
// random methods, paths, headers and bodies, encodings and framings, sizes at and around every
// limit, authenticated junk, malformed requests. Every answer must be a status that
// docs/intake.md documents, with a JSON body of the documented shape, and a 5xx only while a
// dependency is made to fail (the webhook queue or the tables deleted for that one request).
import { readFileSync } from 'node:fs';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../functions/config.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { MAX_PAYLOAD_BYTES } from '../../functions/local/http-api.js';
import { fingerprint } from '../../functions/local/local-secrets.js';
import { type LocalState, readLocalState } from '../../functions/local/local-state.js';
import { casapaySample, veriffSample } from '../../functions/local/samples.js';
import { createTables } from '../../functions/local/tables.js';
import { signCasaPay } from '../../functions/providers/casapay/signature.js';
import { MAX_ID_LENGTH } from '../../functions/providers/event-parsing.js';
import { signVeriff } from '../../functions/providers/veriff/signature.js';
import { providerNames } from '../support/arbitraries.js';
import { SEED_PII } from '../support/fixtures.js';
import { type RunningLocalMode, startLocalMode } from '../support/local-mode.js';
import { byProfile } from '../support/profile.js';
import { rawRequest } from '../support/raw-http.js';
import { CASAPAY_SECRET, SECRET_DOCUMENTS, VERIFF_INTEGRATION } from '../support/webhooks.js';

const REQUESTS = byProfile(400, 10_000);
const PROVIDERS = new Set(['casapay', 'veriff']);
/** Sessions that valid sample events create, so that some reads find one. */
const CASAPAY_SESSION = 'vs_property_1';
const VERIFF_SESSION = '8f1e6a52-3c2b-4f4e-9a7d-1b2c3d4e5f60';

// ---- What docs/intake.md documents ----------------------------------------------------------

interface Documented {
  /** `status code` pairs of the functions' error answers. */
  readonly errors: Set<string>;
  /** `status message` pairs of API Gateway's (and local mode's stand-in's) own answers. */
  readonly gateway: Set<string>;
  /** Statuses with a documented 200-style body. */
  readonly success: Set<number>;
}

function documentedStatuses(): Documented {
  const text = readFileSync(new URL('../../docs/intake.md', import.meta.url), 'utf8');
  const section = text.slice(text.indexOf('## Statuses'), text.indexOf('## Queue message'));
  const documented: Documented = { errors: new Set(), gateway: new Set(), success: new Set() };
  for (const line of section.split('\n')) {
    const [, status = '', code = ''] = line.split('|').map((cell) => cell.trim());
    if (!/^\d{3}$/.test(status)) continue;
    const gateway = /\{"message":"([^"]+)"\}/.exec(code);
    if (gateway) documented.gateway.add(`${status} ${gateway[1]}`);
    else if (code.startsWith('(none)')) documented.success.add(Number(status));
    else documented.errors.add(`${status} ${/`([a-z_]+)`/.exec(code)?.[1]}`);
  }
  return documented;
}

// ---- Requests ---------------------------------------------------------------------------------

type Fault = 'none' | 'queue_down' | 'tables_down';
type Signing = 'valid' | 'none' | 'wrong_secret' | 'stale' | 'near_miss';

interface Generated {
  readonly method: string;
  /** The request target, as sent. */
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  readonly chunks?: readonly number[];
  readonly signing: Signing;
  readonly fault: Fault;
  /** Raw bytes sent instead of a request built from the fields above. */
  readonly malformed?: { readonly bytes: Buffer; readonly expect: readonly [number, string] };
}

const T = () => Math.floor(Date.now() / 1000);

/**
 * `{provider}` path segments: the names, percent-encoded as a client sends them, and encodings
 * that are not valid UTF-8 or that spell a real name with an escape.
 */
const providerSegments = fc.oneof(
  { weight: 12, arbitrary: providerNames.map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom('%FF', '%E2%82', '%63asapay', 'veriff%2500') },
);

/** Ids at and around the 256-character limit, in one- and two-unit characters, and the known sessions. */
const sessionIds = fc.oneof(
  fc.constantFrom(CASAPAY_SESSION, VERIFF_SESSION, 'vs_never_seen'),
  fc
    .record({
      length: fc.constantFrom(1, MAX_ID_LENGTH - 1, MAX_ID_LENGTH, MAX_ID_LENGTH + 1, 3_000),
      unit: fc.constantFrom('a', 'é', '😀'),
    })
    // '😀' counts 2 UTF-16 units: its ids are around the limit in the same way.
    .map(({ length, unit }) => unit.repeat(unit === '😀' ? Math.ceil(length / 2) : length)),
  fc.string({ maxLength: 40 }),
);

const randomPaths = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}$/),
      fc.constantFrom('..', '.', '', 'webhooks', 'sessions', 'casapay', '%2e%2e', '%zz'),
    ),
    { maxLength: 5 },
  )
  .map((segments) => `/${segments.join('/')}`);

/** Every other method (HEAD has no body: its answer is checked for the JSON type only). */
const otherMethods = fc.constantFrom(
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
);
/** A route's own method most of the time, another one sometimes. */
const methodFor = (own: string) =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(own) }, { weight: 1, arbitrary: otherMethods });

/** Request targets with a method: each route, paths around them, and anything else. */
const targets = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      method: methodFor('POST'),
      target: providerSegments.map((p) => `/webhooks/${p}`),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      method: methodFor('GET'),
      target: fc
        .tuple(providerSegments, sessionIds)
        .map(([p, id]) => `/sessions/${p}/${encodeURIComponent(id)}`),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: fc.oneof(fc.constantFrom('POST', 'GET'), otherMethods),
      target: fc.oneof(
        randomPaths,
        fc
          .tuple(
            fc.constantFrom('/webhooks/casapay', '/sessions/casapay/x', '/'),
            fc.constantFrom('/', '?a=1&b', '?x=%FF', '//'),
          )
          .map(([a, b]) => `${a}${b}`),
      ),
    }),
  },
);

const MAX = DEFAULT_MAX_BODY_BYTES;
/** Bodies; the weights keep the 10 MiB ones rare (about 1 in 100): they cost the most to send. */
const bodies: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(Buffer.alloc(0)) },
  {
    weight: 24,
    arbitrary: fc.constantFrom(
      Buffer.from(
        casapaySample('verification_session.created', { session: CASAPAY_SESSION, created: T() }),
      ),
      Buffer.from(veriffSample('started', { session: VERIFF_SESSION })),
    ),
  },
  // Authenticated junk, once signed: random bytes and text, invalid UTF-8, UTF-16 JSON.
  { weight: 16, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((a) => Buffer.from(a)) },
  {
    weight: 12,
    arbitrary: fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s)),
  },
  { weight: 4, arbitrary: fc.constant(Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff])) },
  {
    weight: 4,
    arbitrary: fc
      .jsonValue({ maxDepth: 3 })
      .map((v) =>
        Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(JSON.stringify(v) ?? 'null', 'utf16le'),
        ]),
      ),
  },
  // At and around the body limit, as text and as bytes that are not UTF-8.
  {
    weight: 8,
    arbitrary: fc
      .record({ size: fc.constantFrom(MAX - 1, MAX, MAX + 1), byte: fc.constantFrom(0x7b, 0xff) })
      .map(({ size, byte }) => Buffer.alloc(size, byte)),
  },
  // At and just over the HTTP API's payload quota.
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES + 1)
      .map((n) => Buffer.alloc(n, 0x61)),
  },
);

/** Header names a caller may send besides the ones that frame or sign the request. */
const headerNames = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'x-forwarded-for',
    'content-type',
    'Content-Type',
    'content-encoding',
    'user-agent',
    'accept',
    'x-amz-date',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
);
const headerValues = fc.oneof(
  fc.constantFrom('application/json', 'text/plain; charset=utf-16', 'gzip', '', ' '),
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
);
const FRAMING = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'expect',
  'upgrade',
]);
const SIGNING = new Set(['x-casapay-signature', 'x-auth-client', 'x-hmac-signature']);
const headerSets = fc.oneof(
  {
    weight: 9,
    arbitrary: fc
      .array(fc.tuple(headerNames, headerValues), { maxLength: 6 })
      .map((headers) =>
        headers.filter(
          ([name]) => !FRAMING.has(name.toLowerCase()) && !SIGNING.has(name.toLowerCase()),
        ),
      ),
  },
  // Clearly under and clearly over Node's 16 KiB of headers.
  {
    weight: 1,
    arbitrary: fc.constantFrom(8_000, 20_000).map((n) => [['x-padding', 'p'.repeat(n)] as const]),
  },
);

/** Requests no HTTP parser accepts, and the stand-in's documented answer to each. */
const malformed: fc.Arbitrary<Generated['malformed']> = fc.constantFrom(
  { bytes: Buffer.from('garbage\r\n\r\n'), expect: [400, 'Bad Request'] as const },
  {
    bytes: Buffer.from('FOO /webhooks/casapay HTTP/1.1\r\nhost: x\r\n\r\n'),
    expect: [400, 'Bad Request'] as const,
  },
  {
    bytes: Buffer.from('POST /webhooks/casapay HTTP/1.1\r\nbad header: x\r\n\r\n'),
    expect: [400, 'Bad Request'] as const,
  },
  {
    bytes: Buffer.from(
      'POST /webhooks/veriff HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n',
    ),
    expect: [400, 'Bad Request'] as const,
  },
  {
    bytes: Buffer.from('CONNECT 127.0.0.1:443 HTTP/1.1\r\nhost: x\r\n\r\n'),
    expect: [404, 'Not Found'] as const,
  },
);

const requests: fc.Arbitrary<Generated> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc
      .record({
        route: targets,
        headers: headerSets,
        body: bodies,
        chunks: fc.option(
          fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: 1, maxLength: 4 }),
          { nil: undefined },
        ),
        signing: fc.constantFrom<Signing>(
          'valid',
          'valid',
          'valid',
          'none',
          'wrong_secret',
          'stale',
          'near_miss',
        ),
        fault: fc.oneof(
          { weight: 8, arbitrary: fc.constant<Fault>('none') },
          { weight: 2, arbitrary: fc.constantFrom<Fault>('queue_down', 'tables_down') },
        ),
      })
      .map(({ route, ...rest }) => ({ ...rest, ...route })),
  },
  {
    weight: 1,
    arbitrary: malformed.map((m) => ({
      method: '',
      target: '',
      headers: [],
      body: Buffer.alloc(0),
      signing: 'none' as const,
      fault: 'none' as const,
      malformed: m,
    })),
  },
);

/** One request per documented answer: each is sure to be tried, whatever the random ones are. */
const sample = (overrides: Partial<Generated>): Generated => ({
  method: 'POST',
  target: '/webhooks/veriff',
  headers: [],
  body: Buffer.from(veriffSample('submitted', { session: VERIFF_SESSION })),
  signing: 'valid',
  fault: 'none',
  ...overrides,
});
const EXAMPLES: Generated[] = [
  sample({}),
  sample({
    target: '/webhooks/casapay',
    body: Buffer.from(
      casapaySample('verification_session.pending', { session: CASAPAY_SESSION, created: T() }),
    ),
  }),
  sample({ body: Buffer.alloc(0) }),
  sample({ signing: 'wrong_secret' }),
  sample({ target: '/webhooks/acme' }),
  sample({ body: Buffer.alloc(MAX + 1, 0xff) }),
  sample({ body: Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x61) }),
  sample({ fault: 'queue_down' }),
  sample({ method: 'GET', target: `/sessions/casapay/${'s'.repeat(MAX_ID_LENGTH + 1)}` }),
  sample({ method: 'GET', target: '/sessions/veriff/never-seen' }),
  sample({ method: 'GET', target: `/sessions/veriff/${VERIFF_SESSION}`, fault: 'tables_down' }),
  sample({ method: 'PUT' }),
  sample({ method: 'GET', target: '/', body: Buffer.alloc(0) }),
  sample({ headers: [['x-padding', 'p'.repeat(20_000)]] }),
  sample({ malformed: { bytes: Buffer.from('garbage\r\n\r\n'), expect: [400, 'Bad Request'] } }),
];

/** The provider's signature headers for `body`, signed as `signing` says. */
function signatureHeaders(provider: string, body: Buffer, signing: Signing): [string, string][] {
  if (signing === 'none') return [];
  const now = T();
  if (provider === 'casapay') {
    const secret = signing === 'wrong_secret' ? 'whsec_guess' : CASAPAY_SECRET;
    let header = signCasaPay(body, secret, signing === 'stale' ? now - 301 : now);
    if (signing === 'near_miss') header = header.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    return [['X-CasaPay-Signature', header]];
  }
  const secret = signing === 'wrong_secret' ? 'guessed' : VERIFF_INTEGRATION.sharedSecret;
  let signature = signVeriff(body, secret);
  if (signing === 'near_miss') signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  return [
    ['X-AUTH-CLIENT', VERIFF_INTEGRATION.apiKey],
    ['X-HMAC-SIGNATURE', signature],
  ];
}

/** The route, provider and id a request reaches, as the stand-in (like API Gateway) resolves it. */
function routeOf(method: string, target: string) {
  // Every generated target is origin-form (it starts with /): `//x` is a path, not a host.
  const path = new URL(`http://127.0.0.1${target}`).pathname;
  const decode = (segment: string) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  const webhook = /^\/webhooks\/([^/]+)$/.exec(path);
  if (method === 'POST' && webhook)
    return { route: 'webhook', provider: decode(webhook[1] ?? '') } as const;
  // The inspector's sessions page (docs/inspector.md), served beside the API in local mode.
  if ((method === 'GET' || method === 'HEAD') && path === '/')
    return { route: 'inspector' } as const;
  const session = /^\/sessions\/([^/]+)\/([^/]+)$/.exec(path);
  if (method === 'GET' && session)
    return {
      route: 'session',
      provider: decode(session[1] ?? ''),
      id: decode(session[2] ?? ''),
    } as const;
  return { route: 'none' } as const;
}

type Expected = { readonly statuses: readonly number[]; readonly code: string };

/** What local mode must answer, computed independently of the handlers. */
function expectedAnswer(request: Generated): Expected {
  if (request.malformed)
    return { statuses: [request.malformed.expect[0]], code: request.malformed.expect[1] };
  // Node counts the request line with the headers; the generators stay clear of the boundary.
  const headerBytes = request.headers.reduce(
    (n, [name, value]) => n + name.length + value.length + 4,
    request.target.length,
  );
  if (headerBytes > 16_384) return { statuses: [431], code: 'Request Header Fields Too Large' };
  const route = routeOf(request.method, request.target);
  // An HTML page whatever the request body (a GET's body is read and dropped), read from the tables.
  if (route.route === 'inspector')
    return request.fault === 'tables_down'
      ? { statuses: [503], code: 'unavailable' }
      : { statuses: [200], code: 'inspector' };
  if (request.body.length > MAX_PAYLOAD_BYTES)
    return { statuses: [413], code: 'Request Entity Too Large' };
  if (route.route === 'none') return { statuses: [404], code: 'Not Found' };
  if (!PROVIDERS.has(route.provider)) return { statuses: [404], code: 'unknown_provider' };
  if (route.route === 'session') {
    if (route.id.length > MAX_ID_LENGTH) return { statuses: [400], code: 'invalid_session_id' };
    if (request.fault === 'tables_down') return { statuses: [503], code: 'unavailable' };
    // A known session exists once the consumer has applied one of its events.
    const known = route.id === CASAPAY_SESSION || route.id === VERIFF_SESSION;
    return { statuses: known ? [200, 404] : [404], code: 'session_not_found' };
  }
  if (request.body.length > MAX) return { statuses: [413], code: 'payload_too_large' };
  if (request.body.length === 0) return { statuses: [400], code: 'empty_body' };
  const authentic =
    request.signing === 'valid' || (request.signing === 'stale' && route.provider === 'veriff');
  if (!authentic) return { statuses: [401], code: 'unauthorized' };
  if (request.fault === 'queue_down') return { statuses: [503], code: 'unavailable' };
  return { statuses: [200], code: '' };
}

/** The bytes of the request: its headers, the signature, and the body framed as generated. */
function encode(request: Generated, port: number): Buffer {
  if (request.malformed) return request.malformed.bytes;
  const route = routeOf(request.method, request.target);
  const signed =
    route.route === 'webhook' && PROVIDERS.has(route.provider)
      ? signatureHeaders(route.provider, request.body, request.signing)
      : [];
  const lines = [
    `${request.method} ${request.target} HTTP/1.1`,
    `host: 127.0.0.1:${port}`,
    'connection: close',
  ];
  for (const [name, value] of [...request.headers, ...signed]) lines.push(`${name}: ${value}`);
  let framed = request.body;
  if (request.chunks && request.body.length > 0) {
    lines.push('transfer-encoding: chunked');
    const parts: Buffer[] = [];
    let at = 0;
    for (let i = 0; at < request.body.length; i++) {
      const size = request.chunks[i % request.chunks.length] ?? 1;
      const chunk = request.body.subarray(at, at + size);
      parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
      at += size;
    }
    framed = Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
  } else {
    lines.push(`content-length: ${request.body.length}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), framed]);
}

// ---- Breaking a dependency for one request -----------------------------------------------------

async function withFault<T>(fault: Fault, state: LocalState, work: () => Promise<T>): Promise<T> {
  if (fault === 'none') return work();
  const sqs = new SQSClient({ ...LOCAL_AWS, endpoint: state.sqsEndpoint });
  const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint });
  try {
    if (fault === 'queue_down') {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: state.queueUrl, AttributeNames: ['All'] }),
      );
      const keep = [
        'VisibilityTimeout',
        'MaximumMessageSize',
        'MessageRetentionPeriod',
        'RedrivePolicy',
      ] as const;
      await sqs.send(new DeleteQueueCommand({ QueueUrl: state.queueUrl }));
      try {
        return await work();
      } finally {
        await sqs.send(
          new CreateQueueCommand({
            QueueName: state.queueUrl.split('/').at(-1),
            Attributes: Object.fromEntries(
              keep.flatMap((k) => (Attributes[k] ? [[k, Attributes[k]]] : [])),
            ),
          }),
        );
      }
    }
    for (const table of [state.sessionsTable, state.quarantineTable])
      await dynamodb.send(new DeleteTableCommand({ TableName: table }));
    try {
      return await work();
    } finally {
      await createTables(dynamodb, state);
    }
  } finally {
    sqs.destroy();
    dynamodb.destroy();
  }
}

// ---- The property -------------------------------------------------------------------------------

describe('local mode over HTTP, under hostile and careless input', () => {
  let local: RunningLocalMode;
  let state: LocalState;
  let port = 0;
  beforeAll(async () => {
    // The operator's own secrets: the ones the test signs with.
    local = await startLocalMode({
      CASAPAY_SECRETS: JSON.stringify(SECRET_DOCUMENTS.casapay),
      VERIFF_SECRETS: JSON.stringify(SECRET_DOCUMENTS.veriff),
    });
    state = readLocalState(local.statePath);
    port = Number(new URL(local.url).port);
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('prints the operator’s secrets only as fingerprints', () => {
    const banner = local.output();
    for (const provider of ['casapay', 'veriff'] as const) {
      const text = JSON.stringify(SECRET_DOCUMENTS[provider]);
      expect(banner).toContain(
        `${provider.toUpperCase()}_SECRETS from your environment (not shown; fingerprint ${fingerprint(text)})`,
      );
    }
    for (const secret of [
      CASAPAY_SECRET,
      VERIFF_INTEGRATION.sharedSecret,
      VERIFF_INTEGRATION.apiKey,
    ])
      expect(banner).not.toContain(secret);
    // No ready-made signed request either: with these secrets it would be a credential.
    expect(banner).not.toMatch(/x-hmac-signature/i);
  });

  it(
    `answers ${REQUESTS} generated requests with documented statuses and JSON bodies, 5xx only under a fault`,
    async () => {
      const documented = documentedStatuses();
      const tally: Record<string, number> = {};
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const expected = expectedAnswer(request);
          const response = await withFault(request.fault, state, () =>
            rawRequest(port, encode(request, port), 10_000),
          );
          tally[response.status] = (tally[response.status] ?? 0) + 1;
          // With the last line local mode wrote, which says why (an outcome, an error name).
          const lastLine = local
            .output()
            .trimEnd()
            .split('\n')
            .at(-1)
            ?.replace(/.*("outcome".*)/, '$1')
            .slice(0, 300);
          const context = `${request.method} ${request.target.slice(0, 80)} -> ${response.status} ${response.body.subarray(0, 120)} (${request.fault}; last line: ${lastLine})`;
          expect(expected.statuses, context).toContain(response.status);
          if (response.status >= 500) expect(request.fault, context).not.toBe('none');
          if (response.status === 200 && expected.code === 'inspector') {
            expect(response.headers['content-type'], context).toBe('text/html; charset=utf-8');
            return;
          }
          expect(response.headers['content-type'], context).toMatch(/^application\/json/);
          // A HEAD answer has no body, unless the request never got parsed far enough to tell.
          if (request.method === 'HEAD' && response.body.length === 0) return;
          const body = JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;
          if (response.status === 200) {
            expect(documented.success, context).toContain(200);
            expect(body, context).toMatchObject(
              routeOf(request.method, request.target).route === 'webhook'
                ? { received: true, requestId: expect.any(String) }
                : { provider: expect.any(String), sessionId: expect.any(String) },
            );
          } else if ('error' in body) {
            expect(documented.errors, context).toContain(`${response.status} ${body.error}`);
            expect(body, context).toEqual({ error: expected.code, message: expect.any(String) });
          } else {
            expect(documented.gateway, context).toContain(`${response.status} ${body.message}`);
            expect(body, context).toEqual({ message: expected.code });
          }
        }),
        // The examples run first, so that every documented status is reached in every run. A
        // failure is reported as it happened: shrinking would replay requests against a pipeline
        // whose state (sessions, queue) has moved on.
        { numRuns: REQUESTS, endOnFailure: true, examples: EXAMPLES.map((e) => [e]) },
      );
      console.log(`local mode over HTTP: ${REQUESTS} requests, statuses ${JSON.stringify(tally)}`);
      for (const status of [200, 400, 401, 404, 413, 503])
        expect(tally[status], String(status)).toBeGreaterThan(0);
      // The applicants' data of the samples never reached the output, and neither did a secret.
      // Whole words: an error name such as QueueDoesNotExist is not the applicant's last name.
      for (const text of [...SEED_PII, CASAPAY_SECRET, VERIFF_INTEGRATION.sharedSecret])
        expect(local.output()).not.toMatch(new RegExp(`\\b${text.replace(/\./g, '\\.')}\\b`));
    },
    byProfile(240_000, 3_600_000),
  );
});
