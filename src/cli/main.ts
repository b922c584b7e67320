#!/usr/bin/env node
import { Command } from 'commander';
import { localCommand } from './local';

/** The `cdk-elasticache` command. Each command group is registered with one line. */
export function buildProgram(): Command {
  const program = new Command('cdk-elasticache').description('cdk-elasticache tools').showHelpAfterError();
  program.addCommand(localCommand());
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: Error) => {
      process.stderr.write(`error: ${e.message}\n`);
      process.exit(1);
    });
}
