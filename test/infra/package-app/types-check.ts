// A TypeScript user's code against the package's declarations, type-checked by
// test/infra/package.test.ts in the fresh app (not part of this repository's typecheck): each
// `@ts-expect-error` fails the check if the declarations stop catching that mistake.
import { App, Stack } from 'aws-cdk-lib';
import { IdvWebhooks, type IdvWebhooksProps } from 'idv-webhooks/cdk';
import { signCasaPay, type Verification, verifyCasaPay } from 'idv-webhooks/providers';

const stack = new Stack(new App(), 'Typed');
const props: IdvWebhooksProps = {
  providers: { casapay: { options: { toleranceSeconds: 60 } }, veriff: { enabled: false } },
  memorySize: { ingest: 512 },
};
const idv = new IdvWebhooks(stack, 'Idv', props);
export const tableName: string = idv.table.tableName;
export const url: string = idv.webhookUrl('casapay');

new IdvWebhooks(stack, 'NoSuchOption', {
  // @ts-expect-error Veriff declares no option.
  providers: { veriff: { options: { toleranceSeconds: 1 } } },
});
// @ts-expect-error Not a provider.
idv.webhookUrl('acme');
// @ts-expect-error A prop that does not exist.
new IdvWebhooks(stack, 'NoSuchProp', { tolerance: 5 });
new IdvWebhooks(stack, 'TracedCalls', { tracing: 'aws-calls' });
// @ts-expect-error Not a tracing mode.
new IdvWebhooks(stack, 'NoSuchTracing', { tracing: 'sdk' });

const withSources = new IdvWebhooks(stack, 'Sources', {
  providers: { persona: {}, 'stripe-identity': { options: { toleranceSeconds: 120 } } },
  standardWebhooks: [
    {
      name: 'acme-kyc',
      sessionIdPath: 'data.id',
      statusPath: 'type',
      statuses: { 'kyc.passed': { outcome: 'approved', final: true } },
    },
  ],
});
export const sourceUrl: string | undefined = withSources.webhookUrls['acme-kyc'];
new IdvWebhooks(stack, 'BadOutcome', {
  standardWebhooks: [
    {
      name: 'acme',
      sessionIdPath: 'id',
      statusPath: 'type',
      // @ts-expect-error Not an outcome of the vocabulary.
      statuses: { done: { outcome: 'passed', final: true } },
    },
  ],
});

const header: string = signCasaPay('{}', 'whsec_x', 1_700_000_000);
export const verification: Verification = verifyCasaPay(
  { headers: { 'x-casapay-signature': header }, body: new Uint8Array() },
  ['whsec_x'],
  new Date(),
  300,
);
