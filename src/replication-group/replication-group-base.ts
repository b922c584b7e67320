import { ArnFormat, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { Endpoint } from '../common/endpoint';
import { CacheEngine } from '../engine';
import { requireMemberClusterIds } from './member-cluster-ids';
import { groupMetric, nodeMetric } from '../monitoring/metrics';
import { validationError } from '../private/errors';

/** A Valkey or Redis OSS replication group, defined here or imported. */
export interface IReplicationGroup extends IResource, ec2.IConnectable {
  /**
   * The replication group id.
   * @attribute
   */
  readonly replicationGroupId: string;
  /**
   * The ARN of the replication group.
   * @attribute
   */
  readonly replicationGroupArn: string;
  /**
   * The engine, when known (undefined for imports that did not give it).
   */
  readonly engine?: CacheEngine;
  /**
   * The secret holding the AUTH token, when the group uses one.
   */
  readonly authTokenSecret?: secretsmanager.ISecret;

  /**
   * The `CacheClusterId` of every node (member cluster), the dimension of its metrics:
   * `<id>-001`, `<id>-002`... (cluster mode disabled) or `<id>-0001-001`... (enabled).
   * Undefined when not known: an imported group not given them, a group whose shard or replica
   * count is not known at synth time. `metric()`, `metricPerNode()` and `RecommendedAlarms` need them.
   */
  readonly memberClusterIds?: string[];

  /**
   * The endpoint of the current primary (cluster mode disabled).
   * Throws when the group is cluster mode enabled, or imported without `primaryEndpointAddress`.
   */
  readonly primaryEndpoint: Endpoint;

  /**
   * The endpoint spreading connections over the replicas (cluster mode disabled).
   * Throws when the group is cluster mode enabled, or imported without `readerEndpointAddress`.
   */
  readonly readerEndpoint: Endpoint;

  /**
   * The configuration endpoint cluster-aware clients connect to (cluster mode enabled or compatible).
   * Throws when the group is cluster mode disabled, or imported without `configurationEndpointAddress`.
   */
  readonly configurationEndpoint: Endpoint;

  /** Grants the given actions on this replication group. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * A metric of the whole group: CloudWatch metric math combining the metric of every node
   * (MAX for gauges, SUM for counters), since AWS publishes no replication-group dimension.
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /**
   * The metric of one node: namespace `AWS/ElastiCache`, dimension `CacheClusterId`.
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   * @param memberClusterId one of `memberClusterIds`
   */
  metricForNode(metricName: string, memberClusterId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The metric of every node, in `memberClusterIds` order.
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   */
  metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[];

  /** Grants `elasticache:Connect` on this replication group (IAM authentication). */
  grantConnect(grantee: iam.IGrantable): iam.Grant;
}

/** Attributes to import an existing replication group. */
export interface ReplicationGroupAttributes {
  /** The replication group id. */
  readonly replicationGroupId: string;
  /**
   * The security groups of the replication group.
   * @default - none: `connections` cannot open access
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The port clients connect to.
   * @default - the engine's default port, or 6379
   */
  readonly port?: number;
  /**
   * The engine of the group.
   * @default - unknown
   */
  readonly engine?: CacheEngine;
  /**
   * The primary endpoint address (cluster mode disabled).
   * @default - unknown; `primaryEndpoint` throws
   */
  readonly primaryEndpointAddress?: string;
  /**
   * The reader endpoint address (cluster mode disabled).
   * @default - unknown; `readerEndpoint` throws
   */
  readonly readerEndpointAddress?: string;
  /**
   * The configuration endpoint address (cluster mode enabled).
   * @default - unknown; `configurationEndpoint` throws
   */
  readonly configurationEndpointAddress?: string;
  /**
   * The secret holding the AUTH token.
   * @default - none
   */
  readonly authTokenSecret?: secretsmanager.ISecret;
  /**
   * The ids of the member clusters (nodes), as `aws elasticache describe-replication-groups` lists
   * them in `MemberClusters`; needed for metrics and alarms.
   * @default - unknown; `memberClusterIds`, `metric*()` and alarms throw
   */
  readonly memberClusterIds?: string[];
}

/** What defined and imported replication groups share: ARN, grants, connections. */
export abstract class ReplicationGroupBase extends Resource implements IReplicationGroup {
  /** Imports a replication group that exists already. */
  public static fromReplicationGroupAttributes(scope: Construct, id: string, attrs: ReplicationGroupAttributes): IReplicationGroup {
    return new ImportedReplicationGroup(scope, id, attrs);
  }

  public abstract readonly replicationGroupId: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly engine?: CacheEngine;
  public abstract readonly authTokenSecret?: secretsmanager.ISecret;
  public abstract readonly memberClusterIds?: string[];
  public abstract readonly primaryEndpoint: Endpoint;
  public abstract readonly readerEndpoint: Endpoint;
  public abstract readonly configurationEndpoint: Endpoint;

  /** The ARN of the replication group. */
  public get replicationGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'replicationgroup',
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.replicationGroupArn] });
  }

  /**
   * Grants `elasticache:Connect` on this replication group, for IAM authentication.
   * IAM authentication needs `elasticache:Connect` on both the cache and the user:
   * also call `user.grantConnect(grantee)` (User Guide auth-iam).
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect');
  }

  /**
   * A metric of the whole group: CloudWatch metric math over the metric of every node, `MAX` for
   * gauges (CPU, memory, connections, lag, swap), `SUM` for counters (evictions, new connections,
   * network bytes) and `AVG` for the cache hit rate. AWS publishes ElastiCache metrics per node only (`CacheClusterId`),
   * never per replication group; alarm per node with `metricForNode` (see `RecommendedAlarms`).
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   * @param props statistic, period... of each node's metric (@default - the metric's statistic over 5 minutes)
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return groupMetric(metricName, requireMemberClusterIds(this, `metric('${metricName}')`), this.node.path, props);
  }

  /**
   * The metric of one node: namespace `AWS/ElastiCache`, dimension `CacheClusterId`.
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   * @param memberClusterId one of `memberClusterIds`
   * @param props statistic, period... (@default - the metric's statistic over 5 minutes)
   */
  public metricForNode(metricName: string, memberClusterId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return nodeMetric(metricName, memberClusterId, props);
  }

  /**
   * The metric of every node, in `memberClusterIds` order (one alarm per node never sits in INSUFFICIENT_DATA).
   * @param metricName an `AWS/ElastiCache` metric, e.g. `EngineCPUUtilization`
   */
  public metricPerNode(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric[] {
    return requireMemberClusterIds(this, `metricPerNode('${metricName}')`).map((id) => nodeMetric(metricName, id, props));
  }

  /**
   * Host CPU of the busiest node, percent.
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CPUUtilization', props);
  }

  /**
   * CPU of the engine thread of the busiest node, percent.
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricEngineCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('EngineCPUUtilization', props);
  }

  /**
   * Used share of `maxmemory` of the fullest node, percent.
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricDatabaseMemoryUsagePercentage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('DatabaseMemoryUsagePercentage', props);
  }

  /**
   * Keys evicted because of `maxmemory`, all nodes.
   * @default Sum over 5 minutes, SUM over nodes
   */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('Evictions', props);
  }

  /**
   * Client connections of the most connected node (excluding replicas' replication links).
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CurrConnections', props);
  }

  /**
   * Connections accepted, all nodes.
   * @default Sum over 5 minutes, SUM over nodes
   */
  public metricNewConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NewConnections', props);
  }

  /**
   * Seconds the most lagging replica is behind its primary (replicas only emit it).
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricReplicationLag(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('ReplicationLag', props);
  }

  /**
   * Hits / (hits + misses), percent, averaged over the nodes; use `metricPerNode('CacheHitRate')` for each node.
   * @default Average over 5 minutes, AVG over nodes
   */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheHitRate', props);
  }

  /**
   * Swap used on the host of the node swapping most, bytes.
   * @default Average over 5 minutes, MAX over nodes
   */
  public metricSwapUsage(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('SwapUsage', props);
  }

  /**
   * Bytes read from the network, all nodes.
   * @default Average over 5 minutes, SUM over nodes
   */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesIn', props);
  }

  /**
   * Bytes sent to the network, all nodes.
   * @default Average over 5 minutes, SUM over nodes
   */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesOut', props);
  }
}

class ImportedReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  public readonly authTokenSecret?: secretsmanager.ISecret;
  private readonly attrs: ReplicationGroupAttributes;

  constructor(scope: Construct, id: string, attrs: ReplicationGroupAttributes) {
    super(scope, id);
    this.attrs = attrs;
    this.replicationGroupId = attrs.replicationGroupId;
    this.engine = attrs.engine;
    this.authTokenSecret = attrs.authTokenSecret;
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(this.port),
    });
  }

  private get port(): number {
    return this.attrs.port ?? this.engine?.defaultPort ?? 6379;
  }

  /** The member cluster ids, when given at import. */
  public get memberClusterIds(): string[] | undefined {
    return this.attrs.memberClusterIds;
  }

  /** The primary endpoint, when given at import. */
  public get primaryEndpoint(): Endpoint {
    return new Endpoint(this.required('primaryEndpointAddress'), this.port);
  }

  /** The reader endpoint, when given at import. */
  public get readerEndpoint(): Endpoint {
    return new Endpoint(this.required('readerEndpointAddress'), this.port);
  }

  /** The configuration endpoint, when given at import. */
  public get configurationEndpoint(): Endpoint {
    return new Endpoint(this.required('configurationEndpointAddress'), this.port);
  }

  private required(name: 'primaryEndpointAddress' | 'readerEndpointAddress' | 'configurationEndpointAddress'): string {
    const value = this.attrs[name];
    if (value === undefined) {
      throw validationError(this, 'ReplicationGroup.Import', `${name} was not given to fromReplicationGroupAttributes(), so the endpoint is not known`);
    }
    return value;
  }
}

