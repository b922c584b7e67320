import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ClusterMode, RecommendedAlarms, ReplicationGroup, ReplicationGroupBase } from '../../src';
import { stackWithVpc } from '../helpers/stack';

/** Every named helper, its metric, statistic and how nodes combine (AWS canned statistics). */
const HELPERS: Array<[string, string, string, 'MAX' | 'SUM' | 'AVG']> = [
  ['metricCPUUtilization', 'CPUUtilization', 'Average', 'MAX'],
  ['metricEngineCPUUtilization', 'EngineCPUUtilization', 'Average', 'MAX'],
  ['metricDatabaseMemoryUsagePercentage', 'DatabaseMemoryUsagePercentage', 'Average', 'MAX'],
  ['metricEvictions', 'Evictions', 'Sum', 'SUM'],
  ['metricCurrConnections', 'CurrConnections', 'Average', 'MAX'],
  ['metricNewConnections', 'NewConnections', 'Sum', 'SUM'],
  ['metricReplicationLag', 'ReplicationLag', 'Average', 'MAX'],
  ['metricCacheHitRate', 'CacheHitRate', 'Average', 'AVG'],
  ['metricSwapUsage', 'SwapUsage', 'Average', 'MAX'],
  ['metricNetworkBytesIn', 'NetworkBytesIn', 'Average', 'SUM'],
  ['metricNetworkBytesOut', 'NetworkBytesOut', 'Average', 'SUM'],
];

function resolveIds(stack: Stack, ids: string[]): unknown[] {
  return ids.map((id) => stack.resolve(id));
}

function member(suffix: string): unknown {
  return { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^Cache[0-9A-F]{8}$/) }, suffix]] };
}

describe('member cluster ids (the CacheClusterId dimension)', () => {
  test('cluster mode disabled: <id>-001, <id>-002, ...', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicasPerShard: 2 });
    expect(resolveIds(stack, cache.memberClusterIds!)).toEqual([member('-001'), member('-002'), member('-003')]);
  });

  test('cluster mode enabled: <id>-<shard>-<node>', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 2 });
    const ids = resolveIds(stack, cache.memberClusterIds!);
    expect(ids).toHaveLength(9);
    expect(ids[0]).toEqual(member('-0001-001'));
    expect(ids[2]).toEqual(member('-0001-003'));
    expect(ids[8]).toEqual(member('-0003-003'));
  });

  test('ids follow the shard and node numbering with two shards of two nodes', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1 });
    expect(resolveIds(stack, cache.memberClusterIds!)).toEqual([
      member('-0001-001'), member('-0001-002'), member('-0002-001'), member('-0002-002'),
    ]);
  });

  test('imported groups take them from the attributes; without them memberClusterIds is undefined and metrics and alarms say what is missing', () => {
    const { stack } = stackWithVpc();
    const withIds = ReplicationGroupBase.fromReplicationGroupAttributes(stack, 'A', { replicationGroupId: 'orders', memberClusterIds: ['orders-001', 'orders-002'] });
    expect(withIds.memberClusterIds).toEqual(['orders-001', 'orders-002']);
    expect(stack.resolve((withIds.metricForNode('EngineCPUUtilization', 'orders-002') as cloudwatch.Metric).dimensions)).toEqual({ CacheClusterId: 'orders-002' });
    const without = ReplicationGroupBase.fromReplicationGroupAttributes(stack, 'B', { replicationGroupId: 'orders' });
    expect(without.memberClusterIds).toBeUndefined();
    expect(() => without.metric('CPUUtilization')).toThrow(/\[ReplicationGroup.MemberClusterIds\] metric\('CPUUtilization'\) needs the node ids \(memberClusterIds\).*fromReplicationGroupAttributes/);
    expect(() => without.metricPerNode('CPUUtilization')).toThrow(/\[ReplicationGroup.MemberClusterIds\] metricPerNode/);
    expect(() => new RecommendedAlarms(stack, 'Alarms', { replicationGroup: without })).toThrow(/\[ReplicationGroup.MemberClusterIds\] RecommendedAlarms needs the node ids/);
  });

  test('a group whose shard count is a token has no memberClusterIds', () => {
    const { stack, vpc } = stackWithVpc();
    const shards = new CfnParameter(stack, 'Shards', { type: 'Number' }).valueAsNumber;
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: shards });
    expect(cache.memberClusterIds).toBeUndefined();
    expect(() => cache.metricCPUUtilization()).toThrow(/\[ReplicationGroup.MemberClusterIds\]/);
  });
});

describe('metric helpers', () => {
  const { stack, vpc } = stackWithVpc();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, replicationGroupId: 'orders', replicasPerShard: 1 });

  test.each(HELPERS)('%s: AWS/ElastiCache %s per node (CacheClusterId), %s over 5 minutes, %s over nodes', (method, name, statistic, aggregation) => {
    const expr = (cache as any)[method]() as cloudwatch.MathExpression;
    expect(expr).toBeInstanceOf(cloudwatch.MathExpression);
    expect(expr.expression).toBe(`${aggregation}([m0, m1])`);
    expect(expr.period.toSeconds()).toBe(300);
    const members = Object.values(expr.usingMetrics) as cloudwatch.Metric[];
    expect(members).toHaveLength(2);
    members.forEach((m, i) => {
      expect(m.namespace).toBe('AWS/ElastiCache');
      expect(m.metricName).toBe(name);
      expect(m.statistic).toBe(statistic);
      expect(m.period.toSeconds()).toBe(300);
      expect(stack.resolve(m.dimensions)).toEqual({ CacheClusterId: member(`-00${i + 1}`) });
      // Never the replication group id as dimension: AWS publishes no such metric (cloudposse#56).
      expect(Object.keys(m.dimensions ?? {})).toEqual(['CacheClusterId']);
    });
  });

  test('metric() is generic and props override statistic and period', () => {
    const expr = cache.metric('GetTypeCmdsLatency', { statistic: 'p99', period: Duration.minutes(1) }) as cloudwatch.MathExpression;
    const m = Object.values(expr.usingMetrics)[0] as cloudwatch.Metric;
    expect(m.metricName).toBe('GetTypeCmdsLatency');
    expect(m.statistic).toBe('p99');
    expect(m.period.toSeconds()).toBe(60);
  });

  test('metricForNode and metricPerNode give one metric per node', () => {
    const one = cache.metricForNode('EngineCPUUtilization', cache.memberClusterIds![1], { statistic: 'Maximum' });
    expect(one.namespace).toBe('AWS/ElastiCache');
    expect(one.statistic).toBe('Maximum');
    expect(stack.resolve(one.dimensions)).toEqual({ CacheClusterId: member('-002') });
    const all = cache.metricPerNode('CurrConnections');
    expect(all.map((m) => stack.resolve(m.dimensions))).toEqual([{ CacheClusterId: member('-001') }, { CacheClusterId: member('-002') }]);
    expect(all.every((m) => m.statistic === 'Average')).toBe(true);
  });
});
