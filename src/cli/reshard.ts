import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { readState, sendControl } from './control';
import { ReshardResult } from '../local/runtime';
import { isAlive } from '../local/state/processes';

/**
 * `cdk-elasticache local reshard <id> --shards N`: online resharding of a running cluster-mode-enabled replication
 * group, through the supervisor of the state dir (see docs/decisions/0130).
 */
export function reshardCommand(stateDirOption: () => Option): Command {
  return new Command('reshard')
    .argument('<id>', 'the replication group, by logical id or construct path')
    .description('online resharding of a running cluster-mode-enabled replication group to N shards (slots move while clients keep working)')
    .requiredOption('--shards <n>', 'the number of shards (node groups) after resharding, 1-500')
    .addOption(stateDirOption())
    .action(async (id: string, opts: { shards: string; stateDir: string }) => {
      const shards = Number(opts.shards);
      if (!/^\d+$/.test(opts.shards)) throw new Error(`--shards is '${opts.shards}'; allowed: an integer from 1 to 500`);
      const state = readState(resolve(opts.stateDir));
      if (!state || !isAlive(state.pid)) throw new Error(`nothing is running in ${opts.stateDir}`);
      const r = (await sendControl(state, { cmd: 'reshard', id, shards }, 600_000)) as ReshardResult;
      process.stdout.write(`resharded ${r.cache} from ${r.fromShards} to ${r.toShards} shard(s) in ${r.millis} ms: ${r.slotsMoved} slot(s) and ${r.keysMoved} key(s) moved\n`);
    });
}
