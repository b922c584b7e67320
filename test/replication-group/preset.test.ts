import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { ClusterMode, NodeType, ReplicationGroup, Sizing, SizingPreset } from '../../src';
import { stackWithVpc } from '../helpers/stack';

const RG = 'AWS::ElastiCache::ReplicationGroup';

describe('ReplicationGroup with a sizing preset', () => {
  test.each([
    ['DEVELOPMENT', SizingPreset.DEVELOPMENT, { CacheNodeType: 'cache.t4g.small', NumCacheClusters: 1, MultiAZEnabled: false, AutomaticFailoverEnabled: false, SnapshotRetentionLimit: 1 }],
    ['SMALL_PRODUCTION', SizingPreset.SMALL_PRODUCTION, { CacheNodeType: 'cache.r7g.large', NumCacheClusters: 3, MultiAZEnabled: true, AutomaticFailoverEnabled: true, SnapshotRetentionLimit: 15 }],
    ['SHARDED_PRODUCTION', SizingPreset.SHARDED_PRODUCTION, { CacheNodeType: 'cache.r7g.xlarge', ClusterMode: 'enabled', NumNodeGroups: 3, ReplicasPerNodeGroup: 2, MultiAZEnabled: true }],
    ['MEMORY_HEAVY', SizingPreset.MEMORY_HEAVY, { CacheNodeType: 'cache.r6gd.xlarge', ClusterMode: 'enabled', DataTieringEnabled: true }],
  ])('%s renders its spec', (_name, preset, expected) => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, preset });
    Template.fromStack(stack).hasResourceProperties(RG, expected);
  });

  test('explicit props win over the preset, with an info annotation naming each overridden value', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.SMALL_PRODUCTION, nodeType: NodeType.M7G_LARGE, snapshotRetention: Duration.days(20) });
    Template.fromStack(stack).hasResourceProperties(RG, { CacheNodeType: 'cache.m7g.large', NumCacheClusters: 3, SnapshotRetentionLimit: 20 });
    const annotations = Annotations.fromStack(stack);
    annotations.hasInfo('/TestStack/Cache', Match.stringLikeRegexp('nodeType: preset SMALL_PRODUCTION has cache.r7g.large, cache.m7g.large was given'));
    annotations.hasInfo('/TestStack/Cache', Match.stringLikeRegexp('snapshotRetention: preset SMALL_PRODUCTION has 15 days, 20 days was given'));
    expect(annotations.findInfo('/TestStack/Cache', Match.stringLikeRegexp('replicasPerShard'))).toHaveLength(0);
  });

  test('a calculator recommendation becomes a preset: the seed example deploys as 3 shards of r6g.xlarge x 2 replicas', () => {
    const { stack, vpc } = stackWithVpc();
    const recommendation = Sizing.forWorkload({ dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000, nodeFamilies: ['r6g'] });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.fromRecommendation(recommendation) });
    expect(cache.clusterMode).toBe(ClusterMode.ENABLED);
    Template.fromStack(stack).hasResourceProperties(RG, { CacheNodeType: 'cache.r6g.xlarge', NumNodeGroups: 3, ReplicasPerNodeGroup: 2 });
  });
});
