import { Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { POLICY_RULES, SCALING_RULES, SCHEDULE_RULES, ScalingDimensionName, ScalingModel } from './rules';
import { NodeType } from '../node-type';
import { validationError } from '../private/errors';
import { throwAll, validateAll } from '../private/validation';
import { ClusterMode } from '../replication-group/options';
import type { IReplicationGroup } from '../replication-group/replication-group-base';

/**
 * The service-linked role Application Auto Scaling creates for ElastiCache on first use
 * (User Guide, "Auto Scaling policies": AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG),
 * referenced as the User Guide's CloudFormation snippet does: no IAM role is created.
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-with-Cloudformation-Shards.html
 */
const SERVICE_LINKED_ROLE = 'aws-service-role/elasticache.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG';

/** The bounds of an auto scaled count. */
export interface AutoScalingCapacity {
  /**
   * The lowest count auto scaling goes to (shards: 1-500, replicas per shard: 0-5).
   * @default 1
   */
  readonly minCapacity?: number;
  /** The highest count auto scaling goes to (shards: 1-500, replicas per shard: 0-5). */
  readonly maxCapacity: number;
}

/** Properties of `ScalableShardCount` and `ScalableReplicaCount`. */
export interface ScalableCountProps extends AutoScalingCapacity {
  /** The cluster-mode-enabled replication group to scale. */
  readonly replicationGroup: IReplicationGroup;
}

/** A target tracking policy on one of ElastiCache's predefined metrics. */
export interface CacheUtilizationScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The value of the metric, percent, the policy keeps the group at: 35-70
   * (User Guide, AutoScaling-Scaling-Adding-Policy-Shards and AutoScaling-Scaling-Policies-Replicas-Replicas).
   */
  readonly targetUtilizationPercent: number;
}

/** The counts of a replication group Application Auto Scaling can change. */
export enum CacheScalableDimension {
  /** The number of shards (node groups): `elasticache:replication-group:NodeGroups`. */
  SHARDS = 'elasticache:replication-group:NodeGroups',
  /** The number of replicas of every shard: `elasticache:replication-group:Replicas`. */
  REPLICAS = 'elasticache:replication-group:Replicas',
}

/**
 * The count of shards or of replicas per shard of a replication group, scaled by Application Auto Scaling
 * (the base of `ScalableShardCount` and `ScalableReplicaCount`).
 */
export abstract class ScalableCacheCount extends appscaling.BaseScalableAttribute {
  /** The node type of the group, when known (for the rules of the policies). */
  private readonly nodeType?: NodeType;
  private readonly dimensionName: ScalingDimensionName;

  constructor(scope: Construct, id: string, scalableDimension: CacheScalableDimension, props: ScalableCountProps) {
    const dimension: ScalingDimensionName = scalableDimension === CacheScalableDimension.SHARDS ? 'shards' : 'replicas';
    const group = props.replicationGroup;
    const minCapacity = props.minCapacity ?? 1;
    const known = describe(group, dimension);
    const model: ScalingModel = { dimension, minCapacity, maxCapacity: props.maxCapacity, ...known };
    // The errors first, before ScalableTarget checks min <= max with its own message (its path is the one this construct gets).
    validateErrors(`${scope.node.path}/${id}`, model);
    super(scope, id, {
      serviceNamespace: appscaling.ServiceNamespace.ELASTICACHE,
      resourceId: `replication-group/${group.replicationGroupId}`,
      dimension: scalableDimension,
      role: serviceLinkedRole(scope),
      minCapacity,
      maxCapacity: props.maxCapacity,
    });
    this.dimensionName = dimension;
    this.nodeType = known.nodeType;
    validateAll(this, model, SCALING_RULES.filter((r) => r.severity === 'warning'));
    // A group becomes the primary of a global datastore after this construct may have been added: check at synthesis.
    this.node.addValidation({
      validate: () => {
        const globalDatastore = globalDatastoreOf(group);
        return globalDatastore === undefined ? [] : [
          validationError(this, 'AutoScaling.GlobalDatastore', SCALING_RULES.find((r) => r.code === 'AutoScaling.GlobalDatastore')!
            .check({ ...model, globalDatastore })!).message,
        ];
      },
    });
  }

  /**
   * Scales at the given times (Application Auto Scaling scheduled actions): sets the minimum and/or maximum count.
   */
  public scaleOnSchedule(id: string, action: appscaling.ScalingSchedule): void {
    validateAll(this, { dimension: this.dimensionName, id, minCapacity: action.minCapacity, maxCapacity: action.maxCapacity }, SCHEDULE_RULES);
    this.doScaleOnSchedule(id, action);
  }

  /** @internal */
  protected _track(method: string, id: string, metric: appscaling.PredefinedMetric, props: CacheUtilizationScalingProps): void {
    const target = props.targetUtilizationPercent;
    validateAll(this, { method, predefinedMetric: metric, targetUtilizationPercent: target, nodeType: this.nodeType }, POLICY_RULES);
    this.doScaleToTrackMetric(id, {
      predefinedMetric: metric,
      targetValue: props.targetUtilizationPercent,
      policyName: props.policyName,
      disableScaleIn: props.disableScaleIn,
      scaleInCooldown: props.scaleInCooldown,
      scaleOutCooldown: props.scaleOutCooldown,
    });
  }
}

/**
 * Auto scaling of the number of shards (node groups) of a cluster-mode-enabled replication group:
 * Application Auto Scaling adds or removes shards by online resharding
 * (`elasticache:replication-group:NodeGroups`).
 *
 * `cache.autoScaleShards({ maxCapacity: 10 }).scaleOnMemory('Memory', { targetUtilizationPercent: 60 })`
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html
 */
