// Fault injection into real AWS SDK clients: a middleware at the front of each client's stack
// numbers every call across the clients it is attached to, and makes one chosen call fail in a
// chosen way. The calls themselves go to the local emulators.
import { LONG_PROFILE } from './profile.js';

export type FaultKind =
  /** Refused before reaching AWS: ThrottlingException (client-side view after the SDK's retries). */
  | 'throttling'
  /** Refused before reaching AWS: a 5xx (InternalServerError). */
  | 'server_error'
  /** The connection broke before the request was sent (ECONNRESET). */
  | 'network_error'
  /** The call was executed by AWS, but its response never arrived (TimeoutError). */
  | 'timeout'
  /** The call was executed, then the function died: every later call of the invocation fails too. */
  | 'crash';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttling',
  'server_error',
  'network_error',
  'timeout',
  'crash',
];

export interface SdkCall {
  readonly position: number;
  readonly client: string;
  readonly command: string;
  readonly input: Record<string, unknown>;
}

interface MiddlewareClient {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; priority: 'high' }): void;
  };
}

const named = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`injected: ${message}`), { name, ...extra });

function refusal(kind: FaultKind): Error {
  switch (kind) {
    case 'throttling':
      return named('ThrottlingException', 'throttled', {
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    case 'server_error':
      return named('InternalServerError', 'internal server error', {
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      });
    default:
      return named('Error', 'connection reset', { code: 'ECONNRESET' });
  }
}

/** What a faulted HTTP call looks like to its caller (the report client). */
function httpRefusal(kind: FaultKind): Response | Error {
  if (kind === 'throttling') return new Response('{}', { status: 429 });
  if (kind === 'server_error') return new Response('{}', { status: 500 });
  return Object.assign(new TypeError('fetch failed'), {
    cause: named('Error', 'connection reset'),
  });
}

export class FaultPlan {
  readonly calls: SdkCall[] = [];
  /** The call the fault hit, once it has. */
  hit: SdkCall | undefined;
  /** Set when a `crash` fault fired: the current invocation is dead. */
  crashed = false;

  constructor(private readonly fault?: { readonly position: number; readonly kind: FaultKind }) {}

  /**
   * `fetch` numbered in the same sequence as the SDK calls: an HTTP call (to CasaPay's API, or
   * its stand-in) fails in the chosen way, answering 429 or 500 for the refusals.
   */
  wrapFetch(inner: typeof fetch, label = 'http'): typeof fetch {
    return async (input, init) => {
      if (this.crashed) throw named('Error', 'the function is dead');
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const call = {
        position: this.calls.length + 1,
        client: label,
        command: 'GET',
        input: { url },
      };
      this.calls.push(call);
      if (this.fault?.position !== call.position) return inner(input, init);
      this.hit = call;
      if (this.fault.kind === 'timeout' || this.fault.kind === 'crash') {
        const response = await inner(input, init);
        await response.arrayBuffer();
        if (this.fault.kind === 'crash') this.crashed = true;
        throw named('TimeoutError', 'response lost');
      }
      const refusal = httpRefusal(this.fault.kind);
      if (refusal instanceof Error) throw refusal;
      return refusal;
    };
  }

  attach<Client extends MiddlewareClient>(client: Client, label: string): Client {
    client.middlewareStack.add(
      (
        next: (args: { input: Record<string, unknown> }) => Promise<unknown>,
        context: { commandName: string },
      ) =>
        async (args: { input: Record<string, unknown> }) => {
          if (this.crashed) throw named('Error', 'the function is dead');
          const call = {
            position: this.calls.length + 1,
            client: label,
            command: context.commandName,
            input: args.input,
          };
          this.calls.push(call);
          if (this.fault?.position !== call.position) return next(args);
          this.hit = call;
          if (this.fault.kind === 'timeout' || this.fault.kind === 'crash') {
            const output = await next(args);
            if (this.fault.kind === 'crash') {
              this.crashed = true;
              return output;
            }
            throw named('TimeoutError', 'response lost');
          }
          throw refusal(this.fault.kind);
        },
      { step: 'initialize', name: `fault-plan-${label}`, priority: 'high' },
    );
    return client;
  }
}

export interface Fault {
  readonly position: number;
  readonly kind: FaultKind;
}

/**
 * A fault at every call position of a fault-free run of `positions` calls: each kind at each
 * position in the long profile, one kind per position (in turn) in the fast one.
 */
export function faultCases(positions: number): Fault[] {
  return Array.from({ length: positions }, (_, i) => i + 1).flatMap((position) =>
    LONG_PROFILE
      ? FAULT_KINDS.map((kind) => ({ position, kind }))
      : [{ position, kind: FAULT_KINDS[position % FAULT_KINDS.length] as FaultKind }],
  );
}

/**
 * Runs `run` with each fault and `check` on what it observed; resolves with one line per case
 * whose check threw (the fault, the call it hit, the first line of the failure), after printing
 * how many ran under `name`.
 */
export async function failedFaultCases<Observed extends { readonly plan: FaultPlan }>(
  name: string,
  positions: number,
  run: (fault: Fault) => Promise<Observed>,
  check: (observed: Observed) => void,
): Promise<string[]> {
  const cases = faultCases(positions);
  const failures: string[] = [];
  for (const fault of cases) {
    const observed = await run(fault);
    const hit = observed.plan.hit;
    const label = `${fault.kind} at call ${fault.position} (${hit?.client} ${hit?.command})`;
    try {
      if (!hit) throw new Error('the fault did not fire');
      check(observed);
    } catch (error) {
      failures.push(`${label}: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    }
  }
  console.log(
    `${name}: ${cases.length} runs over ${positions} call positions, ${failures.length} failed`,
  );
  return failures;
}
