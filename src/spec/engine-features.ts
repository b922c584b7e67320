/**
 * The lowest Redis OSS / Memcached version of each ElastiCache feature (every Valkey version has them all).
 *
 * - RBAC users and user groups: Redis OSS 6.0 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).
 * - IAM authentication: Redis OSS 7.0 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth-iam.html).
 * - Data tiering (r6gd): Redis OSS 6.2 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/data-tiering.html).
 * - Log delivery: slow log Redis OSS 6.0, engine log 6.2 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html).
 * - Memcached in-transit encryption: 1.6.12 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption-mc.html).
 * - Global datastores: Redis OSS 5.0.6 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Redis-Global-Datastore.html).
 * - Serverless: Valkey 7.2, Redis OSS 7.0, Memcached 1.6 (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/supported-engine-versions.html).
 */
export const RBAC_REDIS_VERSION = '6.0';
export const IAM_AUTH_REDIS_VERSION = '7.0';
export const DATA_TIERING_REDIS_VERSION = '6.2';
export const SLOW_LOG_REDIS_VERSION = '6.0';
export const ENGINE_LOG_REDIS_VERSION = '6.2';
export const MEMCACHED_TLS_VERSION = '1.6.12';
export const GLOBAL_DATASTORE_REDIS_VERSION = '5.0.6';
export const SERVERLESS_MIN_VERSIONS: { readonly [engine: string]: string } = { valkey: '7.2', redis: '7.0', memcached: '1.6' };
