// The ingest's core: authenticate a webhook against its provider's secrets and enqueue its raw
// body. It never interprets the event, so a parsing bug downstream cannot lose an accepted webhook.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  type AuthFailureReason,
  type ProviderAuthenticator,
  SecretDocumentError,
} from '../providers/provider.js';
import {
  alwaysQueueableBody,
  isCarriableRequestId,
  largestQueueableBody,
} from '../queue/queued-webhook.js';
import type { WebhookQueue } from '../queue/webhook-queue.js';
import type { ProviderSecrets } from '../secrets/secret-source.js';

export interface IntakePorts {
  /**
   * The authenticator of every provider received, by name (a map of full adapters fits too). The
   * field keeps the name it had when it held full adapters, so the tests and benches that build
   * ports need no change; `providerAuthenticators` is what the ingest passes.
   */
  readonly adapters: ReadonlyMap<string, ProviderAuthenticator>;
  readonly secrets: ProviderSecrets;
  readonly queue: WebhookQueue;
  readonly maxBodyBytes: number;
  readonly now: () => Date;
}

/** The only fields of the HTTP API v2 event the ingest reads. */
export type HttpApiRequest = Pick<
  APIGatewayProxyEventV2,
  'body' | 'isBase64Encoded' | 'headers' | 'pathParameters'
> & { readonly requestContext: { readonly requestId: string } };

/** What happened to one request. Expected outcomes are values; only bugs are exceptions. */
export type IntakeOutcome = { readonly requestId: string; readonly provider?: string } & (
  | { readonly kind: 'accepted'; readonly messageId: string; readonly bodyBytes: number }
  | { readonly kind: 'unknown_provider' }
  | { readonly kind: 'empty_body' }
  /** `limitBytes`: the body limit, or less when the queue message could not hold more. */
  | { readonly kind: 'payload_too_large'; readonly bodyBytes: number; readonly limitBytes: number }
  | { readonly kind: 'auth_failed'; readonly reason: AuthFailureReason }
  | { readonly kind: 'secrets_unavailable'; readonly error: unknown }
  /** `problem` names a path in the document and what is wrong there, never a value. */
  | { readonly kind: 'secret_document_invalid'; readonly problem: string }
  | { readonly kind: 'enqueue_failed'; readonly error: unknown }
);

/**
 * Header names in lower case, as the signature schemes look them up (HTTP names are
 * case-insensitive), in an object without a prototype: a header named `__proto__` or
 * `constructor` is just a header.
 */
function lowercaseHeaders(headers: HttpApiRequest['headers']): Record<string, string | undefined> {
  const lowered: Record<string, string | undefined> = Object.create(null);
  for (const [name, value] of Object.entries(headers ?? {})) lowered[name.toLowerCase()] = value;
  return lowered;
}

/** The registered provider a request is for, if any (the metric dimension of an early answer). */
export function providerOf(request: HttpApiRequest, ports: IntakePorts): string | undefined {
  const provider = request.pathParameters?.provider ?? '';
  return ports.adapters.has(provider) ? provider : undefined;
}

/**
 * API Gateway's request id, which travels as a message attribute. One SQS cannot carry (empty,
 * too long, characters SQS refuses) never comes from API Gateway, only from a hand-built event;
 * it is replaced rather than turned into a failed delivery.
 */
const correlationId = (request: HttpApiRequest): string =>
  isCarriableRequestId(request.requestContext.requestId)
    ? request.requestContext.requestId
    : randomUUID();

/**
 * Every check of the request against the limits of SQS (an empty body, a message over 1 MiB, the
 * attributes) comes before the first AWS call, so that bad input gets a 4xx, never a 5xx that the
 * provider would retry for days. `signal` aborts the work once the caller has been answered.
 */
export async function receiveWebhook(
  request: HttpApiRequest,
  ports: IntakePorts,
  signal?: AbortSignal,
): Promise<IntakeOutcome> {
  const receivedAt = ports.now();
  const requestId = correlationId(request);
  const provider = providerOf(request, ports);
  const authenticator = provider === undefined ? undefined : ports.adapters.get(provider);
  if (provider === undefined || authenticator === undefined)
    return { kind: 'unknown_provider', requestId };

  // Measure before decoding, so an oversized body is refused without copying it.
  const bodyText = request.body ?? '';
  const encoding = request.isBase64Encoded ? 'base64' : 'utf8';
  const bodyBytes = Buffer.byteLength(bodyText, encoding);
  if (bodyBytes > ports.maxBodyBytes || bodyBytes > alwaysQueueableBody(provider)) {
    const limitBytes = Math.min(
      ports.maxBodyBytes,
      largestQueueableBody({ provider, requestId, receivedAt: receivedAt.getTime() }),
    );
    if (bodyBytes > limitBytes) {
      return { kind: 'payload_too_large', requestId, provider, bodyBytes, limitBytes };
    }
  }
  const body = Buffer.from(bodyText, encoding);
  // SQS refuses an empty message, and no provider sends an empty webhook.
  if (body.byteLength === 0) return { kind: 'empty_body', requestId, provider };

  let secrets: unknown;
  try {
    secrets = await ports.secrets.secretsFor(authenticator);
  } catch (error) {
    if (error instanceof SecretDocumentError) {
      // Its message names paths in the document and what is wrong there, never a value.
      return { kind: 'secret_document_invalid', requestId, provider, problem: error.message };
    }
    return { kind: 'secrets_unavailable', requestId, provider, error };
  }
  const verification = authenticator.verify(
    { headers: lowercaseHeaders(request.headers), body },
    secrets,
    receivedAt,
  );
  if (!verification.ok)
    return { kind: 'auth_failed', requestId, provider, reason: verification.reason };

  // Answered already (503): queueing now would only make the provider's retry a duplicate.
  if (signal?.aborted) return { kind: 'enqueue_failed', requestId, provider, error: signal.reason };
  try {
    const text = request.isBase64Encoded ? undefined : bodyText;
    const { messageId } = await ports.queue.publish(
      { provider, body, receivedAt: receivedAt.getTime(), requestId, text },
      signal ? { signal } : {},
    );
    return { kind: 'accepted', requestId, provider, messageId, bodyBytes: body.byteLength };
  } catch (error) {
    return { kind: 'enqueue_failed', requestId, provider, error };
  }
}
