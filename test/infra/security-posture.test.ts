// The security review's controls, asserted on the synthesized template (docs/security.md).
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDER_NAMES } from '../../functions/providers/registry.js';
import { applicationStatements, template } from '../support/stack.js';

const t = template();
const resources = (type: string) =>
  Object.values(t.findResources(type)).map((r) => r.Properties as Record<string, unknown>);

describe('security posture of the stack', () => {
  it('encrypts every queue, table and secret at rest', () => {
    for (const queue of resources('AWS::SQS::Queue')) expect(queue.SqsManagedSseEnabled).toBe(true);
    for (const table of resources('AWS::DynamoDB::Table'))
      expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    // The provider secrets live only in Secrets Manager, which encrypts them: the template (kept in
    // plain text by CloudFormation and in cdk.out) holds nothing but the empty placeholder.
    const secrets = resources('AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(DEFAULT_PROVIDER_NAMES.length);
    for (const secret of secrets) expect(secret.SecretString).toBe('{}');
  });

  it('refuses unencrypted transport to every queue and to the alarm topic', () => {
    const denials = [
      ...resources('AWS::SQS::QueuePolicy'),
      ...resources('AWS::SNS::TopicPolicy'),
    ].map((p) => JSON.stringify((p.PolicyDocument as { Statement: unknown[] }).Statement));
    expect(denials).toHaveLength(
      resources('AWS::SQS::Queue').length + resources('AWS::SNS::Topic').length,
    );
    for (const statement of denials) expect(statement).toContain('"aws:SecureTransport":"false"');
  });

  it('leaves only the webhook route without IAM authorization (providers sign with HMAC instead)', () => {
    const open = resources('AWS::ApiGatewayV2::Route').filter(
      (r) => (r.AuthorizationType ?? 'NONE') === 'NONE',
    );
    expect(open.map((r) => r.RouteKey)).toEqual(['POST /webhooks/{provider}']);
  });

  it('keeps secret values out of every function configuration, even when the shell holds them', () => {
    // A developer's shell often holds local mode's secret documents when they deploy.
    const shell = {
      CASAPAY_SECRETS: JSON.stringify({ signingSecrets: ['whsec_in_the_deploying_shell'] }),
      VERIFF_SECRETS: JSON.stringify({
        integrations: [{ apiKey: 'key-in-the-shell', sharedSecret: 'shared-in-the-shell' }],
      }),
    };
    Object.assign(process.env, shell);
    let synthesized: Template;
    try {
      synthesized = template();
    } finally {
      for (const name of Object.keys(shell)) delete process.env[name];
    }
    expect(JSON.stringify(synthesized.toJSON())).not.toMatch(/in-the-shell|in_the_deploying_shell/);
    // What a function gets instead is a reference to a secret, which it reads at run time.
    const secretIds = Object.keys(synthesized.findResources('AWS::SecretsManager::Secret'));
    const references: unknown[] = [];
    for (const fn of Object.values(synthesized.findResources('AWS::Lambda::Function'))) {
      const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(variables).filter((name) => /SECRETS$/.test(name))).toEqual([]);
      for (const [name, value] of Object.entries(variables))
        if (name.endsWith('_SECRET_ID')) references.push((value as { Ref?: string }).Ref);
    }
    // The ingest reads every secret; the report fetcher reads CasaPay's too.
    expect([...new Set(references)].sort()).toEqual(secretIds.sort());
  });

  it('grants no role a wildcard action, and wildcard resources only to X-Ray', () => {
    for (const [id] of Object.entries(t.findResources('AWS::IAM::Role'))) {
      const statements = applicationStatements(t, id);
      for (const s of statements) {
        for (const action of Array.isArray(s.Action) ? s.Action : [s.Action])
          expect(action).not.toMatch(/\*/);
        expect(s.Resource).not.toBe('*');
      }
    }
  });
});
