// The ingest's core: authenticate a webhook against its provider's secrets and enqueue its raw
// body. It never interprets the event, so a parsing bug downstream cannot lose an accepted webhook.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { AuthFailureReason, ProviderAdapter } from '../providers/provider.js';
import type { WebhookQueue } from '../queue/webhook-queue.js';
import type { ProviderSecrets } from '../secrets/secret-source.js';

export interface IntakePorts {
  readonly adapters: ReadonlyMap<string, ProviderAdapter>;
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
  | { readonly kind: 'payload_too_large'; readonly bodyBytes: number }
  | { readonly kind: 'auth_failed'; readonly reason: AuthFailureReason }
  | { readonly kind: 'secrets_unavailable'; readonly error: unknown }
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

export async function receiveWebhook(
  request: HttpApiRequest,
  ports: IntakePorts,
): Promise<IntakeOutcome> {
  const receivedAt = ports.now();
  const requestId = request.requestContext.requestId;
  const provider = request.pathParameters?.provider ?? '';
  const adapter = ports.adapters.get(provider);
  if (adapter === undefined) return { kind: 'unknown_provider', requestId };

  // Measure before decoding, so an oversized body is refused without copying it.
  const bodyText = request.body ?? '';
  const encoding = request.isBase64Encoded ? 'base64' : 'utf8';
  const bodyBytes = Buffer.byteLength(bodyText, encoding);
  if (bodyBytes > ports.maxBodyBytes) {
    return { kind: 'payload_too_large', requestId, provider, bodyBytes };
  }
  const body = Buffer.from(bodyText, encoding);

  let secrets: unknown;
  try {
    secrets = await ports.secrets.secretsFor(adapter);
  } catch (error) {
    return { kind: 'secrets_unavailable', requestId, provider, error };
  }
  const verification = adapter.verify(
    { headers: lowercaseHeaders(request.headers), body },
    secrets,
    receivedAt,
  );
  if (!verification.ok)
    return { kind: 'auth_failed', requestId, provider, reason: verification.reason };

  try {
    const { messageId } = await ports.queue.publish({
      provider,
      body,
      receivedAt: receivedAt.getTime(),
      requestId,
    });
    return { kind: 'accepted', requestId, provider, messageId, bodyBytes: body.byteLength };
  } catch (error) {
    return { kind: 'enqueue_failed', requestId, provider, error };
  }
}
