import { createHash } from 'node:crypto';
import { Annotations, ArnFormat, Lazy, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ReplicationGroupModel } from './model';
import { ClusterMode, ShardConfiguration } from './options';
import { ReplicationGroupProps } from './props';
import { ReplicationGroupBase } from './replication-group-base';
import { REPLICATION_GROUP_RULES } from './rules';
import { AuthTokenSecret } from '../auth/auth-token-secret';
import { CacheSecretRotation, RotationTargetType } from '../auth/rotation/secret-rotation';
import { Endpoint } from '../common/endpoint';
import { CacheEngine, EngineType, LogType } from '../engine';
import { RecommendedAlarms, RecommendedAlarmsOptions } from './recommended-alarms';
import { memberClusterIds } from '../monitoring/metrics';
import { renderLogDeliveries } from '../monitoring/private/log-groups';
import { renderPlacement } from '../network/placement';
import { ISubnetGroup } from '../network/subnet-group';
import { NodeType } from '../node-type';
import { IParameterGroup, ParameterGroup } from '../parameter-group';
import { validationError } from '../private/errors';
import { acknowledge, RBAC_AEC6_REASON } from '../private/nag';
import { regionRules, validateAll } from '../private/validation';
import { IUserGroup } from '../rbac/user-group-ref';
import { AutoScalingCapacity, autoScaleReplicas, autoScaleShards, ScalableReplicaCount, ScalableShardCount } from '../scaling/replication-group-scaling';
import { REDIS_DEFAULT_PORT, supportsTransitEncryptionMode } from '../spec';

/**
 * A Valkey or Redis OSS replication group, secure by default.
 *
 * `new ReplicationGroup(this, 'Cache', { vpc })` defines a Multi-AZ group with automatic
 * failover, encryption at rest with a rotating customer-managed KMS key, TLS required,
 * a generated AUTH token in Secrets Manager, 15 days of backups and a final snapshot on
 * deletion. Open it to your application with `cache.connections.allowDefaultPortFrom(app)`.
 *
 * One construct covers both cluster modes (see docs/decisions/0001-one-replication-group-construct.md).
 *
 * @resource AWS::ElastiCache::ReplicationGroup
 */
