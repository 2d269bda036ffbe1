// The shared command line of the operator tools: `--local`, `--stack <name>`, `--dry-run`.
import { parseArgs } from 'node:util';
import { localTargets, type PipelineTargets, stackTargets } from './targets.js';

export interface OperatorOptions {
  readonly targets: PipelineTargets;
  readonly dryRun: boolean;
  readonly where: string;
}

/** Parses the command line; `dryRun: false` for a tool that has no dry run (`--dry-run` refused). */
export async function operatorOptions(
  usage: string,
  { dryRun = true }: { readonly dryRun?: boolean } = {},
): Promise<OperatorOptions> {
  const { values } = parseArgs({
    options: {
      local: { type: 'boolean', default: false },
      stack: { type: 'string', default: 'IdvWebhooks' },
      ...(dryRun ? { 'dry-run': { type: 'boolean', default: false } as const } : {}),
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
    dryRun: values['dry-run'] === true,
    where: values.local ? 'local mode' : `stack ${values.stack}`,
  };
}

export function fail(error: unknown): never {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
