/*
 * Constants of the sizing model. Each number says where it comes from; docs/sizing-model.md explains
 * how they combine.
 */

/** Engine overhead on raw data: "Account for Redis overhead (~25%)" — seed, "How do you size an ElastiCache cluster?". */
export const DATA_OVERHEAD_FACTOR = 1.25;

/** Default buffer: "Add 20-30% buffer" — seed, sizing process step 6. */
export const DEFAULT_BUFFER_PERCENT = 25;

/**
 * Default `reserved-memory-percent` (customers since 2017-03-16): usable data memory is maxmemory × 0.75 —
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/redis-memory-management.html (reference §2 sizing notes).
 */
export const DEFAULT_RESERVED_MEMORY_PERCENT = 25;

/** "Single node: ~100K ops/sec (varies)" — seed. The model takes it as the capacity of a 2-vCPU node. */
export const BASE_NODE_OPS_PER_SECOND = 100_000;

/** The vCPU count that `BASE_NODE_OPS_PER_SECOND` is for. */
export const BASE_VCPUS = 2;

/**
 * Cap of the vCPU scaling factor. Valkey/Redis OSS execute commands on one main thread; more vCPUs help
 * through Enhanced I/O (Redis OSS 5.0.6+), TLS offloading and I/O multiplexing (7.0.4+), Valkey 8 I/O
 * threads — https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html —
 * so the model grows with sqrt(vCPU / 2) and stops at 2× (*inference*, documented in docs/sizing-model.md).
 */
export const MAX_VCPU_FACTOR = 2;

/**
 * Baseline CPU per vCPU of burstable nodes (CPU credits): t4g/t3.micro 10%, small 20%, medium 20%;
 * t2.micro 10%, t2.small 20%, t2.medium 20% —
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html (burstable table).
 */
export const BURSTABLE_BASELINE_PER_VCPU: { [size: string]: number } = {
  micro: 0.1,
  small: 0.2,
  medium: 0.2,
};

/** Default average item size for the network cap; 1 KB is also ElastiCache Serverless's ECPU unit (pricing page). */
export const DEFAULT_ITEM_SIZE_BYTES = 1024;

/** "Max connections = 65,000 per node" — seed. */
export const MAX_CONNECTIONS_PER_NODE = 65_000;

/** Replicas per shard and the nodes-per-cluster quotas are ElastiCache facts of src/spec/limits.ts. */
export { MAX_REPLICAS_PER_SHARD, DEFAULT_NODE_QUOTA as DEFAULT_MAX_NODES, HARD_NODE_QUOTA as HARD_MAX_NODES } from '../spec';

/** GB (10^9 bytes) to GiB (2^30 bytes). */
export const GIB_PER_GB = 1e9 / 2 ** 30;

/**
 * Node-size units used as the cost proxy within a family: the EC2 instance size normalization factors
 * (micro 0.5, small 1, medium 2, large 4, xlarge 8, Nxlarge 8N) —
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/apply_ri.html. Within a family, ElastiCache on-demand
 * prices double with each size step like these units (*inference*).
 */
export function sizeUnits(size: string): number | undefined {
  const fixed: { [size: string]: number } = { micro: 0.5, small: 1, medium: 2, large: 4, xlarge: 8 };
  if (fixed[size] !== undefined) {
    return fixed[size];
  }
  const match = /^(\d+)xlarge$/.exec(size);
  return match ? 8 * Number(match[1]) : undefined;
}

/** ceil() that ignores floating point noise just above an integer. */
export function ceilSafe(x: number): number {
  return Math.ceil(x - 1e-9);
}