export class ReplicationGroup extends ReplicationGroupBase {
  public readonly replicationGroupId: string;
  public readonly connections: ec2.Connections;
  public readonly engine?: CacheEngine;
  /** The rotation of the generated AUTH token, when it is rotated. */
  public readonly authTokenRotation?: CacheSecretRotation;
  /** The RBAC user group authenticating clients, when given. */
  public readonly userGroup?: IUserGroup;
  /** The node type of the nodes. */
  public readonly nodeType: NodeType;
  /** The cluster mode. */
  public readonly clusterMode: ClusterMode;
  /** The port clients connect to. */
  public readonly port: number;
  /** The subnet group of the nodes. */
  public readonly subnetGroup: ISubnetGroup;
  /** The parameter group of the nodes. */
  public readonly parameterGroup: IParameterGroup;
  /** The log groups receiving the slow log and engine log (in that order), when delivered. */
  public readonly logGroups: logs.ILogGroup[];
  /**
   * The KMS key encrypting the data at rest (and the generated AUTH token), when encryption at
   * rest is on: the key given in `encryptionKey`, else a `kms.Key` the cache creates (rotation
   * enabled, retained on delete).
   */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The secret holding the generated AUTH token, when the cache generated one (a
   * `secretsmanager.Secret` of 64 letters and digits, encrypted with `encryptionKey`).
   */
  public readonly authTokenSecret?: secretsmanager.ISecret;
  /** The validated settings this construct rendered. */
  private readonly model: ReplicationGroupModel;
  private readonly resource: CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: ReplicationGroupProps) {
    super(scope, id);

    // 1. props -> model (defaults applied), 2. validate the model.
    this.model = ReplicationGroupModel.fromProps(props);
    validateAll(this, this.model, [...REPLICATION_GROUP_RULES, ...regionRules(this, 'ReplicationGroup', this.model.nodeType, this.model.engine)]);
    ReplicationGroupModel.register(this, this.model);
    const model = this.model;
    for (const override of model.presetOverrides) Annotations.of(this).addInfo(`[cdk-elasticache:PresetOverride] ${override}`);
    this.engine = model.engine;
    this.nodeType = model.nodeType;
    this.clusterMode = model.clusterMode;
    this.port = model.port;

    // 3. helpers: network, key, parameters, auth.
    ({ subnetGroup: this.subnetGroup, connections: this.connections } = renderPlacement(this, model, model.engine.engineType, model.port));

    // Plain aws-cdk-lib classes for the key and the AUTH token (docs/decisions/0007-plain-key-and-secret.md).
    if (model.atRestEncryption) {
      this.encryptionKey = model.encryptionKey ?? new kms.Key(this, 'Key', {
        description: `Encrypts ElastiCache ${this.node.path} at rest and its secrets`,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    const cacheKey = this.encryptionKey;

    this.parameterGroup = model.parameterGroup ?? new ParameterGroup(this, 'Parameters', {
      engine: model.engine,
      parameters: model.parameters,
    });

    let authToken: string | undefined;
    let generated: AuthTokenSecret | undefined;
    if (model.authTokenEnabled) {
      if (model.authToken) {
        authToken = model.authToken.unsafeUnwrap();
      } else {
        generated = new AuthTokenSecret(this, 'AuthToken', {
          encryptionKey: cacheKey,
          description: `AUTH token of ElastiCache ${this.node.path}`,
        });
        this.authTokenSecret = generated;
        authToken = SecretValue.secretsManager(generated.secretArn).unsafeUnwrap();
      }
    }

    // 4. log groups, one per delivered log type.
    const logDeliveries = renderLogDeliveries(this, [
      { logType: LogType.SLOW_LOG, delivery: model.slowLog },
      { logType: LogType.ENGINE_LOG, delivery: model.engineLog },
    ], { cacheKey, cacheRemovalPolicy: model.removalPolicy });
    this.logGroups = logDeliveries.map((d) => d.logGroup);

    // 5. the replication group itself.
    const cme = model.clusterMode !== ClusterMode.DISABLED;
    this.resource = new CfnReplicationGroup(this, 'Resource', {
      replicationGroupDescription: model.description ?? `ElastiCache ${model.engine} ${this.node.path}`,
      replicationGroupId: model.replicationGroupId?.toLowerCase(),
      engine: model.engine.engineType,
      engineVersion: model.engine.version,
      cacheNodeType: model.nodeType.name,
      port: model.port,
      clusterMode: model.clusterMode,
      numCacheClusters: cme ? undefined : model.replicasPerShard + 1,
      numNodeGroups: cme ? model.numShards : undefined,
      replicasPerNodeGroup: cme ? model.replicasPerShard : undefined,
      nodeGroupConfiguration: cme && model.shards ? renderShards(model.shards, model.replicasPerShard) : undefined,
      preferredCacheClusterAZs: model.preferredAvailabilityZones,
      multiAzEnabled: model.multiAz,
      automaticFailoverEnabled: model.automaticFailover,
      atRestEncryptionEnabled: model.atRestEncryption,
      kmsKeyId: cacheKey?.keyArn,
      transitEncryptionEnabled: model.transitEncryption,
      // Redis OSS below 7.0 has no transit encryption mode (TLS on means required): none is rendered there.
      transitEncryptionMode: model.transitEncryption && (!model.known(model.engine.version)
        || supportsTransitEncryptionMode(model.engine.engineType, model.engine.version)) ? model.transitEncryptionMode : undefined,
      authToken,
      userGroupIds: model.userGroup ? [model.userGroup.userGroupId] : undefined,
      cacheSubnetGroupName: this.subnetGroup.subnetGroupName,
      securityGroupIds: Lazy.list({ produce: () => this.connections.securityGroups.map((sg) => sg.securityGroupId) }),
      cacheParameterGroupName: this.parameterGroup.parameterGroupName,
      snapshotRetentionLimit: model.snapshotRetentionDays,
      snapshotWindow: model.snapshotWindow,
      preferredMaintenanceWindow: model.maintenanceWindow,
      snapshotArns: model.snapshotArns,
      snapshotName: model.snapshotName,
      autoMinorVersionUpgrade: model.autoMinorVersionUpgrade,
      dataTieringEnabled: model.dataTiering,
      networkType: model.networkType,
      notificationTopicArn: model.notificationTopic?.topicArn,
      logDeliveryConfigurations: logDeliveries.length === 0 ? undefined : logDeliveries.map((d) => ({
        logType: d.logType,
        logFormat: d.format,
        destinationType: 'cloudwatch-logs',
        destinationDetails: { cloudWatchLogsDetails: { logGroup: d.logGroupName } },
      })),
    });
    if (cme) {
      // Shards added or removed by a template change are resharded online instead of replacing the group (and its
      // data): CloudFormation User Guide, UpdatePolicy attribute, "UseOnlineResharding policy"
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html).
      this.resource.cfnOptions.updatePolicy = { useOnlineResharding: true };
    }
    this.resource.node.addDependency(this.subnetGroup);
    this.resource.applyRemovalPolicy(model.removalPolicy, { applyToUpdateReplacePolicy: true });
    this.replicationGroupId = this.resource.ref;

    if (model.engine.engineType === EngineType.REDIS && model.port === REDIS_DEFAULT_PORT) {
      // cdk-nag AEC5 flags Redis OSS (not Valkey) on 6379; the standard port is kept as for Valkey and Memcached
      // (docs/decisions/0500-memcached-port.md); scoped to this resource, gone when another port is chosen.
      acknowledge(this.resource, [['AwsSolutions-AEC5', 'Redis OSS keeps its standard port 6379 like Valkey (which the rule does not flag) so '
        + 'clients and tools work unchanged; access is limited by a security group without ingress, a private subnet group, TLS and AUTH. '
        + 'Set `port` to use another port (docs/decisions/0500-memcached-port.md).']]);
    }

    // 6. RBAC user group / rotation of the generated AUTH token (src/auth/rotation).
    if (model.userGroup) {
      this.userGroup = model.userGroup;
      this.resource.node.addDependency(model.userGroup);
      // cdk-nag AEC6 (ElastiCacheRedisClusterRedisAuth) only checks AuthToken; RBAC is not recognised
      // (elasticache-rules.md §4). Acknowledged on this group only, because it has a user group.
      acknowledge(this.resource, [['AwsSolutions-AEC6', RBAC_AEC6_REASON]]);
    }
    if (generated && model.authTokenRotation.toDays({ integral: false }) > 0) {
      // One function per stack, VPC and subnets rotates every generated AUTH token: it finds this
      // group, its endpoint and port through the tag naming the secret (the group already depends
      // on the secret, so the tag adds no dependency cycle).
      this.resource.tags.setTag(CacheSecretRotation.AUTH_TOKEN_SECRET_TAG, generated.secretArn);
      this.authTokenRotation = authTokenRotation(this, model.vpc, model.vpcSubnets);
      this.authTokenRotation._addAuthToken(this, generated, Stack.of(this).formatArn({
        service: 'elasticache', resource: 'replicationgroup', resourceName: this.replicationGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }), model.authTokenRotation);
    }
  }

  /**
   * The endpoint of the current primary (cluster mode disabled; throws otherwise).
   */
  public get primaryEndpoint(): Endpoint {
    this.requireClusterMode(false, 'primaryEndpoint');
    return new Endpoint(this.resource.attrPrimaryEndPointAddress, Token.asNumber(this.resource.attrPrimaryEndPointPort));
  }

  /**
   * The endpoint spreading connections over the replicas (cluster mode disabled; throws otherwise).
   */
  public get readerEndpoint(): Endpoint {
    this.requireClusterMode(false, 'readerEndpoint');
    return new Endpoint(this.resource.attrReaderEndPointAddress, Token.asNumber(this.resource.attrReaderEndPointPort));
  }

  /**
   * The configuration endpoint cluster-aware clients connect to (cluster mode enabled or compatible; throws otherwise).
   */
  public get configurationEndpoint(): Endpoint {
    this.requireClusterMode(true, 'configurationEndpoint');
    return new Endpoint(this.resource.attrConfigurationEndPointAddress, Token.asNumber(this.resource.attrConfigurationEndPointPort));
  }

  private requireClusterMode(enabled: boolean, attribute: string): void {
    const isEnabled = this.clusterMode !== ClusterMode.DISABLED;
    if (isEnabled !== enabled) {
      throw validationError(this, 'ReplicationGroup.Endpoint',
        `${attribute} is only available with cluster mode ${enabled ? 'enabled' : 'disabled'}; this group has clusterMode '${this.clusterMode}'` +
        (enabled ? '; use primaryEndpoint and readerEndpoint' : '; use configurationEndpoint'));
    }
  }

  /**
   * The `CacheClusterId` of every node, the dimension of its metrics: `<id>-001`... with cluster
   * mode disabled, `<id>-<shard 0001..>-<node 001..>` with cluster mode enabled or compatible
   * (the ids ElastiCache gives at creation; see src/monitoring/metrics.ts for the sources).
   * Undefined when `numShards` or `replicasPerShard` is a token (not known at synth time).
   */
  public get memberClusterIds(): string[] | undefined {
    const m = this.model;
    if (!m.known(m.numShards) || !m.known(m.replicasPerShard)) return undefined;
    return memberClusterIds(this.replicationGroupId, m.sharded, m.numShards, m.replicasPerShard);
  }

  /**
   * Adds the alarms AWS recommends, one per node and metric, notifying one SNS topic, and
   * optionally a dashboard. See docs/monitoring.md for the thresholds and their sources.
   */
  public addRecommendedAlarms(options: RecommendedAlarmsOptions = {}): RecommendedAlarms {
    return new RecommendedAlarms(this, 'RecommendedAlarms', { nodeType: this.nodeType, ...options, replicationGroup: this });
  }

  /** Auto scaling of the number of shards (cluster mode enabled); add policies to what it returns. See src/scaling. */
  public autoScaleShards(props: AutoScalingCapacity): ScalableShardCount {
    return autoScaleShards(this, props);
  }

  /** Auto scaling of the replicas of every shard (cluster mode enabled); add policies to what it returns. See src/scaling. */
  public autoScaleReplicas(props: AutoScalingCapacity): ScalableReplicaCount {
    return autoScaleReplicas(this, props);
  }
}

function renderShards(shards: ShardConfiguration[], replicas: number): CfnReplicationGroup.NodeGroupConfigurationProperty[] {
  return shards.map((shard, i) => ({
    nodeGroupId: String(i + 1).padStart(4, '0'),
    slots: shard.slots,
    primaryAvailabilityZone: shard.primaryAvailabilityZone,
    replicaAvailabilityZones: shard.replicaAvailabilityZones,
    replicaCount: replicas,
  }));
}

/**
 * One AUTH-token rotation function per stack, VPC and subnet selection, shared by every
 * generated AUTH token (like the user-password one in src/rbac/user.ts).
 */
function authTokenRotation(scope: Construct, vpc: ec2.IVpc, vpcSubnets?: ec2.SubnetSelection): CacheSecretRotation {
  const stack = Stack.of(scope);
  let id = `CacheAuthTokenRotation${vpc.node.addr.slice(0, 8)}`;
  if (vpcSubnets) {
    const subnetIds = vpc.selectSubnets(vpcSubnets).subnetIds.join(',');
    id += createHash('sha256').update(subnetIds).digest('hex').slice(0, 8);
  }
  const existing = stack.node.tryFindChild(id) as CacheSecretRotation | undefined;
  return existing ?? new CacheSecretRotation(stack, id, {
    targetType: RotationTargetType.AUTH_TOKEN,
    vpc,
    vpcSubnets,
  });
}
