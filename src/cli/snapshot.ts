import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { runningState, sendControl } from './control';
import { SnapshotResult } from '../local/redis/snapshots';

/**
 * `cdk-elasticache local snapshot <id> [--name N]`: one RDB per shard of a running Valkey/Redis cache under
 * `<stateDir>/snapshots/<name>/`, through the supervisor of the state dir.
 */
export function snapshotCommand(stateDirOption: () => Option): Command {
  return new Command('snapshot')
    .argument('<id>', 'the Valkey/Redis cache, by logical id or construct path')
    .description('keep a snapshot (one RDB per shard) of a running cache in the state dir; a template with SnapshotName: N starts from it')
    .option('--name <name>', 'the snapshot name (default: <logicalId>-<timestamp>)')
    .addOption(stateDirOption())
    .action(async (id: string, opts: { name?: string; stateDir: string }) => {
      const r = (await sendControl(runningState(resolve(opts.stateDir)), { cmd: 'snapshot', id, name: opts.name }, 120_000)) as SnapshotResult;
      process.stdout.write(`snapshot ${r.name} of ${r.cache}: ${r.shardCount} shard(s) in ${r.dir}\n`);
    });
}
