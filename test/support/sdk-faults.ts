// Injects failures into a real AWS SDK client (a middleware at the front of its stack), so tests
// exercise the code's reaction to AWS errors while everything else talks to the emulators.

/** The part of an SDK client the injector needs. */
interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: unknown,
      options: { step: 'initialize'; name: string; priority?: 'high' },
    ): void;
    remove(name: string): boolean;
  };
}

export interface SdkCall {
  readonly commandName: string;
  readonly input: Record<string, unknown>;
}

/**
 * Makes every call for which `shouldFail` returns true throw `error()` before it is sent.
 * Returns a function that removes the fault.
 */
export function injectFault(
  client: MiddlewareClient,
  shouldFail: (call: SdkCall) => boolean,
  error: () => Error,
): () => void {
  const name = `fault-${Math.random().toString(36).slice(2)}`;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        if (shouldFail({ commandName: context.commandName, input: args.input })) throw error();
        return next(args);
      },
    { step: 'initialize', name, priority: 'high' },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}

export const serviceUnavailable = (): Error =>
  Object.assign(new Error('injected: service unavailable'), {
    name: 'ServiceUnavailable',
    $fault: 'server',
  });
