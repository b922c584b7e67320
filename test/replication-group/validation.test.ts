import { CfnParameter, Duration, SecretValue } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  CacheEngine, ClusterMode, MemcachedEngineVersion, NodeType, ParameterGroup, RedisEngineVersion, ReplicationGroup,
  ReplicationGroupProps, TransitEncryptionMode,
} from '../../src';
import { stackWithVpc } from '../helpers/stack';

type Case = [string, Omit<ReplicationGroupProps, 'vpc'>, string];

const CME = { clusterMode: ClusterMode.ENABLED };

// One row per rule of src/replication-group/rules.ts: bad value in, exact message out.
const cases: Case[] = [
  ['Engine', { engine: CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22) },
    "[ReplicationGroup.Engine] engine must be Valkey or Redis OSS for a replication group, got 'memcached 1.6.22'; use MemcachedCluster for Memcached"],
  ['Id', { replicationGroupId: 'my--cache' },
    "[ReplicationGroup.Id] replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'my--cache'"],
  ['Id (length)', { replicationGroupId: 'a'.repeat(41) }, '[ReplicationGroup.Id] replicationGroupId must be 1-40'],
  ['Id (first char)', { replicationGroupId: '1cache' }, "got '1cache'"],
  ['Id (trailing hyphen)', { replicationGroupId: 'cache-' }, "got 'cache-'"],
  ['Description', { description: 'x'.repeat(256) }, '[ReplicationGroup.Description] description must be 1-255 characters, got 256'],
  ['NodeTypeEngine (unsupported engine)', { engine: CacheEngine.redis(RedisEngineVersion.VER_7_1), nodeType: NodeType.R8G_LARGE },
    '[ReplicationGroup.NodeTypeEngine] nodeType cache.r8g.large does not support Redis OSS; use Valkey or another node type'],
  ['NodeTypeEngine (version floor)', { engine: CacheEngine.redis(RedisEngineVersion.of('6.0')), nodeType: NodeType.R7G_LARGE },
    "[ReplicationGroup.NodeTypeEngine] nodeType cache.r7g.large needs redis 6.2 or later, got engine version '6.0'"],
  ['PreviousGenerationNodeType', { nodeType: NodeType.T2_MICRO, multiAz: false, automaticFailover: false },
    '[ReplicationGroup.PreviousGenerationNodeType] nodeType cache.t2.micro is previous generation: ElastiCache no longer creates clusters on it; use a current node type such as cache.t4g.small'],
  ['ReplicasPerShard', { replicasPerShard: 6 }, '[ReplicationGroup.ReplicasPerShard] replicasPerShard must be an integer between 0 and 5, got 6'],
  ['ReplicasPerShard (fraction)', { replicasPerShard: 1.5 }, 'replicasPerShard must be an integer between 0 and 5, got 1.5'],
  ['NumShards', { ...CME, numShards: 0 }, '[ReplicationGroup.NumShards] numShards must be an integer between 1 and 500, got 0'],
  ['NumShards (cluster mode disabled)', { numShards: 3 },
    "[ReplicationGroup.NumShards] numShards can only be set with cluster mode enabled or compatible; with clusterMode 'disabled' the group has one shard, got numShards 3"],
  ['CompatibleShards', { clusterMode: ClusterMode.COMPATIBLE, numShards: 2 },
    "[ReplicationGroup.CompatibleShards] clusterMode 'compatible' is the migration step of a one-shard group: numShards must be 1, got 2"],
  ['NodeQuota', { ...CME, numShards: 200, replicasPerShard: 2 },
    '[ReplicationGroup.NodeQuota] numShards x (1 + replicasPerShard) must be at most 500 nodes, got 200 x 3 = 600'],
  ['ClusterModeFailover', { ...CME, automaticFailover: false, multiAz: false },
    "[ReplicationGroup.ClusterModeFailover] automaticFailover must be true with clusterMode 'enabled', got false"],
  ['FailoverReplicas', { replicasPerShard: 0, multiAz: false },
    '[ReplicationGroup.FailoverReplicas] automaticFailover needs at least 1 replica with cluster mode disabled, got replicasPerShard 0; add a replica or set automaticFailover: false (and multiAz: false)'],
  ['MultiAzFailover', { automaticFailover: false }, '[ReplicationGroup.MultiAzFailover] multiAz requires automaticFailover: true, got automaticFailover false'],
  ['MultiAzReplicas', { ...CME, replicasPerShard: 0 },
    '[ReplicationGroup.MultiAzReplicas] multiAz needs at least 1 replica per shard, got replicasPerShard 0; add a replica or set multiAz: false'],
  ['PreferredAzs (count)', { preferredAvailabilityZones: ['us-east-1a'] },
    '[ReplicationGroup.PreferredAzs] preferredAvailabilityZones must have one zone per node (1 + replicasPerShard = 2), got 1'],
  ['PreferredAzs (cluster mode)', { ...CME, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] },
    '[ReplicationGroup.PreferredAzs] preferredAvailabilityZones can only be specified for one node group (cluster mode disabled); use shards[].primaryAvailabilityZone and replicaAvailabilityZones'],
  ['Shards (cluster mode disabled)', { shards: [{ slots: '0-16383' }] }, '[ReplicationGroup.Shards] shards can only be given with cluster mode enabled or compatible'],
  ['Shards (count)', { ...CME, numShards: 3, shards: [{}, {}] }, '[ReplicationGroup.Shards] shards must have one entry per shard (numShards = 3), got 2'],
  ['Shards (replica zones)', { ...CME, replicasPerShard: 2, shards: [{ replicaAvailabilityZones: ['us-east-1a'] }] },
    '[ReplicationGroup.Shards] shards[0].replicaAvailabilityZones must have one zone per replica (2), got 1'],
  ['Shards (slot format)', { ...CME, shards: [{ slots: '0-16384' }] },
    "[ReplicationGroup.Shards] shards[0].slots must be comma-separated 'start-end' ranges within 0-16383, got '0-16384'"],
  ['SlotCoverage (overlap)', { ...CME, shards: [{ slots: '0-9000' }, { slots: '9000-16383' }] },
    '[ReplicationGroup.SlotCoverage] shards[1].slots overlaps shards[0].slots at slot 9000'],
  ['SlotCoverage (gap)', { ...CME, shards: [{ slots: '0-8000' }, { slots: '8002-16383' }] },
    '[ReplicationGroup.SlotCoverage] shards[].slots must cover every slot 0-16383; slot 8001 is not assigned'],
  ['SlotCoverage (partial)', { ...CME, shards: [{ slots: '0-16383' }, {}] },
    '[ReplicationGroup.SlotCoverage] shards[].slots must be given for every shard or for none'],
  ['TransitMode', { transitEncryption: false, authTokenEnabled: false, transitEncryptionMode: TransitEncryptionMode.PREFERRED },
    "[ReplicationGroup.TransitMode] transitEncryptionMode 'preferred' needs transitEncryption: true"],
  ['AuthTokenTransit', { transitEncryption: false },
    '[ReplicationGroup.AuthTokenTransit] an AUTH token needs transitEncryption: true; enable TLS or set authTokenEnabled: false'],
  ['AuthTokenDisabled', { authTokenEnabled: false, authToken: SecretValue.secretsManager('x') },
    '[ReplicationGroup.AuthTokenDisabled] authToken was given but authTokenEnabled is false; remove one of them'],
  ['PreferredWithAuth', { transitEncryptionMode: TransitEncryptionMode.PREFERRED },
    "[ReplicationGroup.PreferredWithAuth] transitEncryptionMode 'preferred' is not supported with an AUTH token or RBAC; use 'required' or turn authentication off while migrating"],
  ['AuthTokenFormat (short)', { authToken: SecretValue.unsafePlainText('short') },
    '[ReplicationGroup.AuthTokenFormat] authToken must be 16-128 characters of letters, digits and ! & # $ ^ < > -, got a value of 5 characters'],
  ['AuthTokenFormat (characters)', { authToken: SecretValue.unsafePlainText('this-token-has-an-@-sign') },
    'got a value of 24 characters with other characters'],
  ['AuthTokenRotation', { authTokenRotation: Duration.hours(12) },
    '[ReplicationGroup.AuthTokenRotation] authTokenRotation must be a whole number of days between 1 and 1000 (or 0 to turn it off), got 0.5 days'],
  ['Port', { port: 70000 }, '[ReplicationGroup.Port] port must be an integer between 1 and 65535, got 70000'],
  ['SnapshotRetention', { snapshotRetention: Duration.days(36) },
    '[ReplicationGroup.SnapshotRetention] snapshotRetention (days) must be an integer between 0 and 35, got 36'],
  ['SnapshotRetention (fraction)', { snapshotRetention: Duration.hours(36) }, 'snapshotRetention (days) must be an integer between 0 and 35, got 1.5'],
  ['SnapshotWindow (format)', { snapshotWindow: '5:00-6:00' },
    "[ReplicationGroup.SnapshotWindow] snapshotWindow must be 'hh24:mi-hh24:mi' in UTC (e.g. '05:00-06:00'), got '5:00-6:00'"],
  ['SnapshotWindow (length)', { snapshotWindow: '05:00-05:30' },
    "[ReplicationGroup.SnapshotWindow] snapshotWindow must be at least 60 minutes, got 30 minutes ('05:00-05:30')"],
  ['MaintenanceWindow (format)', { maintenanceWindow: 'sunday:05:00-sunday:06:00' },
    "[ReplicationGroup.MaintenanceWindow] maintenanceWindow must be 'ddd:hh24:mi-ddd:hh24:mi' in UTC with ddd one of sun, mon, tue, wed, thu, fri, sat (e.g. 'sun:23:00-mon:01:30'), got 'sunday:05:00-sunday:06:00'"],
  ['MaintenanceWindow (length)', { maintenanceWindow: 'sun:23:30-mon:00:00' },
    "[ReplicationGroup.MaintenanceWindow] maintenanceWindow must be at least 60 minutes, got 30 minutes ('sun:23:30-mon:00:00')"],
  ['WindowOverlap', { snapshotWindow: '23:30-01:00', maintenanceWindow: 'tue:00:30-tue:02:00' },
    "[ReplicationGroup.WindowOverlap] snapshotWindow '23:30-01:00' and maintenanceWindow 'tue:00:30-tue:02:00' must not overlap"],
  ['Restore', { snapshotArns: ['arn:aws:s3:::bucket/backup.rdb'], snapshotName: 'snap' },
    '[ReplicationGroup.Restore] only one of snapshotArns or snapshotName can be given'],
  ['DataTiering (r6gd needs it)', { nodeType: NodeType.R6GD_XLARGE, dataTiering: false },
    '[ReplicationGroup.DataTiering] dataTiering must be true with nodeType cache.r6gd.xlarge (r6gd nodes always tier data to SSD), got false'],
  ['DataTiering (only r6gd)', { dataTiering: true },
    '[ReplicationGroup.DataTiering] dataTiering needs an r6gd node type (e.g. cache.r6gd.xlarge), got nodeType cache.r7g.large'],
  ['DataTieringEviction', { nodeType: NodeType.R6GD_XLARGE, parameters: { 'maxmemory-policy': 'volatile-ttl' } },
    "[ReplicationGroup.DataTieringEviction] parameters['maxmemory-policy'] must be one of volatile-lru, allkeys-lru, noeviction with data tiering, got 'volatile-ttl'"],
  ['ClusterEnabledParameter', { ...CME, parameters: { 'cluster-enabled': 'no' } },
    "[ReplicationGroup.ClusterEnabledParameter] parameters['cluster-enabled'] must be 'yes' with clusterMode 'enabled', got 'no'; the library sets it for you"],
  ['ReservedMemory', { parameters: { 'reserved-memory': '100', 'reserved-memory-percent': '25' } },
    "[ReplicationGroup.ReservedMemory] parameters can set only one of 'reserved-memory' and 'reserved-memory-percent'"],
  ['AppendOnly', { parameters: { appendonly: 'yes' } },
    "[ReplicationGroup.AppendOnly] parameters 'appendonly' and 'appendfsync' are not supported by ElastiCache; use snapshots and Multi-AZ for durability"],
];

