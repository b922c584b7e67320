import { ArnFormat, Duration, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Endpoint } from '../common/endpoint';
import { CacheEngine } from '../engine';
import { MEMCACHED_DEFAULT_PORT } from '../spec';


/** A node-based Memcached cluster, defined here or imported. */
export interface IMemcachedCluster extends IResource, ec2.IConnectable {
  /**
   * The cache cluster id (lowercase).
   * @attribute
   */
  readonly cacheClusterId: string;
  /**
   * The ARN of the cache cluster.
   * @attribute
   */
  readonly cacheClusterArn: string;
  /**
   * The configuration endpoint auto-discovery clients connect to.
   */
  readonly configurationEndpoint: Endpoint;
  /**
   * The engine, when known (undefined for imports that did not give it).
   */
  readonly engine?: CacheEngine;

  /**
   * A CloudWatch metric of this cluster (namespace `AWS/ElastiCache`, dimension `CacheClusterId`).
   * @param metricName e.g. `CPUUtilization`
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** Attributes to import an existing Memcached cluster. */
export interface MemcachedClusterAttributes {
  /** The cache cluster id. */
  readonly cacheClusterId: string;
  /**
   * The security groups of the cluster.
   * @default - none: `connections` cannot open access
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The port clients connect to.
   * @default 11211
   */
  readonly port?: number;
  /**
   * The configuration endpoint address (`<id>.<hash>.cfg.<region>.cache.amazonaws.com`).
   * @default - unknown; `configurationEndpoint` throws
   */
  readonly configurationEndpointAddress?: string;
  /**
   * The engine of the cluster.
   * @default - unknown
   */
  readonly engine?: CacheEngine;
}

/**
 * What defined and imported Memcached clusters share: ARN, connections and metrics.
 *
 * Metric dimensions: node-based clusters publish `AWS/ElastiCache` metrics per node with
 * `CacheClusterId` + `CacheNodeId` and per cluster with `CacheClusterId` — dimension sets of
 * `ElastiCacheMetrics` in aws-cdk-lib 2.257.0 (`aws-elasticache/lib/elasticache-canned-metrics.generated.d.ts`,
 * generated from the AWS service spec) and the ElastiCache User Guide,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug/CacheMetrics.DimensionsAndSets.html
 */
export abstract class MemcachedClusterBase extends Resource implements IMemcachedCluster {
  /** Imports a Memcached cluster that exists already. */
  public static fromMemcachedClusterAttributes(scope: Construct, id: string, attrs: MemcachedClusterAttributes): IMemcachedCluster {
    return new ImportedMemcachedCluster(scope, id, attrs);
  }

  public abstract readonly cacheClusterId: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly configurationEndpoint: Endpoint;
  public abstract readonly engine?: CacheEngine;

  /** The ARN of the cache cluster (`arn:<partition>:elasticache:<region>:<account>:cluster:<id>`). */
  public get cacheClusterArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache',
      resource: 'cluster',
      resourceName: this.cacheClusterId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /**
   * A metric of the whole cluster: namespace `AWS/ElastiCache`, dimension `CacheClusterId`.
   * @default Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.cacheClusterId },
      period: Duration.minutes(5),
      statistic: 'Average',
      ...props,
    }).attachTo(this);
  }

  /**
   * A metric of one node: dimensions `CacheClusterId` and `CacheNodeId`.
   * @param metricName e.g. `CPUUtilization`
   * @param cacheNodeId the node id, `0001` to `0040`
   * @default Average over 5 minutes
   */
  public metricForNode(metricName: string, cacheNodeId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { CacheClusterId: this.cacheClusterId, CacheNodeId: cacheNodeId },
      period: Duration.minutes(5),
      statistic: 'Average',
      ...props,
    }).attachTo(this);
  }

  /**
   * Host CPU utilization in percent (Memcached is multi-threaded, so host CPU is the signal).
   * @default Average over 5 minutes
   */
  public metricCPUUtilization(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CPUUtilization', props);
  }

  /**
   * Client connections.
   * @default Maximum over 5 minutes
   */
  public metricCurrConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CurrConnections', { statistic: 'Maximum', ...props });
  }

  /**
   * Items evicted to make room for new writes.
   * @default Sum over 5 minutes
   */
  public metricEvictions(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('Evictions', { statistic: 'Sum', ...props });
  }

  /**
   * Get requests that found their key.
   * @default Sum over 5 minutes
   */
  public metricGetHits(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('GetHits', { statistic: 'Sum', ...props });
  }

  /**
   * Get requests that did not find their key.
   * @default Sum over 5 minutes
   */
  public metricGetMisses(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('GetMisses', { statistic: 'Sum', ...props });
  }

  /**
   * Bytes used to store cache items.
   * @default Maximum over 5 minutes
   */
  public metricBytesUsedForCacheItems(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BytesUsedForCacheItems', { statistic: 'Maximum', ...props });
  }
}

class ImportedMemcachedCluster extends MemcachedClusterBase {
  public readonly cacheClusterId: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  private readonly attrs: MemcachedClusterAttributes;

  constructor(scope: Construct, id: string, attrs: MemcachedClusterAttributes) {
    super(scope, id);
    this.attrs = attrs;
    this.cacheClusterId = attrs.cacheClusterId;
    this.engine = attrs.engine;
    this.connections = new ec2.Connections({
      securityGroups: attrs.securityGroups,
      defaultPort: ec2.Port.tcp(attrs.port ?? MEMCACHED_DEFAULT_PORT),
    });
  }

  public get configurationEndpoint(): Endpoint {
    if (this.attrs.configurationEndpointAddress === undefined) {
      throw new Error(`[MemcachedCluster.Import] configurationEndpointAddress was not given to fromMemcachedClusterAttributes() (at ${this.node.path})`);
    }
    return new Endpoint(this.attrs.configurationEndpointAddress, this.attrs.port ?? MEMCACHED_DEFAULT_PORT);
  }
}
