import { EngineType } from '../engine';
import { NodeType } from '../node-type';
import {
  BASE_NODE_OPS_PER_SECOND,
  BASE_VCPUS,
  BURSTABLE_BASELINE_PER_VCPU,
  ceilSafe,
  DATA_OVERHEAD_FACTOR,
  DEFAULT_BUFFER_PERCENT,
  DEFAULT_ITEM_SIZE_BYTES,
  DEFAULT_MAX_NODES,
  DEFAULT_RESERVED_MEMORY_PERCENT,
  GIB_PER_GB,
  HARD_MAX_NODES,
  MAX_CONNECTIONS_PER_NODE,
  MAX_REPLICAS_PER_SHARD,
  MAX_VCPU_FACTOR,
  sizeUnits,
} from './model';
import { SizingRecommendation } from './recommendation';
import { WorkloadProfile } from './workload';

/** The workload with defaults applied and the buffer added. */
interface Demand {
  readonly engine: EngineType;
  readonly families: string[];
  readonly plannedDataGb: number;
  readonly plannedDataGib: number;
  readonly footprintGib: number;
  readonly bufferedGib: number;
  readonly reads: number;
  readonly writes: number;
  readonly connections: number;
  readonly itemSizeBytes: number;
  readonly multiAz: boolean;
  readonly minReplicas: number;
  readonly bufferPercent: number;
  readonly reservedPercent: number;
  readonly maxNodes: number;
}

/** One feasible topology for one node type. */
interface Candidate {
  readonly nodeType: NodeType;
  readonly shards: number;
  readonly shardsForMemory: number;
  readonly shardsForWrites: number;
  readonly replicas: number;
  readonly readReplicas: number;
  readonly spare: number;
  readonly nodes: number;
  readonly units: number;
  readonly ops: number;
  readonly capacityGib: number;
  readonly usableGib: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/**
 * The sizing calculator: turns a workload into a replication group topology, following the seed's sizing
 * process (memory first, shards for writes, replicas for reads, 20-30% buffer). The model and its sources
 * are in `docs/sizing-model.md`.
 *
 * @example
 * const rec = Sizing.forWorkload({ dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000, nodeFamilies: ['r6g'] });
 * // rec.nodeType === NodeType.R6G_XLARGE, rec.numShards === 3, rec.replicasPerShard === 2
 */
export class Sizing {
  /** The node families `forWorkload` chooses from by default: Graviton current generation, memory-optimised first. */
  public static readonly DEFAULT_NODE_FAMILIES: string[] = ['r7g', 'r6g', 'm7g', 'm6g', 'r8g', 'm8g'];

  /**
   * Recommend a replication group topology for a workload.
   *
   * @throws when an input is out of range, or when no node type of the preferred families can hold the workload
   */
  public static forWorkload(profile: WorkloadProfile): SizingRecommendation {
    const demand = normalise(profile);
    const rejected: string[] = [];
    for (const family of demand.families) {
      const candidates: Candidate[] = [];
      for (const nodeType of NodeType.all().filter((n) => n.family === family)) {
        const candidate = evaluate(nodeType, demand);
        if (typeof candidate === 'string') {
          rejected.push(candidate);
        } else {
          candidates.push(candidate);
        }
      }
      if (candidates.length > 0) {
        candidates.sort(compareCandidates);
        return recommend(candidates[0], candidates.slice(1), demand);
      }
    }
    throw new Error(
      `[Sizing.NoNodeType] No node type of the families [${demand.families.join(', ')}] can hold the workload `
      + `(${fmt(demand.footprintGib, 2)} GiB footprint, ${fmt(demand.reads)} reads/s and ${fmt(demand.writes)} writes/s with the buffer, `
      + `${fmt(demand.connections)} connections) within ${demand.maxNodes} nodes: ${rejected.join('; ')}. `
      + 'Allow larger node families, raise maxNodes (up to 500 after a quota increase) or lower the buffer.',
    );
  }

