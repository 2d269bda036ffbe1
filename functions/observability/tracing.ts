// X-Ray tracing through Powertools Tracer, loaded only when tracing is on: the X-Ray SDK is about
// a quarter of a bundle's size, and a function that does not trace should not pay its start-up cost
// (esbuild keeps a dynamically imported module uninitialised until the import runs, and the stack
// leaves it out of the bundle altogether when tracing is off: lib/webhook-function.ts).
import type { MiddlewareObj } from '@middy/core';

export interface Tracing {
  /** The middy middleware that opens the handler's subsegment and records errors. */
  readonly middleware: MiddlewareObj;
  /** Records every call of an AWS SDK v3 client as a subsegment. */
  instrument<Client>(client: Client): Client;
}

/** Off when POWERTOOLS_TRACE_ENABLED is `false` (the stack sets it from its `tracing` property). */
export async function loadTracing(
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | undefined> {
  if (env.POWERTOOLS_TRACE_ENABLED === 'false') return undefined;
  const [{ Tracer }, { captureLambdaHandler }] = await Promise.all([
    import('@aws-lambda-powertools/tracer'),
    import('@aws-lambda-powertools/tracer/middleware'),
  ]);
  const tracer = new Tracer();
  return {
    middleware: captureLambdaHandler(tracer),
    instrument: (client) => tracer.captureAWSv3Client(client),
  };
}
