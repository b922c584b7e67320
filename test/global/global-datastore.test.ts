import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CacheEngine } from '../../src/engine';
import { RedisEngineVersion } from '../../src/engine-version';
import { GlobalDatastore } from '../../src/global/global-datastore';
import { SecondaryReplicationGroup, SecondaryReplicationGroupProps } from '../../src/global/secondary-replication-group';
import { NodeType } from '../../src/node-type';
import { ClusterMode } from '../../src/replication-group/options';
import { ReplicationGroupProps } from '../../src/replication-group/props';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { logicalIdOf } from '../helpers/stack';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const env = (region: string) => ({ account: '123456789012', region });

/** One stack per Region, as CDK users deploy a global datastore. */
function regions(primaryProps: Partial<ReplicationGroupProps> = {}) {
  const app = new App();
  const primaryStack = new Stack(app, 'Primary', { env: env('us-east-1'), crossRegionReferences: true });
  const primary = new ReplicationGroup(primaryStack, 'Cache', { vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }), ...primaryProps });
  const global = new GlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'sessions' });
  const secondary = (region: string, props: Partial<SecondaryReplicationGroupProps> = {}, id = 'Secondary') => {
    const stack = new Stack(app, `${id}-${region}`, { env: env(region), crossRegionReferences: true });
    const group = new SecondaryReplicationGroup(stack, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }), ...props });
    return { stack, group };
  };
  return { app, primaryStack, primary, global, secondary };
}

describe('GlobalDatastore', () => {
  test('a global replication group with the primary as PRIMARY member', () => {
    const { primaryStack, primary } = regions();
    Template.fromStack(primaryStack).hasResourceProperties('AWS::ElastiCache::GlobalReplicationGroup', {
      GlobalReplicationGroupIdSuffix: 'sessions',
      GlobalReplicationGroupDescription: 'Global datastore Primary/Global',
      Members: [{ ReplicationGroupId: { Ref: logicalIdOf(primary) }, ReplicationGroupRegion: 'us-east-1', Role: 'PRIMARY' }],
    });
    Template.fromStack(primaryStack).hasResource('AWS::ElastiCache::GlobalReplicationGroup', { DependsOn: Match.arrayWith([logicalIdOf(primary)]) });
  });

  test('a secondary has the endpoints of its Region (cluster mode disabled) and no node ids', () => {
    const { secondary } = regions();
    const { stack, group } = secondary('us-west-2');
    expect(stack.resolve(group.primaryEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(group), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(group.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(group), 'ReaderEndPoint.Address'] });
    expect(() => group.configurationEndpoint).toThrow(/\[SecondaryReplicationGroup.Endpoint\] configurationEndpoint is only available with cluster mode enabled/);
    expect(group.memberClusterIds).toBeUndefined();
  });

  test('the secondary joins through globalReplicationGroupId and renders none of the inherited properties', () => {
    const { secondary } = regions();
    const { stack } = secondary('us-west-2');
    const template = Template.fromStack(stack);
    template.hasResourceProperties(RG, {
      GlobalReplicationGroupId: Match.anyValue(),
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      Port: 6379,
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnets') },
    });
    const props = Object.values(template.findResources(RG))[0].Properties;
    for (const key of ['NumNodeGroups', 'CacheParameterGroupName', 'Engine', 'EngineVersion', 'CacheNodeType', 'TransitEncryptionEnabled',
      'TransitEncryptionMode', 'AtRestEncryptionEnabled', 'AuthToken', 'SnapshotArns', 'SnapshotName', 'SnapshotRetentionLimit', 'SnapshotWindow', 'CacheSecurityGroupNames']) {
      expect(props[key]).toBeUndefined();
    }
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('a cluster-mode-enabled primary: the secondary sets ReplicasPerNodeGroup only', () => {
    const { secondary } = regions({ clusterMode: ClusterMode.ENABLED, numShards: 2 });
    const { stack } = secondary('eu-west-1', { replicasPerShard: 2 });
    const props = Object.values(Template.fromStack(stack).findResources(RG))[0].Properties;
    expect(props.ReplicasPerNodeGroup).toBe(2);
    expect(props.NumCacheClusters).toBeUndefined();
    expect(props.NumNodeGroups).toBeUndefined();
  });

  test('two secondaries in two Regions', () => {
    const { global, secondary } = regions();
    secondary('us-west-2');
    secondary('eu-west-1');
    expect(global.secondaryRegions).toEqual(['us-west-2', 'eu-west-1']);
  });

  test('at most two secondaries', () => {
    const { secondary } = regions();
    secondary('us-west-2');
    secondary('eu-west-1');
    expect(() => secondary('ap-southeast-1')).toThrow(
      '[GlobalDatastore.Secondaries] a global datastore has at most 2 secondary Regions, got 3 (Secondary-us-west-2/Cache, Secondary-eu-west-1/Cache, Secondary-ap-southeast-1/Cache) (at Primary/Global)');
  });

  test("a secondary in the primary's Region is rejected", () => {
    const { secondary } = regions();
    expect(() => secondary('us-east-1')).toThrow(
      "[GlobalDatastore.Secondaries] secondary Secondary-us-east-1/Cache is in the primary's Region us-east-1; secondaries must be in other Regions (at Primary/Global)");
  });

  test('two secondaries in one Region are rejected', () => {
    const { secondary } = regions();
    secondary('us-west-2');
    expect(() => secondary('us-west-2', {}, 'Other')).toThrow(
      '[GlobalDatastore.Secondaries] two secondaries are in Region us-west-2; each secondary needs its own Region (at Primary/Global)');
  });

  test('the primary must be encrypted at rest and in transit', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: env('us-east-1') });
    const primary = new ReplicationGroup(stack, 'Cache', { vpc: new ec2.Vpc(stack, 'Vpc'), atRestEncryption: false });
    expect(() => new GlobalDatastore(stack, 'Global', { primary })).toThrow(
      '[GlobalDatastore.Encryption] the primary must encrypt data at rest and in transit (secondaries inherit both and cannot change them), got atRestEncryption false, transitEncryption true (at Primary/Global)');
  });

  test('Redis OSS before 5.0.6 is rejected', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: env('us-east-1') });
    const primary = new ReplicationGroup(stack, 'Cache', {
      vpc: new ec2.Vpc(stack, 'Vpc'), engine: CacheEngine.redis(RedisEngineVersion.of('4.0.10')), nodeType: NodeType.R5_LARGE, authTokenEnabled: true,
    });
    expect(() => new GlobalDatastore(stack, 'Global', { primary })).toThrow(
      "[GlobalDatastore.Engine] a global datastore needs Redis OSS 5.0.6 or later or Valkey, got primary engine 'redis 4.0.10' (at Primary/Global)");
  });

  test('an undocumented node type family warns', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: env('us-east-1') });
    const primary = new ReplicationGroup(stack, 'Cache', { vpc: new ec2.Vpc(stack, 'Vpc'), nodeType: NodeType.T4G_SMALL });
    new GlobalDatastore(stack, 'Global', { primary });
    Annotations.fromStack(stack).hasWarning('/Primary/Global', Match.stringLikeRegexp('nodeType cache.t4g.small: global datastores are documented for the r5, r6g, r6gd, m5, m6g, r7g, m7g families'));
  });

  test('suffix characters', () => {
    const app = new App();
    const stack = new Stack(app, 'Primary', { env: env('us-east-1') });
    const primary = new ReplicationGroup(stack, 'Cache', { vpc: new ec2.Vpc(stack, 'Vpc') });
    expect(() => new GlobalDatastore(stack, 'Global', { primary, globalReplicationGroupIdSuffix: 'my_store' })).toThrow(
      "[GlobalDatastore.Suffix] globalReplicationGroupIdSuffix must be letters, digits or hyphens, got 'my_store' (at Primary/Global)");
  });

  test('import: a secondary in another app joins by the full global id', () => {
    const stack = new Stack(undefined, 'S', { env: env('eu-west-1') });
    const global = GlobalDatastore.fromGlobalDatastoreAttributes(stack, 'Global', { globalReplicationGroupId: 'ldgnf-sessions', clusterMode: ClusterMode.ENABLED });
    new SecondaryReplicationGroup(stack, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(stack, 'Vpc'), replicasPerShard: 1 });
    Template.fromStack(stack).hasResourceProperties(RG, { GlobalReplicationGroupId: 'ldgnf-sessions', ReplicasPerNodeGroup: 1, Port: 6379 });
  });
});

