import { ArnFormat, Duration, IResource, Resource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { serverlessPorts } from './ports';
import { Endpoint } from '../common/endpoint';
import { CacheEngine } from '../engine';
import { validationError } from '../private/errors';

/** A serverless cache, defined here or imported. */
export interface IServerlessCache extends IResource, ec2.IConnectable {
  /**
   * The name of the serverless cache.
   * @attribute
   */
  readonly serverlessCacheName: string;
  /**
   * The ARN of the serverless cache.
   * @attribute
   */
  readonly serverlessCacheArn: string;
  /**
   * The engine, when known (undefined for imports that did not give it).
   */
  readonly engine?: CacheEngine;

  /** Grants the given actions on this cache. */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;
  /** Grants `elasticache:Connect` (IAM authentication) and `elasticache:DescribeServerlessCaches`. */
  grantConnect(grantee: iam.IGrantable): iam.Grant;
  /**
   * A CloudWatch metric of this cache (namespace `AWS/ElastiCache`, dimension `clusterId`).
   * @param metricName e.g. `ElastiCacheProcessingUnits`
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/** Attributes to import an existing serverless cache. Give the name or the ARN. */
export interface ServerlessCacheAttributes {
  /**
   * The name of the cache.
   * @default - derived from `serverlessCacheArn`
   */
  readonly serverlessCacheName?: string;
  /**
   * The ARN of the cache.
   * @default - formatted from `serverlessCacheName` in the scope's account and region
   */
  readonly serverlessCacheArn?: string;
  /**
   * The engine of the cache (sets the ports of `connections`).
   * @default - unknown; Valkey/Redis OSS ports 6379-6380 are assumed
   */
  readonly engine?: CacheEngine;
  /**
   * The security groups of the cache.
   * @default - none: `connections` cannot open access
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The DNS name of the cache (the same for the endpoint and the reader endpoint).
   * @default - unknown; `endpoint` and `readerEndpoint` throw
   */
  readonly endpointAddress?: string;
}

/**
 * What defined and imported serverless caches share: ARN, grants, connections and metrics.
 *
 * Metric dimension: serverless caches publish `AWS/ElastiCache` metrics under the single dimension
 * **`clusterId`** = the cache name — not `CacheClusterId` (node-based clusters) nor `ServerlessCacheName`
 * (which `@aws-cdk/aws-elasticache-alpha` uses and which returns no data). Sources:
 * `aws cloudwatch list-metrics --namespace AWS/ElastiCache` output in open-constructs/aws-cdk-library#68
 * and grafana/grafana-aws-sdk#151 (citing https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/serverless-metrics.html),
 * and the fix cdklabs/cdk-monitoring-constructs#750 / #766
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/serverless-metrics-events-redis.html).
 */
export abstract class ServerlessCacheBase extends Resource implements IServerlessCache {
  /** Imports a serverless cache by name or ARN, with its security groups and endpoint. */
  public static fromServerlessCacheAttributes(scope: Construct, id: string, attrs: ServerlessCacheAttributes): IServerlessCache {
    return new ImportedServerlessCache(scope, id, attrs);
  }

  /** Imports a serverless cache by name. */
  public static fromServerlessCacheName(scope: Construct, id: string, serverlessCacheName: string): IServerlessCache {
    return new ImportedServerlessCache(scope, id, { serverlessCacheName });
  }

  /** Imports a serverless cache by ARN. */
  public static fromServerlessCacheArn(scope: Construct, id: string, serverlessCacheArn: string): IServerlessCache {
    return new ImportedServerlessCache(scope, id, { serverlessCacheArn });
  }

  public abstract readonly serverlessCacheName: string;
  public abstract readonly serverlessCacheArn: string;
  public abstract readonly connections: ec2.Connections;
  public abstract readonly engine?: CacheEngine;

  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.serverlessCacheArn] });
  }

  /**
   * Grants `elasticache:Connect` and `elasticache:DescribeServerlessCaches` on this cache. IAM users of the
   * cache's user group also need `elasticache:Connect` on their user ARN.
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'elasticache:Connect', 'elasticache:DescribeServerlessCaches');
  }

  /**
   * A metric of this cache: namespace `AWS/ElastiCache`, dimension `clusterId`.
   * @default Average over 5 minutes
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ElastiCache',
      metricName,
      dimensionsMap: { clusterId: this.serverlessCacheName },
      period: Duration.minutes(5),
      statistic: 'Average',
      ...props,
    }).attachTo(this);
  }

  /**
   * Successful read-only key lookups (`CacheHits`).
   * @default Sum over 5 minutes
   */
  public metricCacheHitCount(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheHits', { statistic: 'Sum', ...props });
  }

  /**
   * Unsuccessful read-only key lookups (`CacheMisses`).
   * @default Sum over 5 minutes
   */
  public metricCacheMissCount(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheMisses', { statistic: 'Sum', ...props });
  }

  /**
   * Hit rate in percent (`CacheHitRate`).
   * @default Average over 5 minutes
   */
  public metricCacheHitRate(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CacheHitRate', props);
  }

  /**
   * Bytes used by the data stored (`BytesUsedForCache`).
   * @default Maximum over 5 minutes
   */
  public metricDataStored(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BytesUsedForCache', { statistic: 'Maximum', ...props });
  }

  /**
   * ElastiCache Processing Units consumed (`ElastiCacheProcessingUnits`).
   * @default Sum over 5 minutes
   */
  public metricProcessingUnitsConsumed(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('ElastiCacheProcessingUnits', { statistic: 'Sum', ...props });
  }

  /**
   * Bytes transferred into the cache (`NetworkBytesIn`).
   * @default Sum over 5 minutes
   */
  public metricNetworkBytesIn(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesIn', { statistic: 'Sum', ...props });
  }

  /**
   * Bytes transferred out of the cache (`NetworkBytesOut`).
   * @default Sum over 5 minutes
   */
  public metricNetworkBytesOut(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('NetworkBytesOut', { statistic: 'Sum', ...props });
  }

  /**
   * Client connections (`CurrConnections`).
   * @default Maximum over 5 minutes
   */
  public metricActiveConnections(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('CurrConnections', { statistic: 'Maximum', ...props });
  }

  /**
   * Latency of successful writes in microseconds (`SuccessfulWriteRequestLatency`).
   * @default Average over 5 minutes
   */
  public metricWriteRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('SuccessfulWriteRequestLatency', props);
  }

  /**
   * Latency of successful reads in microseconds (`SuccessfulReadRequestLatency`).
   * @default Average over 5 minutes
   */
  public metricReadRequestLatency(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('SuccessfulReadRequestLatency', props);
  }

  /**
   * Requests throttled while the cache scales (`ThrottledCmds`).
   * @default Sum over 5 minutes
   */
  public metricThrottledCmds(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('ThrottledCmds', { statistic: 'Sum', ...props });
  }
}

