// The configuration of a Standard Webhooks source: a sender the integrator names, with its own
// route `/webhooks/<name>` and secret, and where in its JSON the session, the status and the time
// are, plus what each status means. Read from the construct's props at synth and from
// STANDARD_WEBHOOKS_SOURCES in every function, with the same schema.
import * as v from 'valibot';
import { OUTCOMES } from '../../sessions/session-event.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../timestamped-signature.js';

/** The environment variable that carries the sources (JSON) to the functions. */
export const STANDARD_WEBHOOKS_SOURCES_ENV = 'STANDARD_WEBHOOKS_SOURCES';

/**
 * A source name: lowercase words joined by single dashes, so that `/webhooks/<name>`,
 * `<NAME>_SECRETS` and the metric dimension are all it, and two names never map to one variable.
 */
export const SOURCE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A path into the webhook's JSON: keys (and array indexes) joined by dots, `data.object.id`. */
const JsonPath = v.pipe(
  v.string(),
  v.maxLength(256, 'must be at most 256 characters'),
  v.regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be keys joined by dots, like data.session_id'),
);

/** The actions a status may ask of the backend (docs/state-machine.md). */
export const SOURCE_ACTIONS = ['resubmit', 'remind_applicant'] as const;

const StatusMeaningSchema = v.object({
  outcome: v.nullable(v.picklist(OUTCOMES)),
  final: v.boolean(),
  action: v.optional(v.picklist(SOURCE_ACTIONS)),
});

const SourceSchema = v.object({
  name: v.pipe(
    v.string(),
    v.maxLength(40, 'must be at most 40 characters'),
    v.regex(SOURCE_NAME, 'must be lowercase words joined by dashes, like acme-kyc'),
  ),
  sessionIdPath: JsonPath,
  statusPath: JsonPath,
  timePath: v.optional(JsonPath),
  eventIdPath: v.optional(JsonPath),
  statuses: v.pipe(
    v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(256)), StatusMeaningSchema),
    v.check((record) => Object.keys(record).length > 0, 'must map at least one status'),
  ),
  toleranceSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(86_400)),
    DEFAULT_TOLERANCE_SECONDS,
  ),
});

const SourcesSchema = v.pipe(
  v.array(SourceSchema),
  v.check(
    (sources) => new Set(sources.map((s) => s.name)).size === sources.length,
    'name each source once',
  ),
);

/** What a status of a source means: the construct's and the environment's shape. */
export interface SourceStatusMeaning {
  readonly outcome: (typeof OUTCOMES)[number] | null;
  readonly final: boolean;
  readonly action?: (typeof SOURCE_ACTIONS)[number];
}

/** One Standard Webhooks sender, as the integrator configures it (docs/providers.md). */
export interface StandardWebhooksSourceConfig {
  /** The route (`POST /webhooks/<name>`), the secret (`<NAME>_SECRETS`) and the view's provider. */
  readonly name: string;
  /** Where the session id is, like `data.verification_id` (a string or a number). */
  readonly sessionIdPath: string;
  /** Where the event type or session status is, like `type`: the keys of `statuses`. */
  readonly statusPath: string;
  /** Where the event time is (ISO 8601, or unix seconds or milliseconds), like `timestamp`. */
  readonly timePath?: string;
  /** Where the sender's event id is, if it puts one in the body; else one is derived. */
  readonly eventIdPath?: string;
  /** Each status the sender sends, and what it means; other statuses are kept, not applied. */
  readonly statuses: Readonly<Record<string, SourceStatusMeaning>>;
  /** The replay window on `webhook-timestamp`, in seconds. Default 300 (the reference library's). */
  readonly toleranceSeconds?: number;
}

/** A validated source: statuses in a map, so that no status (`__proto__`) acts as a key. */
export interface StandardWebhooksSource {
  readonly name: string;
  readonly sessionIdPath: string;
  readonly statusPath: string;
  readonly timePath?: string | undefined;
  readonly eventIdPath?: string | undefined;
  readonly statuses: ReadonlyMap<string, SourceStatusMeaning>;
  readonly toleranceSeconds: number;
}

/** A source configuration that does not validate; the message names paths, never values. */
export class SourceConfigError extends Error {
  constructor(problem: string) {
    super(`Standard Webhooks sources are invalid: ${problem}`);
    this.name = 'SourceConfigError';
  }
}

/** Validates a list of source configurations; throws SourceConfigError naming the path. */
export function parseStandardWebhooksSources(config: unknown): readonly StandardWebhooksSource[] {
  const result = v.safeParse(SourcesSchema, config);
  if (!result.success) {
    const problems = result.issues.map(
      (issue) => `${v.getDotPath(issue) ?? '(list)'} ${issue.message}`,
    );
    throw new SourceConfigError(problems.join('; '));
  }
  return result.output.map((source) => ({
    ...source,
    statuses: new Map(Object.entries(source.statuses)),
  }));
}

/** The sources as the functions' environment carries them. */
export function sourcesEnvironment(
  sources: readonly StandardWebhooksSourceConfig[],
): Record<string, string> {
  return sources.length === 0 ? {} : { [STANDARD_WEBHOOKS_SOURCES_ENV]: JSON.stringify(sources) };
}

/** The sources of an environment: none when the variable is unset. */
export function readStandardWebhooksSources(
  env: Readonly<Record<string, string | undefined>>,
): readonly StandardWebhooksSource[] {
  const text = env[STANDARD_WEBHOOKS_SOURCES_ENV]?.trim();
  if (!text) return [];
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new SourceConfigError(`${STANDARD_WEBHOOKS_SOURCES_ENV} is not JSON`);
  }
  return parseStandardWebhooksSources(config);
}

/**
 * The value at `path` in `json`, reading own properties only (a path through `__proto__` finds
 * nothing), or undefined.
 */
export function valueAt(json: unknown, path: string): unknown {
  let value: unknown = json;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