  /**
   * Estimated sustained operations per second of one node of this type (reads or writes of
   * `averageItemSizeBytes`): 100,000 ops/s for a 2-vCPU node (seed), scaled by sqrt(vCPU / 2) up to 2×,
   * multiplied by the baseline CPU share for burstable nodes, and capped by the baseline network bandwidth.
   *
   * @param nodeType a node type of the catalog
   * @param averageItemSizeBytes average bytes transferred per operation
   * @default averageItemSizeBytes 1024
   */
  public static estimateNodeOpsPerSecond(nodeType: NodeType, averageItemSizeBytes?: number): number {
    const itemSize = averageItemSizeBytes ?? DEFAULT_ITEM_SIZE_BYTES;
    checkNumber('averageItemSizeBytes', itemSize, 1);
    if (nodeType.vcpus === undefined || nodeType.networkBaselineGbps === undefined) {
      throw new Error(`[Sizing.UnknownNodeType] nodeType ${nodeType.name} is not in the node type catalog; its throughput cannot be estimated`);
    }
    let cpu = BASE_NODE_OPS_PER_SECOND * Math.min(MAX_VCPU_FACTOR, Math.sqrt(nodeType.vcpus / BASE_VCPUS));
    if (nodeType.burstable) {
      const perVcpu = BURSTABLE_BASELINE_PER_VCPU[nodeType.size ?? ''] ?? 0.1;
      cpu = cpu * Math.min(1, perVcpu * nodeType.vcpus);
    }
    const network = (nodeType.networkBaselineGbps * 1e9) / 8 / itemSize;
    return Math.floor(Math.min(cpu, network));
  }