export class ScalableShardCount extends ScalableCacheCount {
  constructor(scope: Construct, id: string, props: ScalableCountProps) {
    super(scope, id, CacheScalableDimension.SHARDS, props);
  }

  /**
   * Keeps the average engine CPU of the primaries at the target (`ElastiCachePrimaryEngineCPUUtilization`).
   */
  public scaleOnCpu(id: string, props: CacheUtilizationScalingProps): void {
    this._track('scaleOnCpu', id, appscaling.PredefinedMetric.ELASTICACHE_PRIMARY_ENGINE_CPU_UTILIZATION, props);
  }

  /**
   * Keeps the average memory use of the primaries, counted for eviction, at the target
   * (`ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage`; not for data-tiered node types).
   */
  public scaleOnMemory(id: string, props: CacheUtilizationScalingProps): void {
    this._track('scaleOnMemory', id, appscaling.PredefinedMetric.ELASTICACHE_DATABASE_MEMORY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE, props);
  }

  /**
   * Keeps the average capacity use of the primaries (memory, and SSD on data-tiered node types), counted for
   * eviction, at the target (`ElastiCacheDatabaseCapacityUsageCountedForEvictPercentage`).
   */
  public scaleOnCapacity(id: string, props: CacheUtilizationScalingProps): void {
    this._track('scaleOnCapacity', id, appscaling.PredefinedMetric.ELASTICACHE_DATABASE_CAPACITY_USAGE_COUNTED_FOR_EVICT_PERCENTAGE, props);
  }
}

/**
 * Auto scaling of the number of replicas of every shard of a cluster-mode-enabled replication group
 * (`elasticache:replication-group:Replicas`): replicas are added or removed uniformly across the shards.
 *
 * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Using-Replicas.html
 */
export class ScalableReplicaCount extends ScalableCacheCount {
  constructor(scope: Construct, id: string, props: ScalableCountProps) {
    super(scope, id, CacheScalableDimension.REPLICAS, props);
  }

  /**
   * Keeps the average engine CPU of the replicas at the target (`ElastiCacheReplicaEngineCPUUtilization`).
   */
  public scaleOnCpu(id: string, props: CacheUtilizationScalingProps): void {
    this._track('scaleOnCpu', id, appscaling.PredefinedMetric.ELASTICACHE_REPLICA_ENGINE_CPU_UTILIZATION, props);
  }
}

/** `cache.autoScaleShards(...)`: one shard scaling per group. @internal */
export function autoScaleShards(group: IReplicationGroup & IConstruct, props: AutoScalingCapacity): ScalableShardCount {
  once(group, 'ShardScaling', 'autoScaleShards');
  return new ScalableShardCount(group, 'ShardScaling', { ...props, replicationGroup: group });
}

/** `cache.autoScaleReplicas(...)`: one replica scaling per group. @internal */
export function autoScaleReplicas(group: IReplicationGroup & IConstruct, props: AutoScalingCapacity): ScalableReplicaCount {
  once(group, 'ReplicaScaling', 'autoScaleReplicas');
  return new ScalableReplicaCount(group, 'ReplicaScaling', { ...props, replicationGroup: group });
}

function once(group: IConstruct, id: string, method: string): void {
  if (group.node.tryFindChild(id)) {
    throw validationError(group, 'AutoScaling.Once', `${method}() was already called on this replication group; add policies to the object it returned`);
  }
}

/** Throws every error of `SCALING_RULES` at once, naming the path the construct is about to get. */
function validateErrors(path: string, model: ScalingModel): void {
  throwAll({ node: { path } } as IConstruct, SCALING_RULES.filter((r) => r.severity !== 'warning').map((r) => [r.code, r.check(model)] as const));
}

/** One imported reference to the service-linked role per stack (imports render nothing). */
function serviceLinkedRole(scope: Construct): iam.IRole {
  const stack = Stack.of(scope);
  const id = 'ElastiCacheAutoScalingServiceLinkedRole';
  return (stack.node.tryFindChild(id) as iam.IRole | undefined) ?? iam.Role.fromRoleArn(stack, id, stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: SERVICE_LINKED_ROLE,
  }), { mutable: false });
}

/** What the rules can know of a group: defined groups expose their settings, imports may give the engine. */
function describe(group: IReplicationGroup, dimension: ScalingDimensionName): Pick<ScalingModel, 'engine' | 'nodeType' | 'clusterMode' | 'current' | 'globalDatastore'> {
  const g = group as IReplicationGroup & { nodeType?: unknown; clusterMode?: unknown; globalDatastore?: IConstruct };
  const nodeType = g.nodeType instanceof NodeType ? g.nodeType : undefined;
  const clusterMode = typeof g.clusterMode === 'string' ? g.clusterMode as ClusterMode : undefined;
  let current: number | undefined;
  const l1 = group.node.defaultChild;
  if (l1 instanceof CfnReplicationGroup) {
    const value = Stack.of(group).resolve(dimension === 'shards' ? l1.numNodeGroups : l1.replicasPerNodeGroup);
    current = typeof value === 'number' ? value : undefined;
  }
  // A SecondaryReplicationGroup names its global datastore.
  const globalDatastore = g.globalDatastore ? (g.globalDatastore.node?.path ?? 'a global datastore') : undefined;
  return { engine: group.engine, nodeType, clusterMode, current, globalDatastore };
}

/** The global datastore whose primary is this group, found in the app at synthesis. */
function globalDatastoreOf(group: IReplicationGroup): string | undefined {
  for (const c of group.node.root.node.findAll()) {
    const candidate = c as IConstruct & { primary?: unknown; globalReplicationGroupId?: unknown };
    if (candidate.primary === group && candidate.globalReplicationGroupId !== undefined) return c.node.path;
  }
  return undefined;
}
