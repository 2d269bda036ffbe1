// `npm start -- --forward-to <url>` (or FORWARD_TO): where local mode forwards session changes,
// and the Standard Webhooks secret it signs them with (FORWARD_SECRET, or a development one it
// makes up and prints). Also the one line the console shows per change.
import { newSecret, secretKey } from '../providers/standard-webhooks/signature.js';
import type { SessionChangedEnvelope } from '../reactions/session-change.js';
import { fingerprint } from './local-secrets.js';
import { LocalSetupError } from './setup-errors.js';

export interface Forwarding {
  readonly url: string;
  readonly secret: string;
  /** How the console names the secret: in full when made up here, a fingerprint when it is yours. */
  readonly secretShown: string;
}

/** The value of `--forward-to <url>` or `--forward-to=<url>` in `argv`. */
function argument(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === name) return argv[i + 1] ?? '';
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/** The forwarding asked for, or undefined; a mistake in it is one line that says what to do. */
export function readForwarding(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Forwarding | undefined {
  const flag = argument(argv, '--forward-to');
  const url = flag ?? env.FORWARD_TO?.trim();
  // No forwarding asked for; `--forward-to` with nothing after it is a mistake, said below.
  if (url === undefined || (url === '' && flag === undefined)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LocalSetupError(
      `--forward-to needs an http(s) URL, e.g. npm start -- --forward-to http://127.0.0.1:4000/idv`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new LocalSetupError('--forward-to needs an http:// or https:// URL');
  }
  const given = env.FORWARD_SECRET?.trim();
  if (!given) {
    const secret = newSecret();
    return { url: parsed.href, secret, secretShown: `${secret}  (made up for this run)` };
  }
  try {
    secretKey(given);
  } catch (error) {
    throw new LocalSetupError(`FORWARD_SECRET is not usable: ${(error as Error).message}`);
  }
  return {
    url: parsed.href,
    secret: given,
    secretShown: `FORWARD_SECRET from your environment (fingerprint ${fingerprint(given)})`,
  };
}

/** Where a CasaPay report's retrieval stands, as `  report vr_1 retrying (attempt 2, rate_limited)`. */
function reportPart(facts: unknown): string {
  const report = (facts as { verificationReport?: unknown } | null)?.verificationReport as
    | { id?: unknown; retrieval?: unknown; attempts?: unknown; lastError?: unknown }
    | null
    | undefined;
  if (!report || typeof report.id !== 'string') return '';
  const notes = [
    typeof report.attempts === 'number' && report.attempts > 0 ? `attempt ${report.attempts}` : '',
    typeof report.lastError === 'string' ? report.lastError : '',
  ].filter((note) => note !== '');
  return `  report ${report.id} ${String(report.retrieval)}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

/**
 * `change casapay vs_123  processing -> completed  outcome approved (final)  actions ...  report
 * vr_1 retrieved (attempt 1)`
 */
export function changeLine({ detail }: SessionChangedEnvelope): string {
  const from = detail.previousStatus ?? '(new)';
  const outcome = detail.outcome ?? '-';
  const actions =
    detail.actions.length === 0 ? '' : `  actions ${detail.actions.map((a) => a.action).join(',')}`;
  return `change ${detail.provider} ${detail.sessionId}  ${from} -> ${detail.status ?? '-'}  outcome ${outcome}${detail.final ? ' (final)' : ''}${actions}${reportPart(detail.facts)}`;
}
