import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  AccessString, CacheEngine, CacheNetwork, ClusterMode, GlobalDatastore, MemcachedCluster, MemcachedEngineVersion, NodeType, PasswordUser,
  RedisEngineVersion, ReplicationGroup, SecondaryReplicationGroup, ServerlessCache, SubnetGroup, UserGroup,
} from '../../src';
import { stackWithVpc } from '../helpers/stack';

/** The error's lines: one `[Code] message (at path)` per violated rule (src/private/validation.ts validateAll / throwAll). */
function lines(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    return (e as Error).message.split('\n');
  }
  throw new Error('expected a validation error');
}

describe('a construct reports every violated rule in one error', () => {
  test('ReplicationGroup', () => {
    const { stack, vpc } = stackWithVpc();
    expect(lines(() => new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 6, replicationGroupId: 'my--cache' }))).toEqual([
      "[ReplicationGroup.Id] replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'my--cache' (at TestStack/Cache)",
      '[ReplicationGroup.ReplicasPerShard] replicasPerShard must be an integer between 0 and 5, got 6 (at TestStack/Cache)',
    ]);
  });

  test('MemcachedCluster', () => {
    const { stack, vpc } = stackWithVpc();
    expect(lines(() => new MemcachedCluster(stack, 'Cache', { vpc, numNodes: 41, port: 70000 }))).toEqual([
      '[MemcachedCluster.NumNodes] numNodes must be an integer between 1 and 40, got 41 (at TestStack/Cache)',
      '[MemcachedCluster.Port] port must be an integer between 1 and 65535, got 70000 (at TestStack/Cache)',
    ]);
  });

  test('ServerlessCache', () => {
    const { stack, vpc } = stackWithVpc();
    expect(lines(() => new ServerlessCache(stack, 'Cache', { vpc, serverlessCacheName: 'Bad_Name', snapshotRetention: Duration.days(36) })).map((l) => l.split(' ')[0]))
      .toEqual(['[ServerlessCache.Name]', '[ServerlessCache.SnapshotRetention]']);
  });

  test('PasswordUser and UserGroup', () => {
    const stack = new Stack();
    const user = lines(() => new PasswordUser(stack, 'User', { engine: 'memcached' as never, userId: 'Bad_Id', userName: 'app', accessString: AccessString.of('on ~* +@all') }));
    expect(user.map((l) => l.split(' ')[0])).toEqual(['[User.Engine]', '[User.Id]']);
    const group = lines(() => new UserGroup(stack, 'Group', { engine: 'memcached' as never, userGroupId: 'Bad_Id' }));
    expect(group).toEqual([
      "[UserGroup.Engine] engine must be EngineType.VALKEY or EngineType.REDIS, got 'memcached'; Memcached caches cannot use user groups (at Default/Group)",
      "[UserGroup.Id] userGroupId must start with a lowercase letter and contain only lowercase letters, digits and hyphens, got 'Bad_Id' (at Default/Group)",
    ]);
  });

  test('GlobalDatastore and SecondaryReplicationGroup', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const primary = new ReplicationGroup(stack, 'Cache', { vpc, atRestEncryption: false });
    expect(lines(() => new GlobalDatastore(stack, 'Global', { primary, globalReplicationGroupIdSuffix: 'bad suffix!' })).map((l) => l.split(' ')[0]))
      .toEqual(['[GlobalDatastore.Encryption]', '[GlobalDatastore.Suffix]']);
    const good = new ReplicationGroup(stack, 'Good', { vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_7_1) });
    const globalDatastore = new GlobalDatastore(stack, 'Global2', { primary: good });
    const other = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'us-west-2' } });
    expect(lines(() => new SecondaryReplicationGroup(other, 'Cache', {
      globalDatastore, vpc: new ec2.Vpc(other, 'Vpc', { maxAzs: 2 }), replicasPerShard: 6, replicationGroupId: 'x--y',
    })).map((l) => l.split(' ')[0])).toEqual(['[SecondaryReplicationGroup.Id]', '[SecondaryReplicationGroup.ReplicasPerShard]']);
  });

  test('SubnetGroup and CacheNetwork', () => {
    const { stack, vpc } = stackWithVpc();
    expect(lines(() => new SubnetGroup(stack, 'Subnets', { vpc, vpcSubnets: { subnets: [] }, subnetGroupName: 'bad name' })).map((l) => l.split(' ')[0]))
      .toEqual(['[SubnetGroup.NoSubnets]', '[SubnetGroup.Name]']);
    expect(lines(() => new CacheNetwork(stack, 'Network', { cidr: '10.0.0.0/8', maxAzs: 1 }))).toEqual([
      "[CacheNetwork.Cidr] cidr must be a literal IPv4 CIDR block from /16 to /24 such as '10.0.0.0/16', got '10.0.0.0/8' (at TestStack/Network)",
      '[CacheNetwork.MaxAzs] maxAzs must be a whole number from 2 to 6 (Multi-AZ caches need 2), got 1 (at TestStack/Network)',
    ]);
  });

  test('auto scaling', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.DISABLED, nodeType: NodeType.R6G_LARGE, engine: CacheEngine.redis(RedisEngineVersion.of('5.0.6')) });
    expect(lines(() => cache.autoScaleShards({ minCapacity: 5, maxCapacity: 2 }))).toEqual([
      '[AutoScaling.MinMax] minCapacity (5) must not be greater than maxCapacity (2) (at TestStack/Cache/ShardScaling)',
      "[AutoScaling.ClusterMode] auto scaling needs clusterMode 'enabled', got 'disabled'; ElastiCache Auto Scaling only scales cluster-mode-enabled replication groups (at TestStack/Cache/ShardScaling)",
      "[AutoScaling.EngineVersion] auto scaling needs Redis OSS 6.0 or later, got engine version '5.0.6' (at TestStack/Cache/ShardScaling)",
    ]);
  });

  test('a single violation is still one line, as before', () => {
    expect(lines(() => new MemcachedCluster(new Stack(), 'Cache', { vpc: undefined as never, engine: CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22), numNodes: 0 }))).toHaveLength(1);
  });
});
