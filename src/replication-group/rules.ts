import { ReplicationGroupModel } from './model';
import { ClusterMode, TransitEncryptionMode } from './options';
import { EngineType, LogType } from '../engine';
import { LogDelivery } from '../monitoring/log-delivery';
import { networkTypeProblems } from '../network/placement';
import { show } from '../private/errors';
import { encryptionKeySpecProblem } from '../private/key-spec';
import {
  checkCurrentGeneration, checkIdentifier, checkIntegerRange, checkParameterGroupFamily, checkParameters, ValidationRule,
} from '../private/validation';
import { compareVersions } from '../private/version';
import {
  authTokenProblem, DEFAULT_NODE_QUOTA, ENGINE_LOG_REDIS_VERSION, HARD_NODE_QUOTA, maintenanceWindowProblem, MAX_DESCRIPTION_LENGTH, MAX_PORT,
  MAX_REPLICAS_PER_SHARD, MAX_SNAPSHOT_RETENTION_DAYS, MIN_PORT, MIN_REPLICAS_PER_SHARD, parseSlots, REPLICATION_GROUP_ID_MAX_LENGTH,
  SLOW_LOG_REDIS_VERSION, slotCoverageProblem, snapshotWindowProblem, transitEncryptionModeProblem, windowOverlapProblem,
} from '../spec';

type Rule = ValidationRule<ReplicationGroupModel>;

/*
 * Every rule of the project reference (elasticache-rules.md §1.1-1.7) that applies to a
 * replication group, each with its source. Unresolved tokens pass (`m.known`).
 */

function logDeliveries(m: ReplicationGroupModel): Array<[LogType, LogDelivery, string]> {
  return [[LogType.SLOW_LOG, m.slowLog, 'slowLog'], [LogType.ENGINE_LOG, m.engineLog, 'engineLog']];
}

