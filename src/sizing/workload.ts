import { EngineType } from '../engine';

/**
 * A workload to size an ElastiCache (Valkey / Redis OSS) replication group for.
 *
 * The numbers are peak values the cache must sustain. See `docs/sizing-model.md` for the model.
 */
export interface WorkloadProfile {
  /**
   * Data size today, in GB (10^9 bytes), as raw key and value bytes.
   *
   * The calculator converts it to GiB (the unit of the node type catalog) and adds the engine overhead.
   */
  readonly dataSizeGb: number;

  /**
   * Expected data growth, in percent of `dataSizeGb`, to plan for (seed: "current + growth").
   *
   * Cannot be combined with `futureDataSizeGb`.
   *
   * @default 0
   */
  readonly growthPercent?: number;

  /**
   * Expected future data size in GB, instead of `growthPercent`. Must be at least `dataSizeGb`.
   *
   * @default - `dataSizeGb` grown by `growthPercent`
   */
  readonly futureDataSizeGb?: number;

  /** Peak read operations per second (GET-like commands). */
  readonly readsPerSecond: number;

  /** Peak write operations per second (SET-like commands). */
  readonly writesPerSecond: number;

  /**
   * Peak number of concurrent client connections to the cache, over all nodes.
   *
   * @default 0 - connections do not constrain the topology
   */
  readonly peakConnections?: number;

  /**
   * Average size of the item a read or a write transfers, in bytes. Used to cap per-node throughput by the
   * node's baseline network bandwidth.
   *
   * @default 1024
   */
  readonly averageItemSizeBytes?: number;

  /**
   * The engine. Only Valkey and Redis OSS (replication groups) are sized; with Redis OSS, node families
   * without Redis OSS support (m8g, r8g, c8gn) are skipped.
   *
   * @default EngineType.VALKEY
   */
  readonly engine?: EngineType;

  /**
   * Node families to choose from, most preferred first, for example `['r6g']`. The first family (in this
   * order) that can hold the workload wins; within it the cheapest size does.
   *
   * @default Sizing.DEFAULT_NODE_FAMILIES (Graviton current generation: r7g, r6g, m7g, m6g, r8g, m8g)
   */
  readonly nodeFamilies?: string[];

  /**
   * Whether the cache must survive the loss of a node or an Availability Zone: Multi-AZ with automatic
   * failover, at least one replica per shard, and one spare read replica per shard (N+1) when reads
   * need replicas.
   *
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * Minimum number of replicas per shard, 0 to 5.
   *
   * @default - 1 when `multiAz` is true, otherwise 0
   */
  readonly minReplicasPerShard?: number;

  /**
   * Headroom added on top of the data footprint and of the operation rates, in percent (seed: 20-30%).
   *
   * @default 25
   */
  readonly bufferPercent?: number;

  /**
   * The `reserved-memory-percent` parameter: the share of each node's `maxmemory` kept for non-data use
   * (forks for backups and replication, buffers).
   *
   * @default 25 - the ElastiCache default
   */
  readonly reservedMemoryPercent?: number;

  /**
   * The most nodes (shards × (1 + replicas)) the cluster may have. ElastiCache's default quota is 90 nodes
   * per cluster; it can be raised to 500 on request (Valkey 7.2+ / Redis OSS 5.0.6+).
   *
   * @default 90
   */
  readonly maxNodes?: number;
}
