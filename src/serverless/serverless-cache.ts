import { Lazy, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnServerlessCache } from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { ServerlessCacheModel } from './model';
import { serverlessPorts } from './ports';
import { ServerlessCacheProps } from './props';
import { SERVERLESS_CACHE_RULES } from './rules';
import { ServerlessCacheBase } from './serverless-cache-base';
import { Endpoint } from '../common/endpoint';
import { CacheEngine } from '../engine';
import { SubnetGroup } from '../network/subnet-group';
import { validationError } from '../private/errors';
import { validateAll } from '../private/validation';
import { IUserGroup } from '../rbac/user-group-ref';

const SERVERLESS_CACHE_SYMBOL = Symbol.for('cdk-elasticache.ServerlessCache');

/**
 * A serverless Valkey, Redis OSS or Memcached cache.
 *
 * `new ServerlessCache(this, 'Cache', { vpc })` defines a Valkey 8 cache encrypted with a new
 * rotating customer-managed KMS key (TLS is always on for serverless caches), in the private subnets,
 * with a security group without ingress. `cache.connections.allowDefaultPortFrom(app)` opens both
 * ports: 6379 (`endpoint`: writes and consistent reads) and 6380 (`readerEndpoint`: read from replica).
 *
 * @resource AWS::ElastiCache::ServerlessCache
 */
export class ServerlessCache extends ServerlessCacheBase {
  /** Whether `x` is a `ServerlessCache` defined by this library. */
  public static isServerlessCache(x: unknown): x is ServerlessCache {
    return x !== null && typeof x === 'object' && SERVERLESS_CACHE_SYMBOL in (x as object);
  }

  /**
   * The name of the cache.
   * @attribute
   */
  public readonly serverlessCacheName: string;
  /**
   * The ARN of the cache.
   * @attribute
   */
  public readonly serverlessCacheArn: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  /** The port of `endpoint` (6379, or 11211 for Memcached). */
  public readonly port: number;
  /** The port of `readerEndpoint` (6380, or 11212 for Memcached). */
  public readonly readerPort: number;
  /** The KMS key encrypting the cache at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The user group of the cache, when given. */
  public readonly userGroup?: IUserGroup;
  /** The subnets of the cache's endpoints. */
  public readonly subnets: ec2.ISubnet[];
  /** The validated settings this construct rendered. */
  private readonly model: ServerlessCacheModel;
  private readonly resource: CfnServerlessCache;

  constructor(scope: Construct, id: string, props: ServerlessCacheProps) {
    super(scope, id);
    Object.defineProperty(this, SERVERLESS_CACHE_SYMBOL, { value: true });

    this.model = ServerlessCacheModel.fromProps(props);
    validateAll(this, this.model, SERVERLESS_CACHE_RULES);
    const model = this.model;
    this.engine = model.engine;
    ({ port: this.port, readerPort: this.readerPort } = serverlessPorts(model.engine));
    this.userGroup = model.userGroup;

    this.subnets = model.vpc.selectSubnets(model.vpcSubnets ?? SubnetGroup.defaultSubnets(model.vpc)).subnets;
    if (this.subnets.length === 0) {
      throw validationError(this, 'ServerlessCache.NoSubnets', 'vpcSubnets selected no subnet of the VPC; select at least one subnet (private subnets are the default)');
    }
    const securityGroups = model.securityGroups ?? [
      new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: model.vpc,
        description: `ElastiCache serverless ${model.engine.engineType} ${this.node.path}: no ingress until connections.allowDefaultPortFrom()`,
        allowAllOutbound: false,
      }),
    ];
    // One rule for both ports: the endpoint (6379) and the read-from-replica endpoint (6380) (User Guide, ReadReplicas).
    this.connections = new ec2.Connections({ securityGroups, defaultPort: ec2.Port.tcpRange(this.port, this.readerPort) });

    this.encryptionKey = model.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts ElastiCache serverless cache ${this.node.path} and its snapshots at rest`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const limits = model.limits;
    const storage = limits.dataStorageMinimumSize || limits.dataStorageMaximumSize
      ? { minimum: model.dataStorageMinimumGb, maximum: model.dataStorageMaximumGb, unit: 'GB' }
      : undefined;
    const ecpu = limits.requestRateLimitMinimum !== undefined || limits.requestRateLimitMaximum !== undefined
      ? { minimum: limits.requestRateLimitMinimum, maximum: limits.requestRateLimitMaximum }
      : undefined;

    this.resource = new CfnServerlessCache(this, 'Resource', {
      // ElastiCache stores names lowercase; generated names stay within the alpha's 40 characters.
      serverlessCacheName: model.serverlessCacheName
        ?? Lazy.string({ produce: () => Names.uniqueResourceName(this, { maxLength: 40 }).toLowerCase() }),
      description: model.description,
      engine: model.engine.engineType,
      majorEngineVersion: model.engine.majorVersion,
      cacheUsageLimits: storage || ecpu ? { dataStorage: storage, ecpuPerSecond: ecpu } : undefined,
      kmsKeyId: this.encryptionKey.keyArn,
      subnetIds: this.subnets.map((s) => s.subnetId),
      securityGroupIds: Lazy.list({ produce: () => this.connections.securityGroups.map((sg) => sg.securityGroupId) }),
      userGroupId: model.userGroup?.userGroupId,
      snapshotRetentionLimit: model.snapshotRetentionDays,
      dailySnapshotTime: model.dailySnapshotTime,
      finalSnapshotName: model.finalSnapshotName,
      snapshotArnsToRestore: model.snapshotArnsToRestore,
    });
    if (model.userGroup) this.resource.node.addDependency(model.userGroup as IConstruct);
    this.resource.applyRemovalPolicy(model.removalPolicy, { applyToUpdateReplacePolicy: true });
    this.serverlessCacheName = this.resource.ref;
    this.serverlessCacheArn = this.resource.attrArn;
  }

  /** The endpoint for writes and strongly consistent reads (port 6379; 11211 for Memcached). */
  public get endpoint(): Endpoint {
    return new Endpoint(this.resource.attrEndpointAddress, Token.asNumber(this.resource.attrEndpointPort));
  }

  /** The read-from-replica endpoint: same DNS name, port 6380 (11212 for Memcached); eventually consistent. */
  public get readerEndpoint(): Endpoint {
    return new Endpoint(this.resource.attrReaderEndpointAddress, Token.asNumber(this.resource.attrReaderEndpointPort));
  }

  /**
   * The status of the cache (`creating`, `available`, ...).
   * @attribute
   */
  public get serverlessCacheStatus(): string {
    return this.resource.attrStatus;
  }

  /**
   * The full engine version, e.g. `8.2`.
   * @attribute
   */
  public get fullEngineVersion(): string {
    return this.resource.attrFullEngineVersion;
  }
}
