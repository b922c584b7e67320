// cli-table3 and commander are bundled, Node-only dependencies of the CLI (never exported from the jsii entry point).
import Table from 'cli-table3';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EngineType } from '../engine';
import { SizingRecommendation } from '../sizing/recommendation';
import { Sizing } from '../sizing/sizing';
import { WorkloadProfile } from '../sizing/workload';

function parseNumber(flag: string, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${flag} must be ${integer ? 'an integer' : 'a number'} >= 0, got '${value}'`);
    }
    return n;
  };
}

function collectFamilies(value: string, previous: string[] | undefined): string[] {
  const families = value.split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  if (families.length === 0) {
    throw new InvalidArgumentError(`--family must name a node family such as r7g, got '${value}'`);
  }
  return [...(previous ?? []), ...families];
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The recommendation as plain JSON (the node type as its name plus its facts). */
export function recommendationToJson(rec: SizingRecommendation): Record<string, unknown> {
  const n = rec.nodeType;
  return {
    ...rec,
    nodeType: n.name,
    node: {
      name: n.name,
      family: n.family,
      size: n.size,
      memoryGib: n.memoryGib,
      vcpus: n.vcpus,
      networkBaselineGbps: n.networkBaselineGbps,
      networkBurstGbps: n.networkBurstGbps,
      graviton: n.graviton,
      dataTiering: n.dataTiering,
      ssdGib: n.ssdGib,
    },
  };
}

/** The recommendation as a readable table followed by the reasons. */
export function renderRecommendation(rec: SizingRecommendation): string {
  const table = new Table({
    style: { head: [], border: [] },
    chars: { 'mid': '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const rows: Array<[string, string]> = [
    ['Engine', rec.engine],
    ['Node type', `${rec.nodeType.name} (${fmt(rec.nodeType.memoryGib ?? 0, 2)} GiB, ${rec.nodeType.vcpus} vCPU)`],
    ['Cluster mode', rec.clusterModeEnabled ? 'enabled' : 'disabled'],
    ['Shards', String(rec.numShards)],
    ['Replicas per shard', `${rec.replicasPerShard}${rec.spareReplicasPerShard ? ` (incl. ${rec.spareReplicasPerShard} spare)` : ''}`],
    ['Total nodes', `${rec.totalNodes}${rec.requiresQuotaIncrease ? ' (quota increase needed)' : ''}`],
    ['Multi-AZ', rec.multiAz ? 'yes' : 'no'],
    ['Data footprint', `${fmt(rec.dataFootprintGib, 2)} GiB (${fmt(rec.dataFootprintPerShardGib, 2)} GiB per shard)`],
    ['Memory per shard', `${fmt(rec.memoryPerShardGib, 2)} GiB (${fmt(rec.usableMemoryPerShardGib, 2)} GiB usable, ${fmt(rec.headroomPercent, 0)}% headroom)`],
    ['Total memory', `${fmt(rec.totalMemoryGib, 2)} GiB`],
    ['Write capacity', `~${fmt(rec.writeCapacityPerSecond)} ops/s`],
    ['Read capacity', `~${fmt(rec.readCapacityPerSecond)} ops/s`],
    ['Max connections', fmt(rec.maxConnections)],
  ];
  table.push(...rows);
  return `${table.toString()}\n\nWhy:\n${rec.reasons.map((r) => `  - ${r}`).join('\n')}\n`;
}

/**
 * `cdk-elasticache size`: recommend a replication group topology for a workload.
 *
 * Output goes through the command's output configuration (`configureOutput({ writeOut })`), so tests and
 * other programs can capture it.
 */
export function sizeCommand(): Command {
  const command = new Command('size');
  command
    .description('Recommend node type, shards and replicas for a Valkey / Redis OSS workload (see docs/sizing-model.md)')
    .requiredOption('--data-gb <gb>', 'data size today, in GB', parseNumber('--data-gb'))
    .requiredOption('--reads <n>', 'peak reads per second', parseNumber('--reads'))
    .requiredOption('--writes <n>', 'peak writes per second', parseNumber('--writes'))
    .option('--connections <n>', 'peak concurrent client connections', parseNumber('--connections', true))
    .option('--family <family>', 'preferred node family, repeatable or comma-separated, most preferred first (default: r7g,r6g,m7g,m6g,r8g,m8g)', collectFamilies)
    .option('--growth <pct>', 'expected data growth in percent', parseNumber('--growth'))
    .option('--buffer <pct>', 'headroom on memory and throughput in percent (default: 25)', parseNumber('--buffer'))
    .option('--item-size <bytes>', 'average item size in bytes (default: 1024)', parseNumber('--item-size'))
    .option('--min-replicas <n>', 'minimum replicas per shard', parseNumber('--min-replicas', true))
    .option('--max-nodes <n>', 'node quota per cluster (default: 90, up to 500)', parseNumber('--max-nodes', true))
    .option('--single-az', 'no Multi-AZ requirement (development)')
    .addOption(new Option('--engine <engine>', 'engine').choices(['valkey', 'redis']).default('valkey'))
    .option('--json', 'print the recommendation as JSON')
    .action((opts: Record<string, any>, cmd: Command) => {
      const profile: WorkloadProfile = {
        dataSizeGb: opts.dataGb,
        readsPerSecond: opts.reads,
        writesPerSecond: opts.writes,
        peakConnections: opts.connections,
        nodeFamilies: opts.family,
        growthPercent: opts.growth,
        bufferPercent: opts.buffer,
        averageItemSizeBytes: opts.itemSize,
        minReplicasPerShard: opts.minReplicas,
        maxNodes: opts.maxNodes,
        multiAz: opts.singleAz ? false : undefined,
        engine: opts.engine === 'redis' ? EngineType.REDIS : EngineType.VALKEY,
      };
      let rec: SizingRecommendation;
      try {
        rec = Sizing.forWorkload(profile);
      } catch (e) {
        cmd.error(`error: ${(e as Error).message}`, { exitCode: 1, code: 'cdk-elasticache.size' });
      }
      const out = cmd.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
      out(opts.json ? `${JSON.stringify(recommendationToJson(rec!), null, 2)}\n` : renderRecommendation(rec!));
    });
  return command;
}
