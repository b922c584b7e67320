import { CacheEngine, EngineType } from '../engine';
import { NodeType } from '../node-type';
import { show } from '../private/errors';
import { checkIntegerRange, isResolved, ValidationRule } from '../private/validation';
import { compareVersions } from '../private/version';
import { ClusterMode } from '../replication-group/options';

/*
 * The constraints of ElastiCache Auto Scaling (Valkey / Redis OSS), each rule with its source.
 *
 * [AS]  User Guide, "Auto Scaling Valkey and Redis OSS clusters", Prerequisites
 *       https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling.html
 * [TT]  User Guide, "Target tracking scaling policies" (shards), predefined metrics and ineligible instance types
 *       https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Target.html
 * [TTR] User Guide, "Target tracking scaling policies" (replicas): target between 35 and 70 percent
 *       https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Policies-Replicas-Replicas.html
 * [ADD] User Guide, "Adding a scaling policy" (shards): target value >= 35 and <= 70
 *       https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Scaling-Adding-Policy-Shards.html
 * [POL] User Guide, "Auto Scaling policies": a current capacity outside min..max is moved into it when the policy is created
 *       https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoScaling-Policies.html
 * [LIM] shards 1-500 per cluster (User Guide, Shards / quotas), replicas 0-5 per shard (CreateReplicationGroup ReplicasPerNodeGroup)
 * Read 2026-11-30.
 */

/** Which count Application Auto Scaling changes. */
export type ScalingDimensionName = 'shards' | 'replicas';

/** Capacity bounds per dimension [LIM]. */
export const CAPACITY_LIMITS: Record<ScalingDimensionName, { min: number; max: number }> = {
  shards: { min: 1, max: 500 },
  replicas: { min: 0, max: 5 },
};

/**
 * Node type families and sizes Auto Scaling supports [AS]. The English page lists R7g, R6g, R6gd, R5, M7g, M6g, M5, C7gn;
 * the newer translations of the same page (it_it, es_es) add R8g, R8gd, R7gd, M8g and C8gn, kept here so that a
 * supported node type is never refused.
 */
export const SUPPORTED_FAMILIES = ['r8g', 'r8gd', 'r7g', 'r7gd', 'r6g', 'r6gd', 'r5', 'm8g', 'm7g', 'm6g', 'm5', 'c8gn', 'c7gn'];
/** Instance sizes Auto Scaling supports [AS]: Large, XLarge, 2XLarge. */
export const SUPPORTED_SIZES = ['large', 'xlarge', '2xlarge'];

/** Minimum engine versions [AS]: cluster mode enabled, and data tiering clusters. */
const MIN_VERSION = {
  [EngineType.VALKEY]: { plain: '7.2', dataTiering: '7.2' },
  [EngineType.REDIS]: { plain: '6.0', dataTiering: '7.0.7' },
} as Record<string, { plain: string; dataTiering: string }>;

/** Target tracking values allowed [ADD] [TTR]. */
export const TARGET_PERCENT = { min: 35, max: 70 };

/** What the rules of a scalable count see. @internal */
export interface ScalingModel {
  readonly dimension: ScalingDimensionName;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Known for groups defined with this library or imported with `engine`. */
  readonly engine?: CacheEngine;
  readonly nodeType?: NodeType;
  readonly clusterMode?: ClusterMode;
  /** The count the group is created with, when known. */
  readonly current?: number;
  /** The path of the global datastore the group belongs to, if any. */
  readonly globalDatastore?: string;
}

type Rule = ValidationRule<ScalingModel>;

/** `ElastiCache '7.0'` means the latest 7.0 patch: compare only the parts the version gives. */
function versionBelow(version: string, floor: string): boolean {
  const parts = version.split('.').length;
  return compareVersions(version, floor.split('.').slice(0, parts).join('.')) < 0;
}

function dataTiering(m: ScalingModel): boolean {
  return m.nodeType?.dataTiering === true || /d$/.test(m.nodeType?.family ?? '');
}