export const REPLICATION_GROUP_RULES: Rule[] = [
  {
    // botocore CreateReplicationGroupMessage.Engine: valkey | redis.
    code: 'ReplicationGroup.Engine',
    check: (m) => m.engine.engineType === EngineType.MEMCACHED
      ? `engine must be Valkey or Redis OSS for a replication group, got ${show(m.engine.toString())}; use MemcachedCluster for Memcached`
      : undefined,
  },
  {
    // botocore ReplicationGroupId; terraform validateReplicationGroupID.
    code: 'ReplicationGroup.Id',
    check: (m) => checkIdentifier('replicationGroupId', m.replicationGroupId, REPLICATION_GROUP_ID_MAX_LENGTH),
  },
  {
    // botocore ModifyReplicationGroupMessage.ReplicationGroupDescription: at most 255 characters.
    code: 'ReplicationGroup.Description',
    check: (m) => {
      const d = m.description;
      if (!m.known(d)) return undefined;
      return d!.length === 0 || d!.length > MAX_DESCRIPTION_LENGTH ? `description must be 1-${MAX_DESCRIPTION_LENGTH} characters, got ${d!.length}` : undefined;
    },
  },
  {
    // Node type minimum engine versions (ElastiCache User Guide, CacheNodes.SupportedTypes).
    code: 'ReplicationGroup.NodeTypeEngine',
    check: (m) => {
      const nt = m.nodeType;
      if (!m.known(m.engine.version) || !m.known(nt.name)) return undefined;
      const valkey = m.engine.engineType === EngineType.VALKEY;
      const floor = valkey ? nt.minValkeyVersion : nt.minRedisVersion;
      if (nt.memoryGib === undefined) return undefined; // unknown node type from of()
      if (floor === undefined) {
        return `nodeType ${nt.name} does not support ${m.engine.engineType === EngineType.REDIS ? 'Redis OSS' : m.engine.engineType}; use Valkey or another node type`;
      }
      return compareVersions(m.engine.version, floor) < 0
        ? `nodeType ${nt.name} needs ${m.engine.engineType} ${floor} or later, got engine version ${show(m.engine.version)}`
        : undefined;
    },
  },
  {
    // T2 is moving to previous generation: new clusters cannot be created (User Guide, CacheNodes.SupportedTypes).
    code: 'ReplicationGroup.PreviousGenerationNodeType',
    check: (m) => checkCurrentGeneration(m.nodeType),
  },
  {
    // botocore ReplicasPerNodeGroup 0-5; NumCacheClusters 1-6.
    code: 'ReplicationGroup.ReplicasPerShard',
    check: (m) => checkIntegerRange('replicasPerShard', m.replicasPerShard, MIN_REPLICAS_PER_SHARD, MAX_REPLICAS_PER_SHARD),
  },
  {
    code: 'ReplicationGroup.NumShards',
    check: (m) => m.sharded
      ? checkIntegerRange('numShards', m.numShards, 1, HARD_NODE_QUOTA)
      : (m.numShardsGiven !== undefined && m.numShardsGiven !== 1
        ? `numShards can only be set with cluster mode enabled or compatible; with clusterMode 'disabled' the group has one shard, got numShards ${m.numShardsGiven}`
        : undefined),
  },
  {
    // Compatible mode keeps one shard while clients migrate (botocore ClusterMode).
    code: 'ReplicationGroup.CompatibleShards',
    check: (m) => m.clusterMode === ClusterMode.COMPATIBLE && m.known(m.numShards) && m.numShards !== 1
      ? `clusterMode 'compatible' is the migration step of a one-shard group: numShards must be 1, got ${m.numShards}`
      : undefined,
  },
  {
    // shards x (1 + replicas) <= 500 (hard), default quota 90 (User Guide, Shards).
    code: 'ReplicationGroup.NodeQuota',
    check: (m) => m.known(m.numShards) && m.known(m.replicasPerShard) && m.nodeCount > HARD_NODE_QUOTA
      ? `numShards x (1 + replicasPerShard) must be at most ${HARD_NODE_QUOTA} nodes, got ${m.numShards} x ${1 + m.replicasPerShard} = ${m.nodeCount}`
      : undefined,
  },
  {
    code: 'ReplicationGroup.NodeQuotaDefault',
    severity: 'warning',
    check: (m) => m.known(m.numShards) && m.known(m.replicasPerShard) && m.nodeCount > DEFAULT_NODE_QUOTA && m.nodeCount <= HARD_NODE_QUOTA
      ? `${m.nodeCount} nodes exceed the default quota of ${DEFAULT_NODE_QUOTA} nodes per cluster; request a quota increase before deploying`
      : undefined,
  },
  {
    // "Redis with cluster mode enabled cannot be created with auto failover turned off." (aws-cloudformation-templates#487)
    code: 'ReplicationGroup.ClusterModeFailover',
    check: (m) => m.sharded && !m.automaticFailover
      ? `automaticFailover must be true with clusterMode '${m.clusterMode}', got false`
      : undefined,
  },
  {
    // "Must have at least 1 replica when cluster mode is disabled with auto failover enabled." (terraform-provider-aws#24244)
    code: 'ReplicationGroup.FailoverReplicas',
    check: (m) => !m.sharded && m.automaticFailover && m.known(m.replicasPerShard) && m.replicasPerShard < 1
      ? 'automaticFailover needs at least 1 replica with cluster mode disabled, got replicasPerShard 0; add a replica or set automaticFailover: false (and multiAz: false)'
      : undefined,
  },
  {
    // terraform replicationGroupValidateMultiAZAutomaticFailover; User Guide AutoFailover.
    code: 'ReplicationGroup.MultiAzFailover',
    check: (m) => m.multiAz && !m.automaticFailover ? 'multiAz requires automaticFailover: true, got automaticFailover false' : undefined,
  },
  {
    code: 'ReplicationGroup.MultiAzReplicas',
    check: (m) => m.multiAz && m.known(m.replicasPerShard) && m.replicasPerShard < 1
      ? 'multiAz needs at least 1 replica per shard, got replicasPerShard 0; add a replica or set multiAz: false'
      : undefined,
  },
  {
    // cloudformation-coverage-roadmap#1275, aws-cdk#13389: later updates fail.
    code: 'ReplicationGroup.ShardsWithoutReplicas',
    severity: 'warning',
    check: (m) => m.sharded && m.replicasPerShard === 0
      ? 'cluster mode with replicasPerShard 0 deploys, but later updates can fail with "Replication group must have at least one read replica to enable autofailover"'
      : undefined,
  },
  {
    // botocore PreferredCacheClusterAZs: one node group only, one AZ per node.
    code: 'ReplicationGroup.PreferredAzs',
    check: (m) => {
      const azs = m.preferredAvailabilityZones;
      if (!m.known(azs)) return undefined;
      if (m.sharded) return 'preferredAvailabilityZones can only be specified for one node group (cluster mode disabled); use shards[].primaryAvailabilityZone and replicaAvailabilityZones';
      return azs!.length !== m.replicasPerShard + 1
        ? `preferredAvailabilityZones must have one zone per node (1 + replicasPerShard = ${m.replicasPerShard + 1}), got ${azs!.length}`
        : undefined;
    },
  },
  {
    code: 'ReplicationGroup.Shards',
    check: (m) => {
      const shards = m.shards;
      if (!shards) return undefined;
      if (!m.sharded) return 'shards can only be given with cluster mode enabled or compatible';
      if (m.numShardsGiven !== undefined && shards.length !== m.numShards) {
        return `shards must have one entry per shard (numShards = ${m.numShards}), got ${shards.length}`;
      }
      for (const [i, s] of shards.entries()) {
        if (s.replicaAvailabilityZones && s.replicaAvailabilityZones.length !== m.replicasPerShard) {
          return `shards[${i}].replicaAvailabilityZones must have one zone per replica (${m.replicasPerShard}), got ${s.replicaAvailabilityZones.length}`;
        }
        const parsed = s.slots !== undefined && m.known(s.slots) ? parseSlots(`shards[${i}].slots`, s.slots) : undefined;
        if (parsed && 'problem' in parsed) return parsed.problem;
      }
      return undefined;
    },
  },
  {
    // Slots are a partition of 0-16383: no overlap and, when given for every shard, full coverage.
    code: 'ReplicationGroup.SlotCoverage',
    check: (m) => {
      const given = (m.shards ?? []).filter((s) => s.slots !== undefined && m.known(s.slots));
      if (given.length === 0) return undefined;
      if (given.length !== (m.shards ?? []).length) return 'shards[].slots must be given for every shard or for none';
      const ranges = given.map((s) => {
        const parsed = parseSlots('slots', s.slots!);
        return 'ranges' in parsed ? parsed.ranges : [];
      });
      return slotCoverageProblem(ranges, (i) => i === undefined ? 'shards[].slots' : `shards[${i}].slots`)?.message;
    },
  },
  {
    // AtRestEncryption and KMS: a key without encryption at rest is meaningless (DocDB rule in aws-cdk).
    code: 'ReplicationGroup.KeyWithoutEncryption',
    check: (m) => m.encryptionKey && !m.atRestEncryption
      ? 'encryptionKey was given but atRestEncryption is false; enable atRestEncryption or remove the key'
      : undefined,
  },
  {
    // botocore TransitEncryptionMode only with TransitEncryptionEnabled.
    code: 'ReplicationGroup.TransitMode',
    check: (m) => !m.transitEncryption && m.transitEncryptionModeGiven !== undefined
      ? `transitEncryptionMode ${show(m.transitEncryptionModeGiven)} needs transitEncryption: true`
      : undefined,
  },
  {
    // botocore AuthToken: "only allowed when TransitEncryptionEnabled=true".
    code: 'ReplicationGroup.AuthTokenTransit',
    check: (m) => m.authTokenEnabled && !m.transitEncryption
      ? 'an AUTH token needs transitEncryption: true; enable TLS or set authTokenEnabled: false'
      : undefined,
  },
  {
    code: 'ReplicationGroup.AuthTokenDisabled',
    check: (m) => !m.authTokenEnabled && m.authToken !== undefined
      ? 'authToken was given but authTokenEnabled is false; remove one of them'
      : undefined,
  },
  {
    // "Transit encryption preferred is not supported with redis access control." (cloudposse#239)
    code: 'ReplicationGroup.PreferredWithAuth',
    check: (m) => m.transitEncryption && m.transitEncryptionMode === TransitEncryptionMode.PREFERRED && m.authTokenEnabled
      ? "transitEncryptionMode 'preferred' is not supported with an AUTH token or RBAC; use 'required' or turn authentication off while migrating"
      : undefined,
  },
  {
    // botocore AuthToken: 16-128 printable characters, specials only ! & # $ ^ < > - on create.
    code: 'ReplicationGroup.AuthTokenFormat',
    check: (m) => {
      const token = m.authToken?.unsafeUnwrap();
      return m.known(token) ? authTokenProblem('authToken', token!) : undefined;
    },
  },
  {
    code: 'ReplicationGroup.AuthTokenRotation',
    check: (m) => {
      const days = m.authTokenRotation.toDays({ integral: false });
      if (days === 0) return undefined;
      // Secrets Manager rotation schedules: 4 hours to 1000 days (AWS::SecretsManager::RotationSchedule).
      return days < 1 || days > 1000 || !Number.isInteger(days)
        ? `authTokenRotation must be a whole number of days between 1 and 1000 (or 0 to turn it off), got ${days} days`
        : undefined;
    },
  },
  {
    // AuthToken and UserGroupIds are mutually exclusive (Terraform replication_group.go ConflictsWith;
    // User Guide Clusters.RBAC: migrating from AUTH to RBAC deletes the token).
    code: 'ReplicationGroup.AuthTokenWithUserGroup',
    check: (m) => m.userGroup && m.authTokenEnabled
      ? `userGroup was given together with an AUTH token (${m.authToken ? 'authToken' : 'authTokenEnabled: true'}); `
        + 'a replication group authenticates with either an AUTH token or an RBAC user group: remove authToken/authTokenEnabled'
      : undefined,
  },
  {
    // "--transit-encryption-enabled — Required for ... associating a user group" (User Guide Clusters.RBAC).
    code: 'ReplicationGroup.UserGroupTransit',
    check: (m) => m.userGroup && !m.transitEncryption
      ? 'userGroup needs transitEncryption: true (RBAC requires in-transit encryption)'
      : undefined,
  },
  {
    // "Transit encryption preferred is not supported with redis access control." (cloudposse#239)
    code: 'ReplicationGroup.PreferredWithUserGroup',
    check: (m) => m.userGroup && m.transitEncryption && m.transitEncryptionMode === TransitEncryptionMode.PREFERRED
      ? "transitEncryptionMode 'preferred' is not supported with an RBAC user group; use 'required'"
      : undefined,
  },
  {
    // RBAC: Valkey 7.2+ / Redis OSS 6.0+ (User Guide Clusters.RBAC).
    code: 'ReplicationGroup.UserGroupEngineVersion',
    check: (m) => m.userGroup && m.known(m.engine.version) && !m.engine.supportsRbac
      ? `userGroup needs an engine with RBAC (Valkey 7.2+ or Redis OSS 6.0+), got ${m.engine}`
      : undefined,
  },
  {
    // Redis OSS caches accept only REDIS user groups; Valkey caches accept VALKEY or REDIS user groups
    // (User Guide Clusters.RBAC; aws-elasticache-alpha serverless-cache.ts validateUserGroupCompatibility).
    code: 'ReplicationGroup.UserGroupEngine',
    check: (m) => m.userGroup?.engine === EngineType.VALKEY && m.engine.engineType === EngineType.REDIS
      ? `userGroup has engine 'valkey' but the cache runs ${m.engine}; Redis OSS caches accept only user groups of engine 'redis'`
      : undefined,
  },
  {
    // Access-string features and IAM authentication by Redis OSS version (User Guide Clusters.RBAC:
    // channels 6.2+, %R~/%W~/selectors/-cmd|sub 7.0+; auth-iam: 7.0+). Valkey supports all of them.
    code: 'ReplicationGroup.UserGroupFeatures',
    check: (m) => {
      const group = m.userGroup as { _requiredRedisVersion?: () => { version: string; reason: string } | undefined } | undefined;
      const need = group?._requiredRedisVersion?.();
      if (!need || m.engine.engineType !== EngineType.REDIS || !m.known(m.engine.version)) return undefined;
      return compareVersions(m.engine.version, need.version) < 0
        ? `userGroup needs Redis OSS ${need.version}+ because ${need.reason}, got ${m.engine}`
        : undefined;
    },
  },
  {
    code: 'ReplicationGroup.Port',
    check: (m) => checkIntegerRange('port', m.port, MIN_PORT, MAX_PORT),
  },
  {
    // SnapshotRetentionLimit 0-35 days (User Guide backups-automatic).
    code: 'ReplicationGroup.SnapshotRetention',
    check: (m) => checkIntegerRange('snapshotRetention (days)', m.snapshotRetentionDays, 0, MAX_SNAPSHOT_RETENTION_DAYS),
  },
  {
    code: 'ReplicationGroup.SnapshotWindow',
    check: (m) => m.known(m.snapshotWindow) ? snapshotWindowProblem('snapshotWindow', m.snapshotWindow!) : undefined,
  },
  {
    code: 'ReplicationGroup.MaintenanceWindow',
    check: (m) => m.known(m.maintenanceWindow) ? maintenanceWindowProblem('maintenanceWindow', m.maintenanceWindow!) : undefined,
  },
  {
    code: 'ReplicationGroup.WindowOverlap',
    check: (m) => m.known(m.snapshotWindow) && m.known(m.maintenanceWindow)
      ? windowOverlapProblem(m.snapshotWindow!, m.maintenanceWindow!)
      : undefined,
  },
  {
    code: 'ReplicationGroup.Restore',
    check: (m) => m.snapshotArns && m.snapshotName ? 'only one of snapshotArns or snapshotName can be given' : undefined,
  },
  {
    // DataTieringEnabled: only and always with r6gd, Redis 6.2+ / Valkey (botocore DataTieringEnabled).
    code: 'ReplicationGroup.DataTiering',
    check: (m) => {
      if (m.nodeType.memoryGib === undefined) return undefined;
      if (m.nodeType.dataTiering && m.dataTiering === false) {
        return `dataTiering must be true with nodeType ${m.nodeType.name} (r6gd nodes always tier data to SSD), got false`;
      }
      if (!m.nodeType.dataTiering && m.dataTiering) {
        return `dataTiering needs an r6gd node type (e.g. cache.r6gd.xlarge), got nodeType ${m.nodeType.name}`;
      }
      if (m.dataTiering && !m.engine.supportsDataTiering) return `dataTiering needs Redis OSS 6.2 or later or Valkey, got ${m.engine}`;
      return undefined;
    },
  },
  {
    // r6gd maxmemory-policy: only volatile-lru, allkeys-lru, noeviction (User Guide data-tiering).
    code: 'ReplicationGroup.DataTieringEviction',
    check: (m) => {
      const policy = m.parameters['maxmemory-policy'];
      const allowed = ['volatile-lru', 'allkeys-lru', 'noeviction'];
      return m.dataTiering && policy !== undefined && !allowed.includes(policy)
        ? `parameters['maxmemory-policy'] must be one of ${allowed.join(', ')} with data tiering, got ${show(policy)}`
        : undefined;
    },
  },
  {
    // cluster-enabled must match the cluster mode (botocore CacheParameterGroupName).
    code: 'ReplicationGroup.ClusterEnabledParameter',
    check: (m) => {
      const value = m.parametersGiven?.['cluster-enabled'];
      const expected = m.sharded ? 'yes' : 'no';
      return value !== undefined && value !== expected
        ? `parameters['cluster-enabled'] must be '${expected}' with clusterMode '${m.clusterMode}', got ${show(value)}; the library sets it for you`
        : undefined;
    },
  },
  {
    // reserved-memory and reserved-memory-percent are mutually exclusive (User Guide ParameterGroups.Redis).
    code: 'ReplicationGroup.ReservedMemory',
    check: (m) => m.parameters['reserved-memory'] !== undefined && m.parameters['reserved-memory-percent'] !== undefined
      ? "parameters can set only one of 'reserved-memory' and 'reserved-memory-percent'"
      : undefined,
  },
  {
    // Multi-AZ and AOF are mutually exclusive; appendonly is not supported (User Guide AutoFailover).
    code: 'ReplicationGroup.AppendOnly',
    check: (m) => m.parameters.appendonly !== undefined || m.parameters.appendfsync !== undefined
      ? "parameters 'appendonly' and 'appendfsync' are not supported by ElastiCache; use snapshots and Multi-AZ for durability"
      : undefined,
  },
  {
    // Log types per engine: slow log Redis OSS 6.0+, engine log 6.2+, Valkey all (User Guide Log_Delivery.md;
    // elasticache-rules.md §1.7). Memcached delivers no logs.
    code: 'ReplicationGroup.LogDeliveryEngine',
    check: (m) => {
      for (const [logType, delivery, prop] of logDeliveries(m)) {
        if (delivery.enabled && m.known(m.engine.version) && !m.engine.logTypes.includes(logType)) {
          const floor = logType === LogType.SLOW_LOG ? SLOW_LOG_REDIS_VERSION : ENGINE_LOG_REDIS_VERSION;
          return `${prop} needs Redis OSS ${floor} or later or Valkey, got ${m.engine}; set ${prop}: LogDelivery.disabled() or upgrade the engine`;
        }
      }
      return undefined;
    },
  },
  {
    // At most 2 entries, one per LogType (terraform replication_group.go MaxItems: 2; duplicate LogType rejected),
    // and never one log group for both (terraform-aws-modules/terraform-aws-elasticache#16).
    code: 'ReplicationGroup.LogDeliveryDistinct',
    check: (m) => {
      const groups = logDeliveries(m).filter(([, d]) => d.enabled).map(([, d]) => d.options.logGroup);
      return groups.length === 2 && groups[0] !== undefined && groups[0] === groups[1]
        ? 'slowLog and engineLog must deliver to different log groups, got the same log group for both; omit logGroup to get one new log group per log type'
        : undefined;
    },
  },
  {
    // Parameter metadata: allowed values, modifiable (src/spec/parameters.ts, User Guide ParameterGroups.Engine).
    code: 'ReplicationGroup.Parameter',
    check: (m) => checkParameters(m.engine, m.parametersGiven),
  },
  {
    // A parameter group of another family is rejected (User Guide ParameterGroups.Engine: families per version).
    code: 'ReplicationGroup.ParameterGroupFamily',
    check: (m) => checkParameterGroupFamily(m.engine, m.parameterGroup),
  },
  {
    // "Transit encryption mode is not supported for engine version 6.2.6. Please use engine version 7.0.5 or
    // higher" (CreateReplicationGroup): below Redis OSS 7.0 the library renders no mode; 'preferred' cannot be had.
    code: 'ReplicationGroup.TransitModeVersion',
    check: (m) => m.transitEncryption && m.transitEncryptionModeGiven === TransitEncryptionMode.PREFERRED && m.known(m.engine.version)
      ? transitEncryptionModeProblem('transitEncryptionMode', m.engine.engineType, m.engine.version, m.transitEncryptionModeGiven)
      : undefined,
  },
  {
    // IPv6 / dual stack: engine floor and IPv6 subnets (User Guide network-type.html).
    code: 'ReplicationGroup.NetworkType',
    check: (m) => networkTypeProblems(m, m.engine, m.networkType),
  },
  {
    // Symmetric keys only (User Guide at-rest-encryption.html).
    code: 'ReplicationGroup.EncryptionKeySpec',
    check: (m) => encryptionKeySpecProblem(m.encryptionKey),
  },
  {
    code: 'ReplicationGroup.ParametersWithGroup',
    check: (m) => m.parameterGroup && m.parametersGiven
      ? 'only one of parameters or parameterGroup can be given; set the parameters on your parameter group'
      : undefined,
  },
];
