// Wires the session view: `GET /sessions/{provider}/{sessionId}` from the sessions table.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  errorResponse,
  type HttpResponse,
  INTERNAL_ERROR,
  jsonResponse,
} from '../intake/http-responses.js';
import { errorSummary } from '../observability/error-summary.js';
import { observe, type Telemetry } from '../observability/telemetry.js';
import { MAX_ID_LENGTH } from '../providers/event-parsing.js';
import type { SessionStore } from '../sessions/session-record.js';
import { sessionView } from './session-view.js';

export interface SessionViewPorts {
  readonly providers: ReadonlySet<string>;
  readonly sessions: Pick<SessionStore, 'load'>;
}

export function createSessionViewHandler(ports: SessionViewPorts, telemetry: Telemetry) {
  const { logger } = telemetry;
  const view = async (
    event: Pick<APIGatewayProxyEventV2, 'pathParameters'>,
  ): Promise<HttpResponse> => {
    const provider = event.pathParameters?.provider ?? '';
    const sessionId = event.pathParameters?.sessionId ?? '';
    if (!ports.providers.has(provider))
      return errorResponse(404, 'unknown_provider', 'No such webhook provider.');
    // Checked before the read: a longer id can never be stored (the consumer quarantines it), and
    // one past DynamoDB's key size would make GetItem fail, a 5xx for what is the caller's input.
    if (sessionId.length > MAX_ID_LENGTH)
      return errorResponse(
        400,
        'invalid_session_id',
        `Session ids are at most ${MAX_ID_LENGTH} characters.`,
      );
    let record: Awaited<ReturnType<SessionStore['load']>>;
    try {
      // Strongly consistent: whoever just saw a 200 for a webhook reads the state it produced.
      record = await ports.sessions.load(provider, sessionId, { consistent: true });
    } catch (error) {
      logger.error('session read failed', { provider, ...errorSummary(error) });
      return errorResponse(503, 'unavailable', 'The session could not be read; retry later.');
    }
    if (!record)
      return errorResponse(
        404,
        'session_not_found',
        'No events have been received for this session.',
      );
    return jsonResponse(200, sessionView(record));
  };
  return middy(view)
    .use(observe(telemetry))
    .use({
      onError: async (request) => {
        logger.error('unexpected session view error', errorSummary(request.error));
        request.response = INTERNAL_ERROR;
      },
    });
}
