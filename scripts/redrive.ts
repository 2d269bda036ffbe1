// `npm run redrive -- [--dry-run] [--local | --stack <name>]`: moves the dead-letter queue back to
// the webhook queue once the cause of the failures is fixed. See docs/operations.md.
import { fail, operatorOptions } from './operations/cli.js';
import { redrive } from './operations/redrive.js';

const USAGE =
  'usage: npm run redrive -- [--dry-run] [--local | --stack <name, default IdvWebhooks>]';

try {
  const { targets, dryRun, where } = await operatorOptions(USAGE);
  console.log(`redrive on ${where}${dryRun ? ' (dry run)' : ''}`);
  const summary = await redrive(targets, { dryRun, progress: (line) => console.log(`  ${line}`) });
  console.log(
    dryRun
      ? `would move ${summary.waiting} message(s)`
      : `moved ${summary.moved} message(s) back to the queue`,
  );
} catch (error) {
  fail(error);
}
