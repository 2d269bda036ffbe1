// The shared command line of the operator tools: `--local`, `--stack <name>`, `--dry-run`.
import { parseArgs } from 'node:util';
import { localTargets, stackTargets, type Targets } from './targets.js';

export interface OperatorOptions {
  readonly targets: Targets;
  readonly dryRun: boolean;
  readonly where: string;
}

export async function operatorOptions(usage: string): Promise<OperatorOptions> {
  const { values } = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      stack: { type: 'string', default: 'IdvWebhooks' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const targets = values.local ? localTargets() : await stackTargets(values.stack);
  return {
    targets,
    dryRun: values['dry-run'],
    where: values.local ? 'local mode' : `stack ${values.stack}`,
  };
}

export function fail(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