class ImportedServerlessCache extends ServerlessCacheBase {
  public readonly serverlessCacheName: string;
  public readonly serverlessCacheArn: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  private readonly endpointAddress?: string;

  constructor(scope: Construct, id: string, attrs: ServerlessCacheAttributes) {
    super(scope, id);
    if (attrs.serverlessCacheName !== undefined && attrs.serverlessCacheArn !== undefined) {
      throw validationError(this, 'ServerlessCache.Import', 'give only one of serverlessCacheName and serverlessCacheArn');
    }
    const stack = Stack.of(this);
    if (attrs.serverlessCacheArn !== undefined) {
      this.serverlessCacheArn = attrs.serverlessCacheArn;
      const name = stack.splitArn(attrs.serverlessCacheArn, ArnFormat.COLON_RESOURCE_NAME).resourceName;
      if (!name) throw validationError(this, 'ServerlessCache.Import', `serverlessCacheArn has no cache name, got '${attrs.serverlessCacheArn}'`);
      this.serverlessCacheName = name;
    } else if (attrs.serverlessCacheName !== undefined) {
      this.serverlessCacheName = attrs.serverlessCacheName;
      this.serverlessCacheArn = stack.formatArn({
        service: 'elasticache',
        resource: 'serverlesscache',
        resourceName: attrs.serverlessCacheName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    } else {
      throw validationError(this, 'ServerlessCache.Import', 'give serverlessCacheName or serverlessCacheArn');
    }
    this.engine = attrs.engine;
    this.endpointAddress = attrs.endpointAddress;
    const { port, readerPort } = serverlessPorts(attrs.engine);
    this.connections = new ec2.Connections({ securityGroups: attrs.securityGroups, defaultPort: ec2.Port.tcpRange(port, readerPort) });
  }

  /** The endpoint (writes and consistent reads), when the address was given at import. */
  public get endpoint(): Endpoint {
    return new Endpoint(this.address(), serverlessPorts(this.engine).port);
  }

  /** The reader endpoint (read from replica), when the address was given at import. */
  public get readerEndpoint(): Endpoint {
    return new Endpoint(this.address(), serverlessPorts(this.engine).readerPort);
  }

  private address(): string {
    if (this.endpointAddress === undefined) {
      throw validationError(this, 'ServerlessCache.Import', 'endpointAddress was not given to fromServerlessCacheAttributes()');
    }
    return this.endpointAddress;
  }
}
