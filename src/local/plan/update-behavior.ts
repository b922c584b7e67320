/*
 * What a CloudFormation update does to each property of the ElastiCache resource types: the facts `plan()` uses.
 *
 * Sources (read 2026-11-30):
 * - Replacement: the CloudFormation registry schemas' `createOnlyProperties`, as vendored by cfn-lint
 *   (github.com/aws-cloudformation/cfn-lint, src/cfnlint/data/schemas/providers/us_east_1/aws-elasticache-*.json),
 *   cross-checked with "Update requires" in the CloudFormation resource reference
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-<type>.html).
 *   Where the two disagree the current reference page wins and the difference is noted below.
 * - Some interruptions: the resource reference pages (only AWS::ElastiCache::CacheCluster has such properties).
 * - Every other property: "Update requires: No interruption".
 */

/** What a CloudFormation update does to a resource. */
export type UpdateBehavior = 'no-interruption' | 'some-interruption' | 'replacement';

/** The facts of one resource type. */
export interface TypeFacts {
  /** Properties whose change replaces the resource. */
  readonly replacement: readonly string[];
  /** Properties whose change interrupts the resource (restart, failover...). */
  readonly someInterruption?: readonly string[];
  /** The resource holds data, lost when it is replaced or deleted without a snapshot. */
  readonly holdsData: boolean;
  /** The resource reference page. */
  readonly reference: string;
}

const REF = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-';

export const UPDATE_FACTS: Record<string, TypeFacts> = {
  'AWS::ElastiCache::ReplicationGroup': {
    // createOnlyProperties; the reference page adds nothing. `Engine` is create-only in some cfn-lint snapshots of the
    // schema, but the reference page says "No interruption": redis -> valkey is an in-place upgrade (see ENGINE_NOTE).
    // NumNodeGroups / NodeGroupConfiguration and AuthToken are conditional (see plan.ts).
    replacement: [
      'AtRestEncryptionEnabled', 'CacheSubnetGroupName', 'DataTieringEnabled', 'GlobalReplicationGroupId', 'KmsKeyId',
      'NetworkType', 'Port', 'PreferredCacheClusterAZs', 'ReplicasPerNodeGroup', 'ReplicationGroupId', 'SnapshotArns', 'SnapshotName',
    ],
    holdsData: true,
    reference: `${REF}replicationgroup.html`,
  },
  'AWS::ElastiCache::CacheCluster': {
    replacement: ['CacheSubnetGroupName', 'ClusterName', 'Engine', 'NetworkType', 'Port', 'SnapshotArns', 'SnapshotName'],
    // "Update requires: Some interruptions" on the reference page; NumCacheNodes is conditional (see plan.ts).
    someInterruption: ['AZMode', 'NumCacheNodes', 'PreferredAvailabilityZone', 'PreferredAvailabilityZones'],
    holdsData: true,
    reference: `${REF}cachecluster.html`,
  },
  'AWS::ElastiCache::ServerlessCache': {
    replacement: ['ServerlessCacheName', 'Engine', 'MajorEngineVersion', 'KmsKeyId', 'SnapshotArnsToRestore', 'SubnetIds'],
    holdsData: true,
    reference: `${REF}serverlesscache.html`,
  },
  'AWS::ElastiCache::User': {
    replacement: ['UserId', 'UserName'],
    holdsData: false,
    reference: `${REF}user.html`,
  },
  'AWS::ElastiCache::UserGroup': {
    replacement: ['UserGroupId'],
    holdsData: false,
    reference: `${REF}usergroup.html`,
  },
  'AWS::ElastiCache::ParameterGroup': {
    replacement: ['CacheParameterGroupFamily'],
    holdsData: false,
    reference: `${REF}parametergroup.html`,
  },
  'AWS::ElastiCache::SubnetGroup': {
    replacement: ['CacheSubnetGroupName'],
    holdsData: false,
    reference: `${REF}subnetgroup.html`,
  },
  'AWS::ElastiCache::GlobalReplicationGroup': {
    // No createOnlyProperties in the schema: every property is updated in place.
    replacement: [],
    holdsData: false,
    reference: `${REF}globalreplicationgroup.html`,
  },
};

/** Properties whose values are secrets: never printed. */
export const SECRET_PROPERTIES = ['AuthToken', 'Passwords', 'AuthenticationMode'];

/**
 * ReplicationGroup `NumNodeGroups` / `NodeGroupConfiguration`: "If you set UseOnlineResharding to true, you can update
 * ... without interruption. When UseOnlineResharding is set to false, or is not specified, updating ... results in
 * replacement" (reference page; UpdatePolicy attribute `UseOnlineResharding`).
 */
export const ONLINE_RESHARDING_PROPERTIES = ['NumNodeGroups', 'NodeGroupConfiguration'];

/** ReplicationGroup `AuthToken`: "If ADDING the AuthToken, update requires Replacement" (reference page). */
export const AUTH_TOKEN_NOTE = 'adding an AuthToken replaces the replication group; changing it rotates it in place';

/**
 * ReplicationGroup `Engine`: "Upgrading an existing engine from redis to valkey is done through in-place migration, and
 * requires a parameter group" (reference page); ElastiCache has no valkey -> redis migration (User Guide,
 * VersionManagement.HowTo "How to upgrade from Redis OSS to Valkey").
 */
export const ENGINE_NOTE = 'redis -> valkey is an in-place upgrade (with a parameter group of the valkey family)';

/** EngineVersion: "you cannot downgrade to an earlier engine version" (reference pages). */
export const DOWNGRADE_NOTE = 'ElastiCache cannot downgrade an engine version: the update fails; delete and re-create the cache to go back';

/** CacheCluster `CacheNodeType` with Memcached: "Changing the CacheNodeType of a Memcached instance is currently not supported" (reference page). */
export const MEMCACHED_NODE_TYPE_NOTE = 'Memcached cannot change node type in place: change the logical id to replace the cluster';

/**
 * CacheCluster `NumCacheNodes`: "if the PreferredAvailabilityZone and PreferredAvailabilityZones properties were not
 * previously specified and you don't specify any new values, an update requires replacement" (reference page).
 */
export const NUM_CACHE_NODES_NOTE = 'without PreferredAvailabilityZone(s), changing NumCacheNodes replaces the cluster';
