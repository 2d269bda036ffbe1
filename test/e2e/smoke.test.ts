// `npm run smoke -- --local` against a running `npm start`: the same checks an operator runs
// against a deployed stack, one line each, and a failing exit code when one fails.
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRET_DOCUMENTS } from '../../functions/local/dev-secrets.js';
import { LOCAL_AWS } from '../../functions/local/emulators.js';
import { readLocalState } from '../../functions/local/local-state.js';
import { signatureHeaders } from '../../functions/local/signed-request.js';
import { PROVIDER_NAMES } from '../../functions/providers/registry.js';
import { type RunningLocalMode, runOperatorTool, startLocalMode } from '../support/local-mode.js';

/** The report's lines as [status, check], in order. */
const checks = (output: string) =>
  output
    .split('\n')
    .map((line) => /^(ok|FAIL|skip)\s+(.+?)\s{2,}/.exec(line))
    .flatMap((match) => (match ? [[match[1], match[2]]] : []));

describe('npm run smoke -- --local', () => {
  let local: RunningLocalMode;
  beforeAll(async () => {
    local = await startLocalMode();
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('passes every check against a fresh npm start, and exits 0', async () => {
    const { code, output } = await runOperatorTool(local, 'smoke', []);
    expect(code, output).toBe(0);
    // Local mode receives every registered provider.
    expect(checks(output)).toEqual([
      ['ok', 'outputs'],
      ...PROVIDER_NAMES.flatMap((provider) => [
        ['ok', `${provider} secret`],
        ['ok', `${provider} webhook`],
        ['ok', `${provider} session`],
      ]),
      ['ok', 'dead-letter queue'],
      ['ok', 'quarantine'],
    ]);
    expect(output).toContain('all checks passed');
  });

  it('reports an empty secret, skips its webhook, and exits 1', async () => {
    const { code, output } = await runOperatorTool(local, 'smoke', [], { CASAPAY_SECRETS: '{}' });
    expect(code).toBe(1);
    expect(checks(output).slice(1, 3)).toEqual([
      ['FAIL', 'casapay secret'],
      ['skip', 'casapay webhook'],
    ]);
    expect(output).toMatch(/casapay secret\s+is empty/);
    expect(checks(output).filter(([status]) => status === 'FAIL')).toHaveLength(1);
  });

  it('reports a webhook the ingest refuses, signed with a secret it does not hold', async () => {
    const other = JSON.stringify({
      integrations: [{ apiKey: 'local-api-key', sharedSecret: 'x' }],
    });
    const { code, output } = await runOperatorTool(local, 'smoke', [], { VERIFF_SECRETS: other });
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL veriff webhook\s+HTTP 401 unauthorized/);
  });

  it('reports what waits in the quarantine', async () => {
    // Authenticated, but no CasaPay event: accepted, then quarantined by the consumer.
    const body = '{"object":"not-an-event"}';
    const response = await fetch(`${local.url}/webhooks/casapay`, {
      method: 'POST',
      headers: signatureHeaders('casapay', body, DEV_SECRET_DOCUMENTS),
      body,
    });
    expect(response.status).toBe(200);
    const state = readLocalState(local.statePath);
    const dynamodb = new DynamoDBClient({ ...LOCAL_AWS, endpoint: state.dynamodbEndpoint });
    for (let tries = 0; tries < 50; tries++) {
      const { Count = 0 } = await dynamodb.send(
        new ScanCommand({ TableName: state.quarantineTable, Select: 'COUNT' }),
      );
      if (Count > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const { code, output } = await runOperatorTool(local, 'smoke', []);
    expect(code).toBe(1);
    expect(output).toMatch(/FAIL quarantine\s+1 entry: npm run replay-quarantine -- --dry-run/);
  });
});
