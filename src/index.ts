// The public (jsii) API of cdk-elasticache.
// Node-only code (the local engine in ./local, the CLI in ./cli, ./describe) is deliberately not
// exported here: it is published under the `cdk-elasticache/local` sub-path and the `cdk-elasticache` bin.

// Engines, versions, node types and sizing
export * from './engine';
export * from './engine-version';
export * from './node-type';
export * from './sizing';

// Building blocks
export * from './parameter-group';
export * from './network/subnet-group';
export * from './network/cache-network';
export * from './network/placement-props';
export * from './auth/rotation/secret-rotation';

// Valkey / Redis OSS replication groups
export * from './common/endpoint';
export * from './common/network-type';
export * from './replication-group/options';
export * from './replication-group/replication-group-base';
export * from './replication-group/props';
export * from './replication-group/replication-group';
export * from './replication-group/recommended-alarms';

// RBAC
export * from './rbac/access-string';
export * from './rbac/user';
export * from './rbac/user-group-ref';
export * from './rbac/user-group';

// Memcached, serverless, global datastores
export * from './memcached/options';
export * from './memcached/memcached-cluster-base';
export * from './memcached/props';
export * from './memcached/memcached-cluster';
export * from './serverless/serverless-cache-base';
export * from './serverless/props';
export * from './serverless/serverless-cache';
export * from './global/global-datastore';
export * from './global/secondary-replication-group';

// Operations
export * from './monitoring/log-delivery';
export * from './scaling/replication-group-scaling';

// Compliance: a cdk-nag pack for ElastiCache (cdk-nag is a peer dependency)
export * from './nag/elasticache-checks';
