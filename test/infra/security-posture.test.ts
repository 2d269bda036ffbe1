// The security review's controls, asserted on the synthesized template (docs/security.md).
import { describe, expect, it } from 'vitest';
import { applicationStatements, template } from '../support/stack.js';

const t = template();
const resources = (type: string) =>
  Object.values(t.findResources(type)).map((r) => r.Properties as Record<string, unknown>);

describe('security posture of the stack', () => {
  it('encrypts every queue, table and secret at rest', () => {
    for (const queue of resources('AWS::SQS::Queue')) expect(queue.SqsManagedSseEnabled).toBe(true);
    for (const table of resources('AWS::DynamoDB::Table'))
      expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    // Secrets Manager always encrypts; no secret may fall back to a plaintext parameter elsewhere.
    expect(resources('AWS::SSM::Parameter')).toEqual([]);
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

  it('keeps secret values out of every function configuration', () => {
    for (const fn of resources('AWS::Lambda::Function')) {
      const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const [name, value] of Object.entries(variables)) {
        expect(name).not.toMatch(/SECRETS$|PASSWORD|TOKEN/);
        expect(JSON.stringify(value)).not.toMatch(/whsec_|sharedSecret/);
      }
    }
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
