// Lambda entry of the publisher: fed by the sessions table's stream, it publishes each committed
// session change to the event bus.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { readPublisherConfig } from './config.js';
import { createMeteredTelemetry } from './observability/metered-telemetry.js';
import { loadTracing } from './observability/tracing.js';
import { EVENTBRIDGE_CLIENT_CONFIG, EventBridgeChangeBus } from './reactions/eventbridge-bus.js';
import { createPublisherHandler } from './reactions/publisher-handler.js';
import { jitteredBackoff } from './sessions/record-events.js';

const config = readPublisherConfig(process.env);
const tracing = await loadTracing();
const eventbridge = new EventBridgeClient(EVENTBRIDGE_CLIENT_CONFIG);
tracing?.instrument(eventbridge);

export const handler = createPublisherHandler(
  {
    bus: new EventBridgeChangeBus(eventbridge, config.eventBusName),
    maxPutAttempts: 3,
    backoff: jitteredBackoff(50),
    now: () => new Date(),
  },
  { ...createMeteredTelemetry(), tracing },
);