describe('ReplicationGroup validation', () => {
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, ...props })).toThrow(message);
  });

  test('errors name the construct path', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 9 })).toThrow(/\(at TestStack\/Cache\)$/);
  });

  test('a key without encryption at rest is rejected', () => {
    const { stack, vpc } = stackWithVpc();
    const encryptionKey = new kms.Key(stack, 'Key');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey, atRestEncryption: false })).toThrow(
      '[ReplicationGroup.KeyWithoutEncryption] encryptionKey was given but atRestEncryption is false; enable atRestEncryption or remove the key');
  });

  test('parameters and a parameter group together are rejected', () => {
    const { stack, vpc } = stackWithVpc();
    const parameterGroup = ParameterGroup.fromParameterGroupName(stack, 'Pg', 'custom');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, parameterGroup, parameters: { timeout: '300' } })).toThrow(
      '[ReplicationGroup.ParametersWithGroup] only one of parameters or parameterGroup can be given; set the parameters on your parameter group');
  });

  test('more than 90 nodes warn about the default quota', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, ...CME, numShards: 40, replicasPerShard: 2 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('120 nodes exceed the default quota of 90 nodes per cluster'));
  });

  test('cluster mode without replicas warns', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, ...CME, replicasPerShard: 0, multiAz: false });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp('later updates can fail'));
  });

  test('unresolved tokens pass validation', () => {
    const { stack, vpc } = stackWithVpc();
    const replicas = new CfnParameter(stack, 'Replicas', { type: 'Number' }).valueAsNumber;
    const window = new CfnParameter(stack, 'Window').valueAsString;
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: replicas, snapshotWindow: window })).not.toThrow();
  });

  test('valid windows that wrap around midnight pass', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, snapshotWindow: '23:30-00:30', maintenanceWindow: 'sat:23:00-sun:01:00' })).toThrow(/must not overlap/);
    const other = stackWithVpc();
    expect(() => new ReplicationGroup(other.stack, 'Cache', { vpc: other.vpc, snapshotWindow: '03:00-04:00', maintenanceWindow: 'sat:23:00-sun:01:00' })).not.toThrow();
  });
});
