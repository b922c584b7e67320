#!/usr/bin/env node
import { Command } from 'commander';
import { describeCommand } from './describe';
import { localCommand } from './local';
import { sizeCommand } from './size';

/** The `cdk-elasticache` command. Each command group is registered with one line. */
export function buildProgram(): Command {
  const program = new Command('cdk-elasticache').description('cdk-elasticache tools').showHelpAfterError();
  program.addCommand(localCommand());
  program.addCommand(sizeCommand());
  program.addCommand(describeCommand());
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
