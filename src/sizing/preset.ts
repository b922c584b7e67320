import { Token } from 'aws-cdk-lib';
import { NodeType } from '../node-type';
import { SizingRecommendation } from './recommendation';
import { HARD_NODE_QUOTA, MAX_REPLICAS_PER_SHARD, MAX_SHARDS, MAX_SNAPSHOT_RETENTION_DAYS, MIN_REPLICAS_PER_SHARD } from '../spec';

/**
 * The topology and backup settings a sizing preset stands for.
 */
export interface SizingSpec {
  /** The node type of every node. */
  readonly nodeType: NodeType;

  /** Whether cluster mode is enabled; when false, `numShards` is 1. */
  readonly clusterModeEnabled: boolean;

  /** Number of shards (node groups), 1 to 500; 1 when cluster mode is disabled. */
  readonly numShards: number;

  /** Number of replicas per shard, 0 to 5. */
  readonly replicasPerShard: number;

  /** Whether Multi-AZ with automatic failover is enabled; needs at least one replica per shard. */
  readonly multiAz: boolean;

  /** Days automatic snapshots are kept, 0 (off) to 35. */
  readonly snapshotRetentionDays: number;
}

/** Backup retention below which the HIPAA / NIST 800-53 packs report ElastiCacheRedisClusterAutomaticBackup (reference §4). */
const NAG_MIN_RETENTION_DAYS = 15;

/**
 * A documented set of node type, cluster mode, shards, replicas, Multi-AZ and backup retention.
 *
 * | Preset | Node type | Cluster mode | Shards | Replicas/shard | Multi-AZ | Backups (days) |
 * |---|---|---|---|---|---|---|
 * | `DEVELOPMENT` | cache.t4g.small | disabled | 1 | 0 | no | 1 |
 * | `SMALL_PRODUCTION` | cache.r7g.large | disabled | 1 | 2 | yes | 15 |
 * | `SHARDED_PRODUCTION` | cache.r7g.xlarge | enabled | 3 | 2 | yes | 15 |
 * | `MEMORY_HEAVY` | cache.r6gd.xlarge (data tiering) | enabled | 3 | 2 | yes | 15 |
 *
 * Props given explicitly to a construct win over the preset's values.
 */
export class SizingPreset {
  /**
   * One small burstable node (cache.t4g.small), no replicas, no Multi-AZ, 1 day of backups: for development
   * and tests only.
   *
   * It implies these cdk-nag findings, which a development stack should acknowledge: AwsSolutions-AEC4
   * (Multi-AZ disabled) and HIPAA.Security-, NIST.800.53.R4-, NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup
   * (retention below 15 days). See `impliedNagFindings`.
   */
  public static readonly DEVELOPMENT = new SizingPreset('DEVELOPMENT', {
    nodeType: NodeType.T4G_SMALL,
    clusterModeEnabled: false,
    numShards: 1,
    replicasPerShard: 0,
    multiAz: false,
    snapshotRetentionDays: 1,
  }, 'One burstable node without replicas or Multi-AZ, 1 day of backups: development and tests only.');

  /** A primary and two replicas of cache.r7g.large in one shard, Multi-AZ, 15 days of backups. */
  public static readonly SMALL_PRODUCTION = new SizingPreset('SMALL_PRODUCTION', {
    nodeType: NodeType.R7G_LARGE,
    clusterModeEnabled: false,
    numShards: 1,
    replicasPerShard: 2,
    multiAz: true,
    snapshotRetentionDays: 15,
  }, 'One shard of cache.r7g.large with two replicas across Availability Zones, 15 days of backups.');

  /** Cluster mode with 3 shards × (1 primary + 2 replicas) of cache.r7g.xlarge, Multi-AZ, 15 days of backups. */
  public static readonly SHARDED_PRODUCTION = new SizingPreset('SHARDED_PRODUCTION', {
    nodeType: NodeType.R7G_XLARGE,
    clusterModeEnabled: true,
    numShards: 3,
    replicasPerShard: 2,
    multiAz: true,
    snapshotRetentionDays: 15,
  }, 'Cluster mode with 3 shards of cache.r7g.xlarge, two replicas each, Multi-AZ, 15 days of backups.');

  /**
   * Data tiering: cluster mode with 3 shards × (1 primary + 2 replicas) of cache.r6gd.xlarge (26.32 GiB memory
   * + 99.33 GiB SSD per node), Multi-AZ, 15 days of backups. Needs Valkey 7.2+ or Redis OSS 6.2+ and
   * `DataTieringEnabled`.
   */
  public static readonly MEMORY_HEAVY = new SizingPreset('MEMORY_HEAVY', {
    nodeType: NodeType.R6GD_XLARGE,
    clusterModeEnabled: true,
    numShards: 3,
    replicasPerShard: 2,
    multiAz: true,
    snapshotRetentionDays: 15,
  }, 'Data tiering (memory + SSD) with 3 shards of cache.r6gd.xlarge, two replicas each, Multi-AZ, 15 days of backups.');

