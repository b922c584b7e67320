import { EngineType } from '../engine';
import { NodeType } from '../node-type';

/**
 * The result of `Sizing.forWorkload()`: a replication group topology and the numbers behind it.
 */
export interface SizingRecommendation {
  /** The engine the recommendation is for. */
  readonly engine: EngineType;

  /** The node type of every node. */
  readonly nodeType: NodeType;

  /** Whether cluster mode must be enabled (more than one shard). */
  readonly clusterModeEnabled: boolean;

  /** Number of shards (node groups); 1 when cluster mode is disabled. */
  readonly numShards: number;

  /** Number of replicas in each shard, 0 to 5. */
  readonly replicasPerShard: number;

  /** Of `replicasPerShard`, how many are kept as spare read capacity for Multi-AZ (N+1): 0 or 1. */
  readonly spareReplicasPerShard: number;

  /** Total number of nodes: `numShards × (1 + replicasPerShard)`. */
  readonly totalNodes: number;

  /** Whether Multi-AZ with automatic failover should be enabled. */
  readonly multiAz: boolean;

  /** Whether `totalNodes` exceeds the default quota of 90 nodes per cluster (a quota increase is needed). */
  readonly requiresQuotaIncrease: boolean;

  /** The data size planned for (after growth), in GiB. */
  readonly plannedDataGib: number;

  /** The data footprint in memory (planned data × 1.25 engine overhead), in GiB. */
  readonly dataFootprintGib: number;

  /** The data footprint per shard, in GiB. */
  readonly dataFootprintPerShardGib: number;

  /** Memory of each shard (the node's `maxmemory`, plus SSD for data tiering nodes), in GiB. */
  readonly memoryPerShardGib: number;

  /** Memory of each shard usable for data (after `reserved-memory-percent`), in GiB. */
  readonly usableMemoryPerShardGib: number;

  /** Headroom of each shard above its data footprint, in percent of the footprint. */
  readonly headroomPercent: number;

  /** Total memory of the cluster's data (shards × memory per shard; replicas hold copies), in GiB. */
  readonly totalMemoryGib: number;

  /** Estimated sustained operations per second of one node (see `Sizing.estimateNodeOpsPerSecond`). */
  readonly nodeOpsPerSecond: number;

  /** Estimated write capacity of the cluster (primaries only), in operations per second. */
  readonly writeCapacityPerSecond: number;

  /**
   * Estimated read capacity of the cluster, in operations per second: all replicas, or the primaries' spare
   * capacity when there are no replicas.
   */
  readonly readCapacityPerSecond: number;

  /** Maximum concurrent client connections of the cluster (65,000 per node). */
  readonly maxConnections: number;

  /** One human-readable reason per choice (data, node type, shards, cluster mode, replicas, Multi-AZ, connections, quota). */
  readonly reasons: string[];
}
