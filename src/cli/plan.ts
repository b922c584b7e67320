import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { readState } from './control';
import { plan } from '../local/plan/plan';
import { renderPlan } from '../local/plan/render';

interface PlanOptions {
  template: string;
  old?: string;
  stateDir?: string;
  json?: boolean;
  failOnReplacement?: boolean;
}

/** `cdk-elasticache local plan`: what a CloudFormation update to a template would do to the ElastiCache resources. */
export function planCommand(): Command {
  return new Command('plan')
    .description('show what a CloudFormation update to a template would do to each cache: no interruption, some interruption, replacement')
    .requiredOption('--template <file>', 'the new CloudFormation template (JSON)')
    .addOption(new Option('--old <file>', 'the template deployed now').conflicts('stateDir'))
    .addOption(new Option('--state-dir <dir>', 'compare with the template the caches running in this state dir were started from'))
    .option('--json', 'print the plan as JSON')
    .option('--fail-on-replacement', 'exit with code 2 when a resource is replaced or a cache loses its data')
    .action((opts: PlanOptions) => runPlan(opts));
}

function runPlan(opts: PlanOptions): void {
  const oldTemplate = opts.old !== undefined ? resolve(opts.old) : startedFrom(opts.stateDir);
  const result = plan(oldTemplate, resolve(opts.template));
  process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : renderPlan(result));
  if (opts.failOnReplacement && (result.replacements.length > 0 || result.dataLoss.length > 0)) process.exitCode = 2;
}

/**
 * The template the caches of a state dir were started from. state.json keeps its path, not a copy: the file must
 * still hold what was started (not modified since, and not the new template itself).
 */
function startedFrom(stateDirArg: string | undefined): string {
  if (stateDirArg === undefined) throw new Error('give --old <file> (the template deployed now) or --state-dir <dir> (of running caches)');
  const state = readState(resolve(stateDirArg));
  if (!state) throw new Error(`nothing was started in ${stateDirArg} (no state.json): give --old <file>`);
  const file = state.template;
  if (!existsSync(file)) throw new Error(`the template the caches in ${stateDirArg} were started from, ${file}, no longer exists: give --old <file>`);
  const since = state.updatedAt ?? state.startedAt;
  if (statSync(file).mtime.toISOString() > since) {
    throw new Error(`the caches in ${stateDirArg} were started from ${file} at ${since}, and that file has changed since `
      + '(the state dir keeps its path, not a copy): give --old <file> with the template they run');
  }
  return file;
}