describe('SecondaryReplicationGroup validation', () => {
  const AT = ' (at S/Cache)';
  const cases: Array<[string, Partial<SecondaryReplicationGroupProps>, string]> = [
    ['Id', { replicationGroupId: 'a--b' },
      "[SecondaryReplicationGroup.Id] replicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'a--b'" + AT],
    ['ReplicasPerShard', { replicasPerShard: 6 }, '[SecondaryReplicationGroup.ReplicasPerShard] replicasPerShard must be an integer between 0 and 5, got 6' + AT],
    ['MultiAzFailover', { automaticFailover: false }, '[SecondaryReplicationGroup.MultiAzFailover] multiAz requires automaticFailover: true, got automaticFailover false' + AT],
    ['MultiAzReplicas', { replicasPerShard: 0 },
      '[SecondaryReplicationGroup.MultiAzReplicas] multiAz needs at least 1 replica per shard, got replicasPerShard 0; add a replica or set multiAz: false' + AT],
    ['FailoverReplicas', { replicasPerShard: 0, multiAz: false },
      '[SecondaryReplicationGroup.FailoverReplicas] automaticFailover needs at least 1 replica, got replicasPerShard 0; add a replica or set automaticFailover: false (and multiAz: false)' + AT],
    ['MaintenanceWindow', { maintenanceWindow: 'sun:01:00-sun:01:30' },
      "[SecondaryReplicationGroup.MaintenanceWindow] maintenanceWindow must be at least 60 minutes, got 30 minutes ('sun:01:00-sun:01:30')" + AT],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const stack = new Stack(undefined, 'S', { env: env('eu-west-1') });
    const global = GlobalDatastore.fromGlobalDatastoreAttributes(stack, 'Global', { globalReplicationGroupId: 'ldgnf-sessions' });
    expect(() => new SecondaryReplicationGroup(stack, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(stack, 'Vpc'), ...props })).toThrow(message);
  });

  test('no replicas and no failover is allowed', () => {
    const stack = new Stack(undefined, 'S', { env: env('eu-west-1') });
    const global = GlobalDatastore.fromGlobalDatastoreAttributes(stack, 'Global', { globalReplicationGroupId: 'ldgnf-sessions' });
    new SecondaryReplicationGroup(stack, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(stack, 'Vpc'), replicasPerShard: 0, multiAz: false, automaticFailover: false });
    Template.fromStack(stack).hasResourceProperties(RG, { NumCacheClusters: 1, MultiAZEnabled: false, AutomaticFailoverEnabled: false });
  });
});
