// The checks of `npm run smoke`, as an operator runs them right after a deploy: the outputs are
// there, each enabled provider's secret holds a document, a webhook signed with it is accepted and
// reaches the IAM-authorized session view, and nothing waits in the DLQ or the quarantine.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SignatureV4 } from '@smithy/signature-v4';
import { openingSample } from '../../functions/local/samples.js';
import { type ProviderName, providerAdapters } from '../../functions/providers/registry.js';
import { deadLetterCounts } from './redrive.js';
import type { PipelineTargets } from './targets.js';

export type CheckStatus = 'ok' | 'FAIL' | 'skip';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly check: string;
  readonly detail: string;
}

export interface SmokeOptions {
  /** Called with each result as soon as it is known. */
  readonly report: (result: CheckResult) => void;
  /** How long a webhook may take to reach the session view. Default 30 s. */
  readonly sessionTimeoutMs?: number;
  readonly now?: () => Date;
}

/** SHA-256 (and its HMAC) from node:crypto, in the shape SignatureV4 asks for. */
class Sha256 {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    const key =
      typeof this.secret === 'string' ? this.secret : Buffer.from(this.secret as ArrayBuffer);
    return createHmac('sha256', key);
  }

  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

/** A sample webhook of `provider` for a new session: the first one the provider sends. */
const sampleWebhook = (provider: ProviderName, now: Date) => openingSample(provider, now);

/** The document is the `{}` the stack creates each secret with: nobody stored the real one yet. */
const isPlaceholder = (document: unknown) =>
  typeof document === 'object' && document !== null && Object.keys(document).length === 0;

/** GET on the session view, signed with SigV4 for execute-api (local mode ignores the signature). */
async function readSession(
  targets: PipelineTargets,
  provider: ProviderName,
  sessionId: string,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(
    targets.sessionViewUrl
      .replace('{provider}', encodeURIComponent(provider))
      .replace('{sessionId}', encodeURIComponent(sessionId)),
  );
  const signer = new SignatureV4({
    service: 'execute-api',
    region: targets.region,
    credentials: await targets.credentials(),
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query: {},
    headers: { host: url.host },
  });
  const response = await fetch(url, { headers: signed.headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an API Gateway error page): kept as text for the report.
  }
  return { status: response.status, body };
}

/** The `error` code of a JSON error body, or the HTTP status alone. */
const errorOf = (status: number, body: unknown) =>
  `HTTP ${status}${typeof body === 'object' && body !== null && 'error' in body ? ` ${String(body.error)}` : ''}`;

async function checkProvider(
  targets: PipelineTargets,
  provider: ProviderName,
  options: SmokeOptions,
): Promise<void> {
  const { report } = options;
  const adapter = providerAdapters().get(provider);
  if (!adapter) throw new Error(`no adapter for ${provider}`);
  let secrets: unknown;
  try {
    const document = await targets.secretDocument(provider);
    if (isPlaceholder(document)) {
      report({
        status: 'FAIL',
        check: `${provider} secret`,
        detail:
          'is empty ({}): store the provider document (README, "Deploy"); the ingest answers 503 until then',
      });
      report({ status: 'skip', check: `${provider} webhook`, detail: 'no secret to sign with' });
      return;
    }
    // The adapter's own validation (its message names paths, never values), and its trimming:
    // the webhook is signed with the secret exactly as the ingest will read it.
    secrets = adapter.parseSecrets(document);
    report({ status: 'ok', check: `${provider} secret`, detail: 'holds a valid document' });
  } catch (error) {
    report({
      status: 'FAIL',
      check: `${provider} secret`,
      detail: error instanceof Error ? error.message : String(error),
    });
    report({ status: 'skip', check: `${provider} webhook`, detail: 'no secret to sign with' });
    return;
  }

  const now = options.now?.() ?? new Date();
  const { sessionId, body } = sampleWebhook(provider, now);
  const response = await fetch(targets.webhookUrls[provider] ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...adapter.sign(body, secrets, now) },
    body,
  });
  const answer = (await response.json().catch(() => ({}))) as { requestId?: string };
  if (response.status !== 200 || !answer.requestId) {
    report({
      status: 'FAIL',
      check: `${provider} webhook`,
      detail: `${errorOf(response.status, answer)} from ${targets.webhookUrls[provider]}`,
    });
    return;
  }
  report({
    status: 'ok',
    check: `${provider} webhook`,
    detail: `accepted, requestId ${answer.requestId}`,
  });

  // The consumer applies it asynchronously: poll the view until the delivery shows.
  const deadline = Date.now() + (options.sessionTimeoutMs ?? 30_000);
  for (;;) {
    const last = await readSession(targets, provider, sessionId);
    const events = (last.body as { events?: { requestId?: string }[] } | undefined)?.events ?? [];
    if (last.status === 200 && events.some((e) => e.requestId === answer.requestId)) {
      report({
        status: 'ok',
        check: `${provider} session`,
        detail: `${sessionId} shows the event (SigV4 view)`,
      });
      return;
    }
    if (Date.now() > deadline || (last.status !== 200 && last.status !== 404)) {
      report({
        status: 'FAIL',
        check: `${provider} session`,
        detail: `${sessionId}: ${errorOf(last.status, last.body)} from the session view`,
      });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function quarantineCount(targets: PipelineTargets): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  do {
    const page = await targets.dynamodb.send(
      new ScanCommand({
        TableName: targets.quarantineTable,
        Select: 'COUNT',
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return count;
}

/** The check of a place where failed webhooks are set aside: it passes when that place is empty. */
const setAside = (check: string, count: number, noun: string, tool: string): CheckResult =>
  count === 0
    ? { status: 'ok', check, detail: 'empty' }
    : { status: 'FAIL', check, detail: `${count} ${noun}: ${tool} -- --dry-run` };

/** Runs every check, reporting each; resolves with all the results. */
export async function smoke(
  targets: PipelineTargets,
  options: SmokeOptions,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const report = (result: CheckResult) => {
    results.push(result);
    options.report(result);
  };
  const providers = Object.keys(targets.webhookUrls) as ProviderName[];
  report(
    providers.length > 0
      ? {
          status: 'ok',
          check: 'outputs',
          detail: `webhook URLs of ${providers.join(', ')}, session view, queues, quarantine`,
        }
      : { status: 'FAIL', check: 'outputs', detail: 'no webhook URL for any provider' },
  );
  for (const provider of providers) await checkProvider(targets, provider, { ...options, report });

  const { visible, inFlight } = await deadLetterCounts(targets);
  report(setAside('dead-letter queue', visible + inFlight, 'message(s)', 'npm run redrive'));
  const quarantined = await quarantineCount(targets);
  report(
    setAside(
      'quarantine',
      quarantined,
      quarantined === 1 ? 'entry' : 'entries',
      'npm run replay-quarantine',
    ),
  );
  return results;
}
