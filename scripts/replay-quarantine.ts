// `npm run replay-quarantine -- [--dry-run] [--local | --stack <name>]`: re-submits quarantined
// messages once the consumer can read them. See docs/operations.md.
import { fail, operatorOptions } from './operations/cli.js';
import { replayQuarantine } from './operations/replay-quarantine.js';

const USAGE =
  'usage: npm run replay-quarantine -- [--dry-run] [--local | --stack <name, default IdvWebhooks>]';

try {
  const { targets, dryRun, where } = await operatorOptions(USAGE);
  console.log(`replay quarantine on ${where}${dryRun ? ' (dry run)' : ''}`);
  const summary = await replayQuarantine(targets, {
    dryRun,
    progress: (line) => console.log(`  ${line}`),
  });
  console.log(
    dryRun
      ? `would replay ${summary.found} message(s)`
      : `replayed ${summary.replayed} message(s); ${summary.kept} quarantined again while replaying (kept)`,
  );
} catch (error) {
  fail(error);
}
