// Factories for signed webhook requests in the API Gateway HTTP API (payload v2) shape.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { signCasaPay } from '../../functions/providers/casapay/signature.js';
import { signVeriff } from '../../functions/providers/veriff/signature.js';

export const CASAPAY_SECRET = 'whsec_test_signing_secret';
export const VERIFF_INTEGRATION = { apiKey: 'test-api-key', sharedSecret: 'test-shared-secret' };

/** The secret documents, as Secrets Manager or the environment would hold them. */
export const SECRET_DOCUMENTS = {
  casapay: { signingSecrets: [CASAPAY_SECRET] },
  veriff: { integrations: [VERIFF_INTEGRATION] },
};

export interface EventOptions {
  readonly headers?: Record<string, string>;
  readonly base64?: boolean;
  readonly requestId?: string;
}

export function httpApiEvent(
  provider: string,
  body: Uint8Array | string,
  options: EventOptions = {},
): APIGatewayProxyEventV2 {
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const requestId = options.requestId ?? randomUUID();
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{provider}',
    rawPath: `/webhooks/${provider}`,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...options.headers },
    pathParameters: { provider },
    isBase64Encoded: options.base64 ?? false,
    body: options.base64 ? bytes.toString('base64') : bytes.toString('utf8'),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: 'POST',
        path: `/webhooks/${provider}`,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId,
      routeKey: 'POST /webhooks/{provider}',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

export function casapayEvent(
  body: Uint8Array | string,
  at: Date,
  options: EventOptions = {},
): APIGatewayProxyEventV2 {
  const signature = signCasaPay(body, CASAPAY_SECRET, Math.floor(at.getTime() / 1000));
  return httpApiEvent('casapay', body, {
    ...options,
    headers: { 'X-CasaPay-Signature': signature, ...options.headers },
  });
}

export function veriffEvent(
  body: Uint8Array | string,
  options: EventOptions = {},
): APIGatewayProxyEventV2 {
  const headers = {
    'X-AUTH-CLIENT': VERIFF_INTEGRATION.apiKey,
    'X-HMAC-SIGNATURE': signVeriff(body, VERIFF_INTEGRATION.sharedSecret),
  };
  return httpApiEvent('veriff', body, { ...options, headers: { ...headers, ...options.headers } });
}

/** The Lambda context middy and the Powertools logger read. */
export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