  /**
   * A preset from a `Sizing.forWorkload()` recommendation.
   *
   * @param recommendation the calculator's output
   * @param snapshotRetentionDays days automatic snapshots are kept
   * @default snapshotRetentionDays 15
   */
  public static fromRecommendation(recommendation: SizingRecommendation, snapshotRetentionDays?: number): SizingPreset {
    return SizingPreset.custom({
      nodeType: recommendation.nodeType,
      clusterModeEnabled: recommendation.clusterModeEnabled,
      numShards: recommendation.numShards,
      replicasPerShard: recommendation.replicasPerShard,
      multiAz: recommendation.multiAz,
      snapshotRetentionDays: snapshotRetentionDays ?? NAG_MIN_RETENTION_DAYS,
    }, `From the sizing calculator: ${recommendation.numShards} shard(s) of ${recommendation.nodeType.name} with ${recommendation.replicasPerShard} replica(s) each.`);
  }

  /**
   * A preset with your own values; they are validated (shards 1-500 and 1 without cluster mode, replicas 0-5,
   * Multi-AZ needs a replica, at most 500 nodes, retention 0-35 days, no previous-generation node type).
   *
   * @param spec the topology and backup settings
   * @param description what the preset is for
   * @default description 'Custom sizing'
   */
  public static custom(spec: SizingSpec, description?: string): SizingPreset {
    return new SizingPreset('CUSTOM', spec, description ?? 'Custom sizing');
  }

  /** The preset's name: DEVELOPMENT, SMALL_PRODUCTION, SHARDED_PRODUCTION, MEMORY_HEAVY or CUSTOM. */
  public readonly name: string;

  /** The settings of the preset. */
  public readonly spec: SizingSpec;

  /** What the preset is for. */
  public readonly description: string;

  /**
   * The cdk-nag rule IDs a replication group with exactly these settings reports (reference section 4):
   * AwsSolutions-AEC4 without Multi-AZ; the HIPAA / NIST 800-53 R4 / R5 ElastiCacheRedisClusterAutomaticBackup
   * rules with less than 15 days of backups. Empty for the production presets.
   */
  public readonly impliedNagFindings: string[];

  private constructor(name: string, spec: SizingSpec, description: string) {
    validateSpec(spec);
    this.name = name;
    this.spec = { ...spec };
    this.description = description;
    const findings: string[] = [];
    if (!spec.multiAz) {
      findings.push('AwsSolutions-AEC4');
    }
    if (!Token.isUnresolved(spec.snapshotRetentionDays) && spec.snapshotRetentionDays < NAG_MIN_RETENTION_DAYS) {
      findings.push(
        'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup',
        'NIST.800.53.R4-ElastiCacheRedisClusterAutomaticBackup',
        'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
      );
    }
    this.impliedNagFindings = findings;
  }

  /** The preset's name. */
  public toString(): string {
    return this.name;
  }
}

function checkInteger(property: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`[SizingPreset.InvalidSpec] ${property} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
}

function validateSpec(spec: SizingSpec): void {
  if (!(spec.nodeType instanceof NodeType)) {
    throw new Error(`[SizingPreset.InvalidSpec] nodeType must be a NodeType (NodeType.R7G_LARGE or NodeType.of('cache.<family>.<size>')), got ${String(spec.nodeType)}`);
  }
  if (spec.nodeType.previousGeneration) {
    throw new Error(`[SizingPreset.InvalidSpec] nodeType ${spec.nodeType.name} is previous generation: new clusters cannot be created on it`);
  }
  checkInteger('numShards', spec.numShards, 1, MAX_SHARDS);
  checkInteger('replicasPerShard', spec.replicasPerShard, MIN_REPLICAS_PER_SHARD, MAX_REPLICAS_PER_SHARD);
  checkInteger('snapshotRetentionDays', spec.snapshotRetentionDays, 0, MAX_SNAPSHOT_RETENTION_DAYS);
  const known = (n: number) => !Token.isUnresolved(n);
  if (!spec.clusterModeEnabled && known(spec.numShards) && spec.numShards !== 1) {
    throw new Error(`[SizingPreset.InvalidSpec] numShards must be 1 when clusterModeEnabled is false, got ${spec.numShards}`);
  }
  if (spec.multiAz && known(spec.replicasPerShard) && spec.replicasPerShard < 1) {
    throw new Error(`[SizingPreset.InvalidSpec] replicasPerShard must be >= 1 when multiAz is true (Multi-AZ needs a replica to fail over to), got ${spec.replicasPerShard}`);
  }
  if (known(spec.numShards) && known(spec.replicasPerShard) && spec.numShards * (1 + spec.replicasPerShard) > HARD_NODE_QUOTA) {
    throw new Error(`[SizingPreset.InvalidSpec] numShards × (1 + replicasPerShard) must be <= ${HARD_NODE_QUOTA} nodes, got ${spec.numShards * (1 + spec.replicasPerShard)}`);
  }
}