export const SCALING_RULES: Rule[] = [
  {
    // [LIM] shards 1-500.
    code: 'AutoScaling.ShardCapacity',
    check: (m) => m.dimension !== 'shards' ? undefined
      : checkIntegerRange('minCapacity (shards)', m.minCapacity, 1, 500) ?? checkIntegerRange('maxCapacity (shards)', m.maxCapacity, 1, 500),
  },
  {
    // [LIM] replicas 0-5 per shard.
    code: 'AutoScaling.ReplicaCapacity',
    check: (m) => m.dimension !== 'replicas' ? undefined
      : checkIntegerRange('minCapacity (replicas per shard)', m.minCapacity, 0, 5) ?? checkIntegerRange('maxCapacity (replicas per shard)', m.maxCapacity, 0, 5),
  },
  {
    // Application Auto Scaling RegisterScalableTarget: MinCapacity <= MaxCapacity.
    code: 'AutoScaling.MinMax',
    check: (m) => isResolved(m.minCapacity) && isResolved(m.maxCapacity) && m.minCapacity > m.maxCapacity
      ? `minCapacity (${m.minCapacity}) must not be greater than maxCapacity (${m.maxCapacity})` : undefined,
  },
  {
    // [AS] cluster mode enabled only.
    code: 'AutoScaling.ClusterMode',
    check: (m) => m.clusterMode === undefined || m.clusterMode === ClusterMode.ENABLED ? undefined
      : `auto scaling needs clusterMode 'enabled', got ${show(m.clusterMode)}; ElastiCache Auto Scaling only scales cluster-mode-enabled replication groups`,
  },
  {
    // [AS] not for clusters in global datastores.
    code: 'AutoScaling.GlobalDatastore',
    check: (m) => m.globalDatastore === undefined ? undefined
      : `auto scaling is not supported for a replication group in a global datastore, and this one is a member of ${m.globalDatastore}`,
  },
  {
    // [AS] Valkey 7.2+, Redis OSS 6.0+; data tiering: Valkey 7.2+, Redis OSS 7.0.7+.
    code: 'AutoScaling.EngineVersion',
    check: (m) => {
      const e = m.engine;
      if (!e || !isResolved(e.version)) return undefined;
      const floors = MIN_VERSION[e.engineType];
      if (!floors) return `auto scaling needs Valkey or Redis OSS, got engine ${show(e.toString())}`;
      const tiered = dataTiering(m);
      const floor = tiered ? floors.dataTiering : floors.plain;
      const name = e.engineType === EngineType.VALKEY ? 'Valkey' : 'Redis OSS';
      return versionBelow(e.version, floor)
        ? `auto scaling needs ${name} ${floor} or later${tiered ? ' with data tiering' : ''}, got engine version ${show(e.version)}`
        : undefined;
    },
  },
  {
    // [AS] families R8g, R8gd, R7g, R7gd, R6g, R6gd, R5, M8g, M7g, M6g, M5, C8gn, C7gn; sizes large, xlarge, 2xlarge.
    code: 'AutoScaling.NodeType',
    check: (m) => {
      const nt = m.nodeType;
      // A node type released after this library (NodeType.of, not in the catalog) is left to AWS.
      if (!nt || !isResolved(nt.name) || nt.family === undefined || !nt.known) return undefined;
      if (SUPPORTED_FAMILIES.includes(nt.family) && SUPPORTED_SIZES.includes(nt.size ?? '')) return undefined;
      return `auto scaling does not support nodeType ${nt.name}: it needs a node type of the families ${SUPPORTED_FAMILIES.join(', ')} `
        + `in the sizes ${SUPPORTED_SIZES.join(', ')}`;
    },
  },
  {
    // [POL] the current count is moved into min..max when the policy is created.
    code: 'AutoScaling.CurrentCapacity',
    severity: 'warning',
    check: (m) => {
      const c = m.current;
      if (c === undefined || !isResolved(c) || (c >= m.minCapacity && c <= m.maxCapacity)) return undefined;
      const what = m.dimension === 'shards' ? 'numShards' : 'replicasPerShard';
      return `${what} is ${c}, outside minCapacity..maxCapacity (${m.minCapacity}..${m.maxCapacity}): `
        + `Application Auto Scaling changes it to ${c < m.minCapacity ? m.minCapacity : m.maxCapacity} when the scalable target is registered`;
    },
  },
];

/** A target tracking policy, checked when it is added. @internal */
export interface PolicyModel {
  readonly method: string;
  readonly predefinedMetric: string;
  readonly targetUtilizationPercent: number;
  readonly nodeType?: NodeType;
}

export const POLICY_RULES: Array<ValidationRule<PolicyModel>> = [
  {
    // [ADD] (shards) and [TTR] (replicas): a target between 35 and 70 percent.
    code: 'AutoScaling.TargetValue',
    check: (p) => {
      const v = p.targetUtilizationPercent;
      if (!isResolved(v) || (v >= TARGET_PERCENT.min && v <= TARGET_PERCENT.max)) return undefined;
      return `${p.method}(): targetUtilizationPercent must be between ${TARGET_PERCENT.min} and ${TARGET_PERCENT.max}, got ${v}`;
    },
  },
  {
    // [TT] data-tiered node types (R6gd...) cannot use ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage.
    code: 'AutoScaling.MemoryMetric',
    check: (p) => p.predefinedMetric === 'ElastiCacheDatabaseMemoryUsageCountedForEvictPercentage' && p.nodeType
      && (p.nodeType.dataTiering === true || /d$/.test(p.nodeType.family ?? ''))
      ? `${p.method}() cannot be used with the data-tiered nodeType ${p.nodeType.name} (memory is expected to be full); use scaleOnCapacity(), which counts memory and SSD`
      : undefined,
  },
];

/** A scheduled action, checked when it is added. @internal */
export interface ScheduleModel {
  readonly dimension: ScalingDimensionName;
  readonly id: string;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}

export const SCHEDULE_RULES: Array<ValidationRule<ScheduleModel>> = [
  {
    // Application Auto Scaling PutScheduledAction ScalableTargetAction: at least one of MinCapacity, MaxCapacity.
    code: 'AutoScaling.ScheduleCapacity',
    check: (s) => {
      const { min: lo, max: hi } = CAPACITY_LIMITS[s.dimension];
      const what = s.dimension === 'shards' ? 'shards' : 'replicas per shard';
      if (s.minCapacity === undefined && s.maxCapacity === undefined) return `scaleOnSchedule('${s.id}'): give minCapacity, maxCapacity or both`;
      return checkIntegerRange(`scaleOnSchedule('${s.id}') minCapacity (${what})`, s.minCapacity, lo, hi)
        ?? checkIntegerRange(`scaleOnSchedule('${s.id}') maxCapacity (${what})`, s.maxCapacity, lo, hi)
        ?? (s.minCapacity !== undefined && s.maxCapacity !== undefined && s.minCapacity > s.maxCapacity
          ? `scaleOnSchedule('${s.id}'): minCapacity (${s.minCapacity}) must not be greater than maxCapacity (${s.maxCapacity})` : undefined);
    },
  },
];
