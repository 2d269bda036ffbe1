// Checks recorded AWS calls (test/support/aws-calls) against the synthesized roles: each call's
// action must be allowed, by that function's own role, on the very resource the function's
// configuration names.
import type { Template } from 'aws-cdk-lib/assertions';
import { EVENT_SOURCE, type FunctionName, type RecordedCall } from './aws-calls.js';
import { logicalId, roleStatements } from './stack.js';

/**
 * How each function's description starts (lib/intake.ts, processor.ts, session-view.ts,
 * reactions.ts, reports.ts).
 */
const DESCRIPTION: Readonly<Record<FunctionName, string>> = {
  ingest: 'idv-webhooks ingest:',
  consumer: 'idv-webhooks consumer:',
  'session-view': 'idv-webhooks session view:',
  publisher: 'idv-webhooks publisher:',
  'report-fetcher': 'idv-webhooks report fetcher:',
};

type Reference = { Ref: string } | { 'Fn::GetAtt': [string, string] };

/** The ARN a role's statement names for the resource a variable refers to (a Ref). */
function arnOf(t: Template, reference: unknown): unknown {
  const id = (reference as { Ref?: string }).Ref;
  if (id === undefined) return reference;
  const type = (t.toJSON().Resources as Record<string, { Type: string }>)[id]?.Type;
  // A table's, a queue's and a bucket's Ref is their name or URL; a secret's is already its ARN.
  return type === 'AWS::SecretsManager::Secret' ? reference : { 'Fn::GetAtt': [id, 'Arn'] };
}

/**
 * Whether a statement's resource covers the call's: the same ARN, or, for an object of a bucket,
 * `<bucket ARN>/<prefix>*` with the key under the prefix.
 */
function covers(statementResource: unknown, resource: unknown, key: string | undefined): boolean {
  if (statementResource === '*') return true;
  if (key === undefined) return JSON.stringify(statementResource) === JSON.stringify(resource);
  const join = (statementResource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const [arn, path] = join?.[1] ?? [];
  return (
    JSON.stringify(arn) === JSON.stringify(resource) &&
    typeof path === 'string' &&
    path.endsWith('*') &&
    `/${key}`.startsWith(path.slice(0, -1))
  );
}

const matches = (pattern: string, action: string) =>
  pattern === action || (pattern.endsWith('*') && action.startsWith(pattern.slice(0, -1)));

/** Every recorded call its function's role does not allow, as a readable line. */
export function disallowedCalls(t: Template, calls: readonly RecordedCall[]): string[] {
  const functions = t.findResources('AWS::Lambda::Function');
  return calls.flatMap((call) => {
    const what = `${call.function} ${call.action} on ${call.variable ?? call.resource}`;
    const fnId = logicalId(t, 'AWS::Lambda::Function', (p) =>
      String(p.Description).startsWith(DESCRIPTION[call.function]),
    );
    const fn = functions[fnId]?.Properties as {
      Role: { 'Fn::GetAtt': [string, string] };
      Environment: { Variables: Record<string, unknown> };
    };
    let resource: unknown;
    if (call.variable === EVENT_SOURCE) {
      const mapping = Object.values(t.findResources('AWS::Lambda::EventSourceMapping')).find(
        (m) => (m.Properties.FunctionName as Reference & { Ref?: string }).Ref === fnId,
      );
      resource = mapping?.Properties.EventSourceArn;
    } else if (call.variable !== null) {
      resource = arnOf(t, fn.Environment.Variables[call.variable]);
    }
    if (resource === undefined)
      return [`${what}: the function's configuration names no such resource`];
    const allowed = roleStatements(t, fn.Role['Fn::GetAtt'][0]).some((statement) => {
      const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
      const resources = Array.isArray(statement.Resource)
        ? statement.Resource
        : [statement.Resource];
      return (
        statement.Effect === 'Allow' &&
        actions.some((action) => matches(action, call.action)) &&
        resources.some((r) => covers(r, resource, call.key))
      );
    });
    return allowed ? [] : [`${what}: not allowed by its role`];
  });
}
