import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/*
 * Metric knowledge of ElastiCache node-based caches. Internal: the public API is the `metric*`
 * methods of `ReplicationGroupBase` (do not export this module from src/index.ts).
 *
 * Dimensions. AWS publishes the AWS/ElastiCache metrics of node-based caches per node only:
 * `{CacheClusterId}`, `{CacheClusterId, CacheNodeId}` or no dimension at all (account/region total).
 * There is NO `ReplicationGroupId` dimension. Source: AWS's metric definitions as shipped in
 * aws-cdk-lib 2.257.0 `aws-elasticache/lib/elasticache-canned-metrics.generated.d.ts` (generated from
 * @aws-cdk/aws-service-spec), e.g. `engineCpuUtilizationAverage(dimensions: {CacheClusterId} |
 * {CacheClusterId, CacheNodeId} | {})`; ElastiCache User Guide "Monitoring use with CloudWatch Metrics"
 * (CacheMetrics.html): "These metrics are measured and published for each Cache node".
 * An alarm with a `ReplicationGroupId` dimension therefore never receives data and sits in
 * INSUFFICIENT_DATA (cloudposse/terraform-aws-elasticache-redis#56, fixed by per-member alarms in #77).
 *
 * A replication group's nodes are member clusters of one node each (CacheNodeId `0001`), so
 * `CacheClusterId` alone identifies a node. Their ids (`ReplicationGroup.MemberClusters`):
 * - cluster mode disabled: `<replicationGroupId>-001`, `-002`, ... (primary first at creation);
 * - cluster mode enabled: `<replicationGroupId>-<NodeGroupId>-<node>`, e.g. `my-rg-0001-001`, where
 *   NodeGroupId is `0001`..`0500` (ElastiCache API Reference, NodeGroup.NodeGroupId: "node groups
 *   numbered 0001 to 0090"; the library renders NodeGroupId `0001`.. in NodeGroupConfiguration).
 * The group-level views below are CloudWatch metric math over the member metrics.
 */

/** The CloudWatch namespace of ElastiCache. */
export const NAMESPACE = 'AWS/ElastiCache';

/** How member values combine into one group-level value. */
export type NodeAggregation = 'MAX' | 'SUM' | 'AVG';

/** Defaults per metric: the statistic is AWS's canned default (elasticache-canned-metrics.generated). */
export interface MetricDefinition {
  readonly statistic: string;
  /** How the group-level view combines the nodes: MAX for gauges (the worst node matters), SUM for counters, AVG for ratios. */
  readonly aggregation: NodeAggregation;
}

export const METRICS: { readonly [name: string]: MetricDefinition } = {
  CPUUtilization: { statistic: 'Average', aggregation: 'MAX' },
  EngineCPUUtilization: { statistic: 'Average', aggregation: 'MAX' },
  DatabaseMemoryUsagePercentage: { statistic: 'Average', aggregation: 'MAX' },
  Evictions: { statistic: 'Sum', aggregation: 'SUM' },
  // A gauge sampled every minute: the canned `Sum` would add five samples per 5-minute period.
  CurrConnections: { statistic: 'Average', aggregation: 'MAX' },
  NewConnections: { statistic: 'Sum', aggregation: 'SUM' },
  ReplicationLag: { statistic: 'Average', aggregation: 'MAX' },
  // The share of hits of the group: the average over nodes (MAX would hide a cold node).
  CacheHitRate: { statistic: 'Average', aggregation: 'AVG' },
  SwapUsage: { statistic: 'Average', aggregation: 'MAX' },
  NetworkBytesIn: { statistic: 'Average', aggregation: 'SUM' },
  NetworkBytesOut: { statistic: 'Average', aggregation: 'SUM' },
};

/** The default period of every helper. */
export const DEFAULT_PERIOD = Duration.minutes(5);

/** One node's metric: namespace AWS/ElastiCache, dimension CacheClusterId, the metric's default statistic. */
export function nodeMetric(metricName: string, memberClusterId: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: NAMESPACE,
    metricName,
    dimensionsMap: { CacheClusterId: memberClusterId },
    statistic: METRICS[metricName]?.statistic ?? 'Average',
    period: DEFAULT_PERIOD,
    ...props,
  });
}

/**
 * The group-level view of a metric: `MAX([m0, m1, ...])` or `SUM([...])` over the member metrics
 * (a MathExpression, since AWS publishes no group dimension).
 */
export function groupMetric(
  metricName: string,
  nodeIds: string[],
  label: string,
  props: cloudwatch.MetricOptions = {},
): cloudwatch.MathExpression {
  const aggregation = METRICS[metricName]?.aggregation ?? 'MAX';
  const usingMetrics: { [id: string]: cloudwatch.IMetric } = {};
  nodeIds.forEach((id, i) => {
    usingMetrics[`m${i}`] = nodeMetric(metricName, id, props);
  });
  return new cloudwatch.MathExpression({
    expression: `${aggregation}([${Object.keys(usingMetrics).join(', ')}])`,
    usingMetrics,
    label: props.label ?? `${metricName} (${aggregation.toLowerCase()} of ${nodeIds.length} nodes) ${label}`.trim(),
    period: props.period ?? DEFAULT_PERIOD,
    color: props.color,
  });
}

/**
 * The member cluster ids of a replication group (see the comment at the top of this file).
 * `sharded` follows how the group is rendered: NumNodeGroups (enabled/compatible) or NumCacheClusters (disabled).
 */
export function memberClusterIds(replicationGroupId: string, sharded: boolean, numShards: number, replicasPerShard: number): string[] {
  const ids: string[] = [];
  const nodes = replicasPerShard + 1;
  for (let shard = 1; shard <= (sharded ? numShards : 1); shard++) {
    for (let node = 1; node <= nodes; node++) {
      const n = String(node).padStart(3, '0');
      ids.push(sharded ? `${replicationGroupId}-${String(shard).padStart(4, '0')}-${n}` : `${replicationGroupId}-${n}`);
    }
  }
  return ids;
}
