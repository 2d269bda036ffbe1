// Turns intake outcomes into HTTP API responses. Bodies are fixed texts: nothing from the request,
// the secrets or an exception ever reaches the caller.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { IntakeOutcome } from './receive-webhook.js';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; body: string };

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** `{"error": "<code>", "message": "..."}` with `status`. */
export function errorResponse(statusCode: number, error: string, message: string): HttpResponse {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify({ error, message }) };
}

export function jsonResponse(statusCode: number, payload: unknown): HttpResponse {
  return { statusCode, headers: JSON_HEADERS, body: JSON.stringify(payload) };
}

/** The HTTP answer to each intake outcome (docs/intake.md, "Statuses"). */
export function intakeResponse(outcome: IntakeOutcome): HttpResponse {
  switch (outcome.kind) {
    case 'accepted':
      // Veriff counts anything but 200 as a failed delivery, so acceptance is always 200.
      return jsonResponse(200, { received: true, requestId: outcome.requestId });
    case 'unknown_provider':
      return errorResponse(404, 'unknown_provider', 'No such webhook provider.');
    case 'empty_body':
      return errorResponse(400, 'empty_body', 'The webhook has no body.');
    case 'payload_too_large':
      return errorResponse(
        413,
        'payload_too_large',
        `The body exceeds ${outcome.limitBytes} bytes.`,
      );
    case 'auth_failed':
      // One answer for every reason, so probing learns nothing about keys, secrets or clocks.
      return errorResponse(401, 'unauthorized', 'The webhook signature could not be verified.');
    case 'secrets_unavailable':
    case 'secret_document_invalid':
    case 'enqueue_failed':
      return SERVICE_UNAVAILABLE;
  }
}

/** Nothing was accepted: the provider must deliver again. */
export const SERVICE_UNAVAILABLE = errorResponse(
  503,
  'unavailable',
  'The webhook was not accepted; retry later.',
);

/** The last-resort answer for a bug: 500, with nothing of the error in it. */
export const INTERNAL_ERROR = errorResponse(500, 'internal_error', 'Unexpected error.');
