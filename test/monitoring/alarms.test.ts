import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ClusterMode, NodeType, ReplicationGroup, ReplicationGroupBase } from '../../src';
import { RecommendedAlarms } from '../../src/replication-group/recommended-alarms';
import { findingsUnder, nagFindings } from '../helpers/nag';
import { stackWithVpc } from '../helpers/stack';

const ALARM = 'AWS::CloudWatch::Alarm';

function alarmsOf(t: Template, metricName: string): any[] {
  return Object.values(t.findResources(ALARM)).filter((a: any) => a.Properties.MetricName === metricName).map((a: any) => a.Properties);
}

describe('recommended alarms, cluster mode enabled 3 shards x 2 replicas', () => {
  const { stack, vpc } = stackWithVpc();
  const topic = new sns.Topic(stack, 'Ops');
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 2 });
  const alarms = cache.addRecommendedAlarms({ topic });
  const t = Template.fromStack(stack);

  test('one alarm per node and metric: 9 nodes x 6 metrics, evictions opt-in', () => {
    expect(alarms.alarms).toHaveLength(54);
    t.resourceCountIs(ALARM, 54);
    expect(alarmsOf(t, 'Evictions')).toHaveLength(0);
  });

  test.each([
    // metric, threshold, statistic, period, datapoints
    ['CPUUtilization', 45, 'Average', 60, 5], // cache.r7g.large has 2 vCPUs: 90 / 2
    ['EngineCPUUtilization', 90, 'Average', 60, 5],
    ['DatabaseMemoryUsagePercentage', 80, 'Average', 60, 5],
    ['CurrConnections', 52000, 'Average', 60, 10],
    ['ReplicationLag', 30, 'Average', 60, 15],
    ['SwapUsage', 50 * 1024 * 1024, 'Average', 60, 5],
  ])('%s: threshold %d, %s per %d s, %d of %d datapoints, dimension CacheClusterId of each node', (metric, threshold, statistic, period, datapoints) => {
    const found = alarmsOf(t, metric as string);
    expect(found).toHaveLength(9);
    for (const a of found) {
      expect(a).toMatchObject({
        Namespace: 'AWS/ElastiCache',
        Statistic: statistic,
        Period: period,
        Threshold: threshold,
        EvaluationPeriods: datapoints,
        DatapointsToAlarm: datapoints,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: expect.stringMatching(/^Ops/) }],
        OKActions: [{ Ref: expect.stringMatching(/^Ops/) }],
      });
      expect(a.Dimensions).toHaveLength(1);
      expect(a.Dimensions[0].Name).toBe('CacheClusterId');
    }
    const dims = found.map((a) => stack.resolve(a.Dimensions[0].Value)['Fn::Join'][1][1]);
    expect(dims).toEqual(['-0001-001', '-0001-002', '-0001-003', '-0002-001', '-0002-002', '-0002-003', '-0003-001', '-0003-002', '-0003-003']);
  });

  test('replication lag: primaries emit no data, so missing data does not breach', () => {
    // Counted, so that the test fails if no alarm is found (a loop over none would pass).
    expect(alarmsOf(t, 'ReplicationLag').map((a) => a.TreatMissingData)).toEqual(Array(9).fill('notBreaching'));
    expect(alarmsOf(t, 'EngineCPUUtilization').map((a) => a.TreatMissingData)).toEqual(Array(9).fill('missing'));
  });

  test('descriptions name the node and the source of the threshold', () => {
    const a = alarmsOf(t, 'EngineCPUUtilization')[0];
    expect(a).toBeDefined();
    expect(JSON.stringify(a.AlarmDescription)).toMatch(/EngineCPUUtilization of ElastiCache node .*above 90%.*Which Metrics Should I Monitor/);
  });

  test('alarm names are generated (no collisions between caches)', () => {
    const names = Object.values(t.findResources(ALARM)).map((a: any) => a.Properties.AlarmName);
    expect(names).toEqual(Array(54).fill(undefined));
  });
});

describe('recommended alarms options', () => {
  test('CPU threshold follows the vCPUs: 90 on 4+ vCPUs, 90/vCPUs on small nodes; overrides win', () => {
    const { stack, vpc } = stackWithVpc();
    const big = new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R7G_XLARGE });
    big.addRecommendedAlarms({ evictionsThreshold: 100, replicationLagThreshold: Duration.seconds(10), memoryUsageThreshold: 75 });
    const t = Template.fromStack(stack);
    expect(alarmsOf(t, 'CPUUtilization').map((a) => a.Threshold)).toEqual([90, 90]);
    expect(alarmsOf(t, 'ReplicationLag').map((a) => a.Threshold)).toEqual([10, 10]);
    expect(alarmsOf(t, 'DatabaseMemoryUsagePercentage').map((a) => a.Threshold)).toEqual([75, 75]);
    const ev = alarmsOf(t, 'Evictions');
    expect(ev.map((a) => [a.Threshold, a.Statistic, a.Period])).toEqual([[100, 'Sum', 300], [100, 'Sum', 300]]);
  });

  test('without a topic, an encrypted TLS-only topic is created that CloudWatch may publish to', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const alarms = cache.addRecommendedAlarms();
    expect(alarms.topic).toBeDefined();
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    t.hasResourceProperties('AWS::SNS::TopicPolicy', Match.anyValue());
  });

  test('imported groups alarm per given member cluster id', () => {
    const { stack } = stackWithVpc();
    const group = ReplicationGroupBase.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'orders', memberClusterIds: ['orders-001', 'orders-002'],
    });
    new RecommendedAlarms(stack, 'Alarms', { replicationGroup: group, topic: new sns.Topic(stack, 'Ops') });
    const t = Template.fromStack(stack);
    expect(alarmsOf(t, 'EngineCPUUtilization').map((a) => a.Dimensions)).toEqual([
      [{ Name: 'CacheClusterId', Value: 'orders-001' }], [{ Name: 'CacheClusterId', Value: 'orders-002' }],
    ]);
    expect(alarmsOf(t, 'CPUUtilization').map((a) => a.Threshold)).toEqual([90, 90]); // node type unknown
  });

  test('an optional dashboard graphs every node and shows the alarms', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const alarms = cache.addRecommendedAlarms({ dashboard: true });
    expect(alarms.dashboard).toBeDefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const body = JSON.stringify(stack.resolve(Object.values(t.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody));
    expect(body).toContain('EngineCPUUtilization');
    expect(body).toContain('CacheClusterId');
    expect(body).toContain('alarm threshold');
  });
});

describe('alarms and cdk-nag', () => {
  test('alarms, topic and key raise no finding in any pack (AwsSolutions, HIPAA, NIST R4/R5, PCI)', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    cache.addRecommendedAlarms({ dashboard: true });
    const findings = findingsUnder(nagFindings(stack), 'TestStack/Cache/RecommendedAlarms');
    expect(findings).toEqual([]);
  });
});
