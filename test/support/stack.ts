// Synthesizes the stack for CDK assertions, without bundling the functions (about 30 ms a synth).
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IdvWebhooksStack, type IdvWebhooksStackProps } from '../../lib/idv-webhooks-stack.js';

export function synthStack(props: IdvWebhooksStackProps = {}, { nag = false } = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new IdvWebhooksStack(app, 'Test', props);
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, template: nag ? undefined : Template.fromStack(stack) };
}

export function template(props: IdvWebhooksStackProps = {}): Template {
  const { template: t } = synthStack(props);
  if (!t) throw new Error('unreachable');
  return t;
}

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
};

/** The statements of every policy attached to `roleLogicalId`, flattened. */
export function roleStatements(t: Template, roleLogicalId: string): Statement[] {
  const policies = t.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleLogicalId),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/**
 * The actions that support no resource-level permissions and are granted on `*`: X-Ray's (which
 * tracing adds) and `dynamodb:ListStreams` (which the publisher's stream event source needs).
 */
const UNSCOPABLE_ACTIONS = [
  ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
  ['dynamodb:ListStreams'],
].map((actions) => JSON.stringify(actions));

/**
 * The statements of a role besides those of UNSCOPABLE_ACTIONS. Throws if a wildcard statement
 * holds anything else.
 */
export function applicationStatements(t: Template, roleLogicalId: string): Statement[] {
  const statements = roleStatements(t, roleLogicalId);
  for (const s of statements.filter((s) => s.Resource === '*')) {
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).sort();
    if (!UNSCOPABLE_ACTIONS.includes(JSON.stringify(actions))) {
      throw new Error(`wildcard statement with ${actions.join(', ')}`);
    }
  }
  return statements.filter((s) => s.Resource !== '*');
}

export const actionsOf = (statements: Statement[]): string[] =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

/** The logical id of the one resource of `type` whose properties match `predicate`. */
export function logicalId(
  t: Template,
  type: string,
  predicate: (properties: Record<string, unknown>) => boolean = () => true,
  idPredicate: (id: string) => boolean = () => true,
): string {
  const matches = Object.entries(t.findResources(type)).filter(
    ([id, r]) => predicate(r.Properties ?? {}) && idPredicate(id),
  );
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${matches.length}`);
  return (matches[0] as [string, unknown])[0];
}
