// The contract every identity-verification provider implements to be received by idv-webhooks:
// how its webhooks are authenticated (ProviderAuthenticator, all the ingest loads), how its events
// are read, and how they change a session (ProviderAdapter).
import type { SessionRules } from '../sessions/session-event.js';
import type { Delivery, ParsedEvent } from './event-parsing.js';

/** A webhook as the signature schemes see it: lowercased header names and the raw body bytes. */
export interface SignedRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Uint8Array;
}

/** Why a request failed authentication. Logged, never returned to the caller. */
export type AuthFailureReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'stale_timestamp'
  | 'signature_mismatch'
  | 'missing_api_key'
  | 'unknown_api_key';

export type Verification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: AuthFailureReason };

/**
 * How one provider's webhooks are authenticated: all the ingest needs of a provider. `Secrets` is
 * the parsed form of its secret document (every scheme accepts several secrets, so a rotation
 * never rejects a correctly signed webhook). Kept apart from the event parsers and lifecycle rules
 * so that the ingest's bundle holds none of them (docs/benchmarks.md, section 4).
 */
export interface ProviderAuthenticator<Secrets = unknown> {
  readonly name: string;
  /** Validates the provider's secret document and trims every secret; throws SecretDocumentError. */
  parseSecrets(document: unknown): Secrets;
  /** Pure: authenticates `request` against `secrets` as of `now`. */
  verify(request: SignedRequest, secrets: Secrets, now: Date): Verification;
  /**
   * Pure: the headers the provider would send with `body` at `now`, signed with the first (newest)
   * secret of `secrets`. What `verify` checks, so tests, `npm run send` and the smoke test sign
   * exactly what production verifies.
   */
  sign(body: string | Uint8Array, secrets: Secrets, now: Date): Record<string, string>;
}

/**
 * One provider, whole: its authentication, and how its events are read and change a session
 * (what the consumer and the report fetcher need). `Facts` is what its events record about a
 * session besides the status.
 */
export interface ProviderAdapter<Secrets = unknown, Facts = unknown>
  extends ProviderAuthenticator<Secrets> {
  /** Pure: reads an authenticated body into a session event, or says why it cannot. */
  parseEvent(body: Uint8Array, delivery: Delivery): ParsedEvent;
  /** The session lifecycle of this provider's events. */
  readonly rules: SessionRules<Facts>;
}

/** A secret document that does not have its provider's shape. The message names paths, never values. */
export class SecretDocumentError extends Error {
  constructor(provider: string, problem: string) {
    super(`${provider} secret document is invalid: ${problem}`);
    this.name = 'SecretDocumentError';
  }
}

/**
 * A setting of one provider that a deployment may change, such as CasaPay's replay window. The
 * provider's module declares it; the construct writes it into the ingest's environment variable
 * `env` and the ingest reads it back once, at cold start. Every option so far is a positive
 * integer, so that is the one kind there is.
 */
export interface ProviderOption {
  /** The ingest's environment variable that carries the value. */
  readonly env: string;
  readonly default: number;
  /** What the option means, for the documentation of the construct's props. */
  readonly description: string;
}

/** A provider's options, by the name they have in the construct's props. */
export type ProviderOptionSpecs = Readonly<Record<string, ProviderOption>>;

/**
 * Values for some of a provider's options; the others keep their defaults. A provider without
 * options takes none: `{}` type-checks, an option it does not declare does not.
 */
export type ProviderOptionValues<Specs extends ProviderOptionSpecs> = [keyof Specs] extends [never]
  ? Readonly<Record<string, never>>
  : { readonly [Name in keyof Specs]?: number };

/**
 * A provider as the light registry (`authenticators.ts`) holds it: the options it declares and its
 * authenticator given their values. The full adapter is `registry.ts`'s.
 */
export interface ProviderModule<Specs extends ProviderOptionSpecs = ProviderOptionSpecs> {
  readonly options: Specs;
  /**
   * Whether the construct receives this provider when its props do not name it. Only the
   * providers of the first release (CasaPay, Veriff) are, so that an upgrade creates no secret or
   * route nobody asked for (docs/construct.md, "Providers").
   */
  readonly enabledByDefault?: boolean;
  authenticator(options?: ProviderOptionValues<Specs>): ProviderAuthenticator;
}

/** The ingest's environment for a provider's options: every one, with defaults filled in. */
export function optionsEnvironment<Specs extends ProviderOptionSpecs>(
  specs: Specs,
  values: ProviderOptionValues<Specs> = {},
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => {
      const value = (values as Readonly<Record<string, number | undefined>>)[name];
      return [spec.env, String(value ?? spec.default)];
    }),
  );
}
