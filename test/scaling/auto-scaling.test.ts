import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheEngine, ClusterMode, GlobalDatastore, NodeType, RedisEngineVersion, ReplicationGroup, ReplicationGroupBase,
  ReplicationGroupProps, ScalableReplicaCount, ScalableShardCount, SecondaryReplicationGroup, ValkeyEngineVersion,
} from '../../src';
import { findingsUnder, nagFindings } from '../helpers/nag';
import { stackWithVpc } from '../helpers/stack';

const TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
const POLICY = 'AWS::ApplicationAutoScaling::ScalingPolicy';
const SLR = 'aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG';

function cme(props: Partial<ReplicationGroupProps> = {}) {
  const { stack, vpc } = stackWithVpc();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1, ...props });
  return { stack, vpc, cache };
}

describe('auto scaling: rendered resources', () => {
  test('shards: scalable target on NodeGroups with the service-linked role, no IAM role created', () => {
    const { stack, cache } = cme();
    const shards = cache.autoScaleShards({ minCapacity: 2, maxCapacity: 10 });
    shards.scaleOnMemory('Memory', { targetUtilizationPercent: 60 });
    shards.scaleOnCpu('Cpu', { targetUtilizationPercent: 50, disableScaleIn: true });
    shards.scaleOnCapacity('Capacity', { targetUtilizationPercent: 65 });
    const t = Template.fromStack(stack);
    t.resourceCountIs(TARGET, 1);
    t.hasResourceProperties(TARGET, {
      ServiceNamespace: 'elasticache',
      ScalableDimension: 'elasticache:replication-group:NodeGroups',
      MinCapacity: 2,
      MaxCapacity: 10,
      ResourceId: { 'Fn::Join': ['', ['replication-group/', { Ref: Match.stringLikeRegexp('^Cache') }]] },
      RoleARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::123456789012:role/${SLR}`]] },
    });
    // No role for Application Auto Scaling: it uses its service-linked role.
    expect(Object.values(t.findResources('AWS::IAM::Role')).filter((r) =>
      JSON.stringify(r).includes('application-autoscaling.amazonaws.com'))).toEqual([]);
    t.resourceCountIs(POLICY, 3);
    for (const [metric, value] of [
      ['ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage', 60],
      ['ElastiCachePrimaryEngineCPUUtilization', 50],
      ['ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage', 65],
    ] as const) {
      t.hasResourceProperties(POLICY, {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: { PredefinedMetricType: metric },
          TargetValue: value,
        }),
      });
    }
    t.hasResourceProperties(POLICY, {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ DisableScaleIn: true, TargetValue: 50 }),
    });
  });

  test('replicas: scalable target on Replicas, replica CPU policy, schedule', () => {
    const { stack, cache } = cme();
    const replicas = cache.autoScaleReplicas({ maxCapacity: 5 });
    replicas.scaleOnCpu('Cpu', { targetUtilizationPercent: 40 });
    replicas.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 1, maxCapacity: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(TARGET, {
      ScalableDimension: 'elasticache:replication-group:Replicas',
      MinCapacity: 1,
      MaxCapacity: 5,
      ScheduledActions: [Match.objectLike({
        ScheduledActionName: 'Night',
        Schedule: 'cron(0 22 * * ? *)',
        ScalableTargetAction: { MinCapacity: 1, MaxCapacity: 2 },
      })],
    });
    t.hasResourceProperties(POLICY, {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ElastiCacheReplicaEngineCPUUtilization' },
        TargetValue: 40,
      }),
    });
  });

  test('shards and replicas of one group share one service-linked role reference and render two targets', () => {
    const { stack, cache } = cme();
    cache.autoScaleShards({ maxCapacity: 6 });
    cache.autoScaleReplicas({ maxCapacity: 3 });
    Template.fromStack(stack).resourceCountIs(TARGET, 2);
  });

  test('standalone construct on an imported group', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const group = ReplicationGroupBase.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'orders' });
    new ScalableShardCount(stack, 'Shards', { replicationGroup: group, minCapacity: 3, maxCapacity: 12 })
      .scaleOnCpu('Cpu', { targetUtilizationPercent: 45 });
    new ScalableReplicaCount(stack, 'Replicas', { replicationGroup: group, minCapacity: 0, maxCapacity: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(TARGET, { ResourceId: 'replication-group/orders', ScalableDimension: 'elasticache:replication-group:NodeGroups', MinCapacity: 3 });
    t.hasResourceProperties(TARGET, { ResourceId: 'replication-group/orders', ScalableDimension: 'elasticache:replication-group:Replicas', MinCapacity: 0 });
  });
});

describe('auto scaling: one test per rule (src/scaling/rules.ts), exact messages', () => {
  const at = '(at TestStack/Cache/ShardScaling)';
  const atReplicas = '(at TestStack/Cache/ReplicaScaling)';

  test('AutoScaling.ShardCapacity', () => {
    expect(() => cme().cache.autoScaleShards({ maxCapacity: 501 })).toThrow(
      `[AutoScaling.ShardCapacity] maxCapacity (shards) must be an integer between 1 and 500, got 501 ${at}`);
    expect(() => cme().cache.autoScaleShards({ minCapacity: 0, maxCapacity: 4 })).toThrow(
      `[AutoScaling.ShardCapacity] minCapacity (shards) must be an integer between 1 and 500, got 0 ${at}`);
  });

  test('AutoScaling.ReplicaCapacity', () => {
    expect(() => cme().cache.autoScaleReplicas({ maxCapacity: 6 })).toThrow(
      `[AutoScaling.ReplicaCapacity] maxCapacity (replicas per shard) must be an integer between 0 and 5, got 6 ${atReplicas}`);
  });

  test('AutoScaling.MinMax', () => {
    expect(() => cme().cache.autoScaleShards({ minCapacity: 5, maxCapacity: 4 })).toThrow(
      `[AutoScaling.MinMax] minCapacity (5) must not be greater than maxCapacity (4) ${at}`);
  });

  test('AutoScaling.ClusterMode', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    expect(() => cache.autoScaleReplicas({ maxCapacity: 3 })).toThrow(
      `[AutoScaling.ClusterMode] auto scaling needs clusterMode 'enabled', got 'disabled'; ElastiCache Auto Scaling only scales cluster-mode-enabled replication groups ${atReplicas}`);
  });

  test('AutoScaling.GlobalDatastore (primary, checked at synthesis)', () => {
    const { stack, cache } = cme();
    cache.autoScaleShards({ maxCapacity: 6 });
    new GlobalDatastore(stack, 'Global', { primary: cache });
    expect(() => Template.fromStack(stack)).toThrow(
      `[AutoScaling.GlobalDatastore] auto scaling is not supported for a replication group in a global datastore, and this one is a member of TestStack/Global ${at}`);
  });

  test('AutoScaling.GlobalDatastore (secondary)', () => {
    const { stack, cache } = cme();
    const global = new GlobalDatastore(stack, 'Global', { primary: cache });
    const other = new Stack(stack.node.root as App, 'Other', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
    const secondary = new SecondaryReplicationGroup(other, 'Secondary', { globalDatastore: global, vpc: new ec2.Vpc(other, 'Vpc', { maxAzs: 2 }) });
    expect(() => new ScalableReplicaCount(other, 'Replicas', { replicationGroup: secondary, maxCapacity: 2 })).toThrow(
      '[AutoScaling.GlobalDatastore] auto scaling is not supported for a replication group in a global datastore, and this one is a member of TestStack/Global (at Other/Replicas)');
  });

  test('AutoScaling.EngineVersion', () => {
    expect(() => cme({ engine: CacheEngine.redis(RedisEngineVersion.of('5.0.6')), nodeType: NodeType.M5_LARGE }).cache.autoScaleShards({ maxCapacity: 4 })).toThrow(
      `[AutoScaling.EngineVersion] auto scaling needs Redis OSS 6.0 or later, got engine version '5.0.6' ${at}`);
    // Valkey's first release is 7.2: only an imported group can claim an older version.
    const stack = new Stack(new App(), 'S');
    const imported = ReplicationGroupBase.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'orders', engine: CacheEngine.valkey(ValkeyEngineVersion.of('7.1')),
    });
    expect(() => new ScalableShardCount(stack, 'Shards', { replicationGroup: imported, maxCapacity: 4 })).toThrow(
      "[AutoScaling.EngineVersion] auto scaling needs Valkey 7.2 or later, got engine version '7.1' (at S/Shards)");
    // Data tiering needs Redis OSS 7.0.7: '6.2' is refused, '7.0' (ElastiCache's latest 7.0 patch, 7.0.7) is accepted.
    expect(() => cme({ engine: CacheEngine.redis(RedisEngineVersion.VER_6_2), nodeType: NodeType.of('cache.r6gd.xlarge') }).cache
      .autoScaleShards({ maxCapacity: 4 })).toThrow(
      `[AutoScaling.EngineVersion] auto scaling needs Redis OSS 7.0.7 or later with data tiering, got engine version '6.2' ${at}`);
    expect(() => cme({ engine: CacheEngine.redis(RedisEngineVersion.VER_7_0), nodeType: NodeType.of('cache.r6gd.xlarge') }).cache
      .autoScaleShards({ maxCapacity: 4 })).not.toThrow();
  });

  test('AutoScaling.NodeType', () => {
    const families = 'r8g, r8gd, r7g, r7gd, r6g, r6gd, r5, m8g, m7g, m6g, m5, c8gn, c7gn';
    expect(() => cme({ nodeType: NodeType.of('cache.r7g.4xlarge') }).cache.autoScaleShards({ maxCapacity: 4 })).toThrow(
      `[AutoScaling.NodeType] auto scaling does not support nodeType cache.r7g.4xlarge: it needs a node type of the families ${families} in the sizes large, xlarge, 2xlarge ${at}`);
    expect(() => cme({ nodeType: NodeType.T4G_MEDIUM }).cache.autoScaleShards({ maxCapacity: 4 })).toThrow(
      '[AutoScaling.NodeType] auto scaling does not support nodeType cache.t4g.medium');
    expect(() => cme({ nodeType: NodeType.M7G_2XLARGE }).cache.autoScaleShards({ maxCapacity: 4 })).not.toThrow();
    // A node type unknown to this version of the library is left to AWS.
    expect(() => cme({ nodeType: NodeType.of('cache.x9g.large') }).cache.autoScaleShards({ maxCapacity: 4 })).not.toThrow();
  });

  test('AutoScaling.CurrentCapacity (warning)', () => {
    const { stack, cache } = cme({ numShards: 3 });
    cache.autoScaleShards({ minCapacity: 4, maxCapacity: 8 });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache/ShardScaling',
      'numShards is 3, outside minCapacity..maxCapacity (4..8): Application Auto Scaling changes it to 4 when the scalable target is registered [ack: cdk-elasticache:AutoScaling.CurrentCapacity]');
  });

  test('AutoScaling.TargetValue', () => {
    const shards = cme().cache.autoScaleShards({ maxCapacity: 4 });
    expect(() => shards.scaleOnCpu('Cpu', { targetUtilizationPercent: 80 })).toThrow(
      `[AutoScaling.TargetValue] scaleOnCpu(): targetUtilizationPercent must be between 35 and 70, got 80 ${at}`);
    const replicas = cme().cache.autoScaleReplicas({ maxCapacity: 4 });
    expect(() => replicas.scaleOnCpu('Cpu', { targetUtilizationPercent: 30 })).toThrow(
      `[AutoScaling.TargetValue] scaleOnCpu(): targetUtilizationPercent must be between 35 and 70, got 30 ${atReplicas}`);
  });

  test('AutoScaling.MemoryMetric', () => {
    const shards = cme({ engine: CacheEngine.VALKEY_8_2, nodeType: NodeType.of('cache.r6gd.xlarge') }).cache.autoScaleShards({ maxCapacity: 4 });
    expect(() => shards.scaleOnMemory('Memory', { targetUtilizationPercent: 60 })).toThrow(
      `[AutoScaling.MemoryMetric] scaleOnMemory() cannot be used with the data-tiered nodeType cache.r6gd.xlarge (memory is expected to be full); use scaleOnCapacity(), which counts memory and SSD ${at}`);
    expect(() => shards.scaleOnCapacity('Capacity', { targetUtilizationPercent: 60 })).not.toThrow();
  });

  test('AutoScaling.ScheduleCapacity', () => {
    const shards = cme().cache.autoScaleShards({ maxCapacity: 4 });
    const schedule = appscaling.Schedule.cron({ hour: '8', minute: '0' });
    expect(() => shards.scaleOnSchedule('Morning', { schedule })).toThrow(
      `[AutoScaling.ScheduleCapacity] scaleOnSchedule('Morning'): give minCapacity, maxCapacity or both ${at}`);
    expect(() => shards.scaleOnSchedule('Morning', { schedule, minCapacity: 0 })).toThrow(
      `[AutoScaling.ScheduleCapacity] scaleOnSchedule('Morning') minCapacity (shards) must be an integer between 1 and 500, got 0 ${at}`);
    expect(() => shards.scaleOnSchedule('Morning', { schedule, minCapacity: 5, maxCapacity: 4 })).toThrow(
      `[AutoScaling.ScheduleCapacity] scaleOnSchedule('Morning'): minCapacity (5) must not be greater than maxCapacity (4) ${at}`);
  });

  test('AutoScaling.Once', () => {
    const { cache } = cme();
    cache.autoScaleShards({ maxCapacity: 4 });
    expect(() => cache.autoScaleShards({ maxCapacity: 6 })).toThrow(
      '[AutoScaling.Once] autoScaleShards() was already called on this replication group; add policies to the object it returned (at TestStack/Cache)');
  });
});

describe('auto scaling: cdk-nag and snapshot', () => {
  test('no finding in the five packs on the scaling resources', () => {
    const { stack, cache } = cme();
    const shards = cache.autoScaleShards({ maxCapacity: 6 });
    shards.scaleOnMemory('Memory', { targetUtilizationPercent: 60 });
    shards.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), maxCapacity: 3 });
    cache.autoScaleReplicas({ maxCapacity: 3 }).scaleOnCpu('Cpu', { targetUtilizationPercent: 50 });
    const findings = nagFindings(stack);
    expect(findingsUnder(findings, 'TestStack/Cache/ShardScaling')).toEqual([]);
    expect(findingsUnder(findings, 'TestStack/Cache/ReplicaScaling')).toEqual([]);
    expect(findingsUnder(findings, 'ElastiCacheAutoScalingServiceLinkedRole')).toEqual([]);
  });

  test('golden template of the scaling resources', () => {
    const { stack, cache } = cme();
    const shards = cache.autoScaleShards({ minCapacity: 2, maxCapacity: 10 });
    shards.scaleOnMemory('Memory', { targetUtilizationPercent: 60 });
    shards.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), maxCapacity: 3 });
    cache.autoScaleReplicas({ maxCapacity: 3 }).scaleOnCpu('Cpu', { targetUtilizationPercent: 50 });
    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
    expect(Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type.startsWith('AWS::ApplicationAutoScaling::')))).toMatchSnapshot();
  });
});