  private constructor() {}
}

function checkNumber(property: string, value: number | undefined, min: number, max?: number, integer = false): void {
  if (value === undefined) {
    return;
  }
  const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && (max === undefined || value <= max)
    && (!integer || Number.isInteger(value));
  if (!ok) {
    throw new Error(`[Sizing.InvalidWorkload] ${property} must be ${integer ? 'an integer' : 'a number'} ${range}, got ${String(value)}`);
  }
}

function normalise(p: WorkloadProfile): Demand {
  checkNumber('dataSizeGb', p.dataSizeGb ?? NaN, 0);
  checkNumber('growthPercent', p.growthPercent, 0);
  checkNumber('futureDataSizeGb', p.futureDataSizeGb, 0);
  checkNumber('readsPerSecond', p.readsPerSecond ?? NaN, 0);
  checkNumber('writesPerSecond', p.writesPerSecond ?? NaN, 0);
  checkNumber('peakConnections', p.peakConnections, 0, undefined, true);
  checkNumber('averageItemSizeBytes', p.averageItemSizeBytes, 1);
  checkNumber('minReplicasPerShard', p.minReplicasPerShard, 0, MAX_REPLICAS_PER_SHARD, true);
  checkNumber('bufferPercent', p.bufferPercent, 0, 100);
  checkNumber('reservedMemoryPercent', p.reservedMemoryPercent, 0, 90);
  checkNumber('maxNodes', p.maxNodes, 1, HARD_MAX_NODES, true);

  if (p.growthPercent !== undefined && p.futureDataSizeGb !== undefined) {
    throw new Error('[Sizing.InvalidWorkload] Only one of growthPercent or futureDataSizeGb can be provided');
  }
  if (p.futureDataSizeGb !== undefined && p.futureDataSizeGb < p.dataSizeGb) {
    throw new Error(`[Sizing.InvalidWorkload] futureDataSizeGb must be >= dataSizeGb (${p.dataSizeGb}), got ${p.futureDataSizeGb}`);
  }
  const engine = p.engine ?? EngineType.VALKEY;
  if (engine !== EngineType.VALKEY && engine !== EngineType.REDIS) {
    throw new Error(`[Sizing.InvalidWorkload] engine must be one of 'valkey', 'redis' (replication groups), got '${String(engine)}'`);
  }
  const multiAz = p.multiAz ?? true;
  const minReplicas = p.minReplicasPerShard ?? (multiAz ? 1 : 0);
  if (multiAz && minReplicas < 1) {
    throw new Error(`[Sizing.InvalidWorkload] minReplicasPerShard must be >= 1 when multiAz is true (Multi-AZ needs a replica in each shard), got ${minReplicas}`);
  }

  const families = p.nodeFamilies ?? Sizing.DEFAULT_NODE_FAMILIES;
  if (!Array.isArray(families) || families.length === 0) {
    throw new Error('[Sizing.InvalidWorkload] nodeFamilies must list at least one node family, got []');
  }
  const catalogFamilies = [...new Set(NodeType.all().map((n) => n.family!))];
  for (const family of families) {
    const sample = NodeType.all().find((n) => n.family === family);
    if (!sample) {
      throw new Error(`[Sizing.InvalidWorkload] nodeFamilies: unknown node family '${family}'; allowed: ${catalogFamilies.join(', ')}`);
    }
    if (sample.previousGeneration) {
      throw new Error(`[Sizing.InvalidWorkload] nodeFamilies: '${family}' is previous generation (new clusters cannot be created on it); use t4g or t3 instead`);
    }
  }
  const usable = engine === EngineType.REDIS
    ? families.filter((f) => NodeType.all().some((n) => n.family === f && n.minRedisVersion !== undefined))
    : families;
  if (usable.length === 0) {
    throw new Error(`[Sizing.InvalidWorkload] nodeFamilies [${families.join(', ')}] do not support Redis OSS (Valkey and Memcached only); use engine 'valkey' or another family`);
  }

  const bufferPercent = p.bufferPercent ?? DEFAULT_BUFFER_PERCENT;
  const buffer = 1 + bufferPercent / 100;
  const plannedGb = p.futureDataSizeGb ?? p.dataSizeGb * (1 + (p.growthPercent ?? 0) / 100);
  const plannedDataGib = plannedGb * GIB_PER_GB;
  const footprintGib = plannedDataGib * DATA_OVERHEAD_FACTOR;
  return {
    engine,
    families: usable,
    plannedDataGb: plannedGb,
    plannedDataGib,
    footprintGib,
    bufferedGib: footprintGib * buffer,
    reads: p.readsPerSecond * buffer,
    writes: p.writesPerSecond * buffer,
    connections: p.peakConnections ?? 0,
    itemSizeBytes: p.averageItemSizeBytes ?? DEFAULT_ITEM_SIZE_BYTES,
    multiAz,
    minReplicas,
    bufferPercent,
    reservedPercent: p.reservedMemoryPercent ?? DEFAULT_RESERVED_MEMORY_PERCENT,
    maxNodes: p.maxNodes ?? DEFAULT_MAX_NODES,
  };
}

/** Usable data memory and memory capacity of one node, in GiB (SSD counts for data tiering nodes). */
function nodeMemory(nodeType: NodeType, reservedPercent: number): { capacity: number; usable: number } {
  const ssd = nodeType.ssdGib ?? 0;
  return {
    capacity: nodeType.memoryGib! + ssd,
    usable: nodeType.memoryGib! * (1 - reservedPercent / 100) + ssd,
  };
}

/** The smallest topology of this node type for the demand, or a reason why there is none. */
function evaluate(nodeType: NodeType, d: Demand): Candidate | string {
  const units = sizeUnits(nodeType.size!);
  if (units === undefined || nodeType.previousGeneration) {
    return `${nodeType.name} not sizable`;
  }
  if (d.engine === EngineType.REDIS && nodeType.minRedisVersion === undefined) {
    return `${nodeType.name} does not run Redis OSS`;
  }
  const { capacity, usable } = nodeMemory(nodeType, d.reservedPercent);
  const ops = Sizing.estimateNodeOpsPerSecond(nodeType, d.itemSizeBytes);
  const shardsForMemory = Math.max(ceilSafe(d.footprintGib / usable), ceilSafe(d.bufferedGib / capacity), 1);
  const shardsForWrites = Math.max(ceilSafe(d.writes / ops), 1);
  const connectionNodes = ceilSafe(d.connections / MAX_CONNECTIONS_PER_NODE);
  const first = Math.max(shardsForMemory, shardsForWrites);
  if (first > d.maxNodes) {
    return `${nodeType.name} needs ${first} shards`;
  }
  // The fewest nodes for this node type: usually the fewest shards, but without an availability requirement
  // more shards without replicas can beat fewer shards with replicas. nodes >= shards, so stop once
  // shards reach the best node count found.
  let best: Candidate | undefined;
  let tooMany = 0;
  for (let shards = first; shards <= d.maxNodes && (!best || shards < best.nodes); shards++) {
    const readsPerShard = d.reads / shards;
    const readReplicas = readsPerShard > 0 ? ceilSafe(readsPerShard / ops) : 0;
    const spare = d.multiAz && readReplicas > 0 ? 1 : 0;
    let replicas = Math.max(d.minReplicas, readReplicas + spare, ceilSafe(connectionNodes / shards) - 1);
    let readOnReplicas = readReplicas;
    let spareReplicas = spare;
    if (d.minReplicas === 0 && !d.multiAz && replicas > 0
      && (d.reads + d.writes) / shards <= ops * (1 + 1e-12) && connectionNodes <= shards) {
      // No availability requirement and the primaries can serve reads and writes: no replicas.
      replicas = 0;
      readOnReplicas = 0;
      spareReplicas = 0;
    }
    if (replicas > MAX_REPLICAS_PER_SHARD) {
      continue;
    }
    const nodes = shards * (1 + replicas);
    if (nodes > d.maxNodes) {
      tooMany = tooMany || nodes;
      continue;
    }
    if (!best || nodes < best.nodes) {
      best = {
        nodeType,
        shards,
        shardsForMemory,
        shardsForWrites,
        replicas,
        readReplicas: readOnReplicas,
        spare: spareReplicas,
        nodes,
        units: nodes * units,
        ops,
        capacityGib: capacity,
        usableGib: usable,
      };
    }
  }
  return best ?? (tooMany ? `${nodeType.name} needs ${tooMany} nodes` : `${nodeType.name} needs more than ${d.maxNodes} nodes`);
}

/** Cheapest first (node-size units), then fewer nodes, fewer shards, smaller node. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return a.units - b.units || a.nodes - b.nodes || a.shards - b.shards || a.nodeType.memoryGib! - b.nodeType.memoryGib!;
}

function recommend(c: Candidate, others: Candidate[], d: Demand): SizingRecommendation {
  const name = c.nodeType.name;
  const clusterModeEnabled = c.shards > 1;
  const readCapacity = c.replicas > 0 ? c.shards * c.replicas * c.ops : Math.max(0, c.shards * c.ops - d.writes);
  const footprintPerShard = d.footprintGib / c.shards;
  const tiering = c.nodeType.dataTiering ? ` (${fmt(c.nodeType.memoryGib!, 2)} GiB memory + ${fmt(c.nodeType.ssdGib!, 2)} GiB SSD, data tiering)` : '';
  const runnerUp = others[0];
  const reasons = [
    `Data: ${fmt(d.plannedDataGb, 2)} GB planned (${fmt(d.plannedDataGib, 2)} GiB) × ${DATA_OVERHEAD_FACTOR} engine overhead = ${fmt(d.footprintGib, 2)} GiB footprint; `
      + `with the ${d.bufferPercent}% buffer ${fmt(d.bufferedGib, 2)} GiB of memory.`,
    `Node type: ${name} (${fmt(c.nodeType.memoryGib!, 2)} GiB, ${c.nodeType.vcpus} vCPU, ~${fmt(c.ops)} ops/s per node), `
      + `the cheapest topology of family ${c.nodeType.family}, the first preferred family that fits: ${c.nodes} nodes × ${c.units / c.nodes} size units = ${c.units}`
      + (runnerUp
        ? `; next best ${runnerUp.nodeType.name} with ${runnerUp.shards} shard(s) × ${1 + runnerUp.replicas} nodes = ${runnerUp.units} units`
          + (runnerUp.units === c.units ? ' (same cost: fewer nodes wins).' : '.')
        : '.'),
    `Shards: ${c.shards} — memory needs ${c.shardsForMemory} (${fmt(d.footprintGib, 2)} GiB footprint over ${fmt(c.usableGib, 2)} GiB usable per node`
      + ` after ${d.reservedPercent}% reserved memory${tiering}, and ${fmt(d.bufferedGib, 2)} GiB with buffer over ${fmt(c.capacityGib, 2)} GiB), `
      + `writes need ${c.shardsForWrites} (${fmt(d.writes)} writes/s with buffer over ${fmt(c.ops)} ops/s per primary).`,
    clusterModeEnabled
      ? `Cluster mode enabled: one ${name} shard cannot hold the ${c.shardsForMemory > 1 ? 'data' : 'writes or reads'}; data and writes are spread over ${c.shards} shards.`
      : 'Cluster mode disabled: one shard holds the data and the writes.',
    c.replicas === 0
      ? `Replicas: 0 — no availability requirement and the primary serves ${fmt(d.reads)} reads/s + ${fmt(d.writes)} writes/s within ~${fmt(c.ops)} ops/s.`
      : `Replicas: ${c.replicas} per shard — ${fmt(d.reads / c.shards)} reads/s per shard need ${c.readReplicas} replica(s) at ~${fmt(c.ops)} ops/s`
        + (c.spare ? ', +1 spare so reads are still served while a node is replaced or promoted (N+1)' : '')
        + `; minimum ${d.minReplicas}${c.replicas > c.readReplicas + c.spare && c.replicas > d.minReplicas ? '; more for connections' : ''}.`,
    d.multiAz
      ? 'Multi-AZ with automatic failover: requested; every shard has a replica to fail over to.'
      : 'Multi-AZ: not requested (single-AZ; a node failure means downtime and possible data loss).',
    `Connections: ${fmt(d.connections)} peak over ${c.nodes} nodes; capacity ${fmt(c.nodes * MAX_CONNECTIONS_PER_NODE)} at 65,000 per node.`,
    c.nodes > DEFAULT_MAX_NODES
      ? `Quota: ${c.nodes} nodes exceed the default 90 nodes per cluster; request a quota increase (up to 500).`
      : `Quota: ${c.nodes} nodes within the default 90 nodes per cluster.`,
  ];
  return {
    engine: d.engine,
    nodeType: c.nodeType,
    clusterModeEnabled,
    numShards: c.shards,
    replicasPerShard: c.replicas,
    spareReplicasPerShard: c.spare,
    totalNodes: c.nodes,
    multiAz: d.multiAz,
    requiresQuotaIncrease: c.nodes > DEFAULT_MAX_NODES,
    plannedDataGib: d.plannedDataGib,
    dataFootprintGib: d.footprintGib,
    dataFootprintPerShardGib: footprintPerShard,
    memoryPerShardGib: c.capacityGib,
    usableMemoryPerShardGib: c.usableGib,
    headroomPercent: footprintPerShard > 0 ? (c.capacityGib / footprintPerShard - 1) * 100 : 100,
    totalMemoryGib: c.shards * c.capacityGib,
    nodeOpsPerSecond: c.ops,
    writeCapacityPerSecond: c.shards * c.ops,
    readCapacityPerSecond: readCapacity,
    maxConnections: c.nodes * MAX_CONNECTIONS_PER_NODE,
    reasons,
  };
}
