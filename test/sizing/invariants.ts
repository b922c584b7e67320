import { EngineType } from '../../src/engine';
import { NodeType } from '../../src/node-type';
import { Sizing, SizingRecommendation, WorkloadProfile } from '../../src/sizing';

/** Written independently of src/sizing/model.ts on purpose: the seed's and AWS's numbers. */
export const GIB_PER_GB = 1e9 / 1024 ** 3;
export const OVERHEAD = 1.25; // seed: Redis overhead ~25%
export const MAX_CONNECTIONS_PER_NODE = 65_000; // seed
export const EPS = 1e-6;

/**
 * Check a recommendation against the seed's sizing rules and ElastiCache's limits. Returns the list of
 * violations (empty when the recommendation is sound).
 */
export function violations(p: WorkloadProfile, r: SizingRecommendation): string[] {
  const v: string[] = [];
  const buffer = 1 + (p.bufferPercent ?? 25) / 100;
  const reserved = (p.reservedMemoryPercent ?? 25) / 100;
  const plannedGb = p.futureDataSizeGb ?? p.dataSizeGb * (1 + (p.growthPercent ?? 0) / 100);
  const footprint = plannedGb * GIB_PER_GB * OVERHEAD;
  const n = r.nodeType;
  const ssd = n.ssdGib ?? 0;
  const reads = p.readsPerSecond * buffer;
  const writes = p.writesPerSecond * buffer;
  const multiAz = p.multiAz ?? true;
  const maxNodes = p.maxNodes ?? 90;

  // Memory: node memory × shards >= data × 1.25 × buffer (seed formula + step 6), and the footprint fits the
  // memory the engine lets data use (maxmemory minus reserved-memory-percent).
  if (r.totalMemoryGib + EPS < footprint * buffer) v.push(`total memory ${r.totalMemoryGib} < ${footprint * buffer}`);
  if (r.numShards * (n.memoryGib! * (1 - reserved) + ssd) + EPS < footprint) v.push('footprint exceeds usable memory');
  if (Math.abs(r.totalMemoryGib - r.numShards * (n.memoryGib! + ssd)) > EPS) v.push('totalMemoryGib inconsistent');
  if (Math.abs(r.memoryPerShardGib - (n.memoryGib! + ssd)) > EPS) v.push('memoryPerShardGib inconsistent');

  // Throughput: per-node capacity is at most the seed's ~100K scaled at most 2x and within the network baseline.
  const networkCap = (n.networkBaselineGbps! * 1e9) / 8 / (p.averageItemSizeBytes ?? 1024);
  if (r.nodeOpsPerSecond > 200_000 || r.nodeOpsPerSecond > networkCap + EPS) v.push(`node ops ${r.nodeOpsPerSecond} above caps`);
  if (writes / r.numShards > r.nodeOpsPerSecond + EPS) v.push('writes per shard exceed a primary');
  if (r.replicasPerShard === 0) {
    if ((reads + writes) / r.numShards > r.nodeOpsPerSecond + EPS) v.push('primary without replicas overloaded');
    if (multiAz) v.push('Multi-AZ without replicas');
  } else {
    const serving = r.replicasPerShard - r.spareReplicasPerShard;
    if (reads > 0 && serving < 1) v.push('no serving replica');
    if (reads > 0 && reads / r.numShards / serving > r.nodeOpsPerSecond + EPS) v.push('reads per replica exceed a node');
    if (multiAz && reads > 0 && r.spareReplicasPerShard !== 1) v.push('no spare replica with Multi-AZ');
  }

  // Connections and limits.
  if ((p.peakConnections ?? 0) > r.totalNodes * MAX_CONNECTIONS_PER_NODE) v.push('connections exceed 65,000 per node');
  if (r.maxConnections !== r.totalNodes * MAX_CONNECTIONS_PER_NODE) v.push('maxConnections inconsistent');
  if (r.totalNodes !== r.numShards * (1 + r.replicasPerShard)) v.push('totalNodes inconsistent');
  if (r.totalNodes > maxNodes || r.totalNodes > 500) v.push(`quota: ${r.totalNodes} nodes`);
  if (r.requiresQuotaIncrease !== r.totalNodes > 90) v.push('requiresQuotaIncrease inconsistent');
  if (r.replicasPerShard > 5 || r.replicasPerShard < (p.minReplicasPerShard ?? (multiAz ? 1 : 0))) v.push('replicas out of range');
  if (r.numShards < 1 || r.numShards > 500 || !Number.isInteger(r.numShards)) v.push('shards out of range');
  if (r.clusterModeEnabled !== r.numShards > 1) v.push('cluster mode must be enabled exactly when there is more than one shard');
  if (r.multiAz !== multiAz) v.push('multiAz not as requested');

  // Node choice.
  const families = p.nodeFamilies ?? Sizing.DEFAULT_NODE_FAMILIES;
  if (!families.includes(n.family!)) v.push(`family ${n.family} not preferred`);
  if (n.previousGeneration) v.push('previous generation node');
  if ((p.engine ?? EngineType.VALKEY) === EngineType.REDIS && n.minRedisVersion === undefined) v.push('node without Redis OSS');
  if (NodeType.of(n.name) !== n) v.push('not a catalog node');

  if (r.reasons.length !== 8 || r.reasons.some((s) => s.length < 10)) v.push('reasons');
  return v;
}
