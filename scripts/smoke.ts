// `npm run smoke -- [--local | --stack <name>]`: checks a deployed stack end to end right after
// `cdk deploy` (or a running `npm start`), one line per check. See docs/operations.md.
import { fail, operatorOptions } from './operations/cli.js';
import { smoke } from './operations/smoke.js';

const USAGE = 'usage: npm run smoke -- [--local | --stack <name, default IdvWebhooks>]';

try {
  const { targets, where } = await operatorOptions(USAGE, { dryRun: false });
  console.log(`smoke test of ${where}`);
  const results = await smoke(targets, {
    report: ({ status, check, detail }) =>
      console.log(`${status.padEnd(4)} ${check.padEnd(24)} ${detail}`),
  });
  const failed = results.filter((r) => r.status === 'FAIL').length;
  console.log(failed === 0 ? 'all checks passed' : `${failed} check(s) failed`);
  process.exitCode = failed === 0 ? 0 : 1;
} catch (error) {
  fail(error);
}
