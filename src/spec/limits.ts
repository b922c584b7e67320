/**
 * Numeric limits of ElastiCache, each with its source.
 */

/** ReplicasPerNodeGroup / ReplicaCount: 0-5 (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html). */
export const MIN_REPLICAS_PER_SHARD = 0;
export const MAX_REPLICAS_PER_SHARD = 5;

/** NumCacheClusters (cluster mode disabled): 1-6, a primary and up to 5 replicas (same page). */
export const MIN_NUM_CACHE_CLUSTERS = 1;
export const MAX_NUM_CACHE_CLUSTERS = 6;

/**
 * Shards (NumNodeGroups): 1-500. Nodes per cluster (shards x (1 + replicas)): 90 by default, raisable to 500
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Shards.html; NodeGroupsPerReplicationGroupQuotaExceededFault).
 */
export const MAX_SHARDS = 500;
export const DEFAULT_NODE_QUOTA = 90;
export const HARD_NODE_QUOTA = 500;

/** Memcached nodes per cluster: 1-40 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/quota-limits.html). */
export const MAX_MEMCACHED_NODES = 40;

/** Ports: 1-65535 (TCP). */
export const MIN_PORT = 1;
export const MAX_PORT = 65535;
/** Default ports: 6379 for Valkey/Redis OSS, 11211 for Memcached (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/set-up.html). */
export const REDIS_DEFAULT_PORT = 6379;
export const MEMCACHED_DEFAULT_PORT = 11211;

/**
 * Serverless ports: Valkey/Redis OSS 6379 (writes, consistent reads) and 6380 (read from replica)
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ReadReplicas.html); Memcached 11211 and 11212
 * (by analogy; the CloudFormation `ReaderEndpoint.Port` attribute is authoritative).
 */
export const SERVERLESS_REDIS_READER_PORT = 6380;
export const SERVERLESS_MEMCACHED_READER_PORT = 11212;

/**
 * Serverless `CacheUsageLimits`: DataStorage 1-5000 GB, ECPUPerSecond 1,000-15,000,000
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheUsageLimits.html;
 * terraform-provider-aws serverless_cache.go).
 */
export const DATA_STORAGE_MIN_GB = 1;
export const DATA_STORAGE_MAX_GB = 5000;
export const ECPU_MIN = 1000;
export const ECPU_MAX = 15_000_000;

/** SnapshotRetentionLimit: 0-35 days (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html). */
export const MAX_SNAPSHOT_RETENTION_DAYS = 35;

/** ReplicationGroupDescription: 1-255 characters (API_ModifyReplicationGroup.html). */
export const MAX_DESCRIPTION_LENGTH = 255;
