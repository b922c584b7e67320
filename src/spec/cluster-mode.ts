import { MAX_NUM_CACHE_CLUSTERS, MAX_REPLICAS_PER_SHARD, MIN_REPLICAS_PER_SHARD } from './limits';
import { evenSlots, parseSlots, SLOT_COUNT, slotCoverageProblem, SlotRange } from './slots';

/**
 * Cluster mode and shard layout of an `AWS::ElastiCache::ReplicationGroup`, from its CloudFormation properties:
 * the one place that decides, used by the local engine and by `describe`.
 *
 * - `ClusterMode` is `enabled`, `disabled` or `compatible`
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html).
 * - Without `ClusterMode`, the parameter group decides: cluster mode is enabled only with `cluster-enabled: yes`
 *   (a template group, or a default `default.<family>.cluster.on` group)
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html). Without a parameter
 *   group ElastiCache uses the family's default group, which is cluster mode disabled: `NumNodeGroups: 1` alone
 *   is cluster mode disabled (terraform-provider-aws#7571, aws-controllers-k8s/community#2794).
 * - `ClusterMode: disabled` with a `cluster-enabled: yes` group, or `enabled`/`compatible` with a
 *   `cluster-enabled: no` group, contradict each other.
 * - Cluster mode disabled: one node group; `NumCacheClusters` 1-6 (primary + replicas).
 *   Cluster mode enabled: `NumNodeGroups` or one `NodeGroupConfiguration` entry per shard (they must agree),
 *   `NumCacheClusters` not allowed, `ReplicasPerNodeGroup` / `ReplicaCount` 0-5.
 *   The API does not document a default for `ReplicasPerNodeGroup`; 1 is used (a replica per shard).
 */

export type ClusterModeValue = 'enabled' | 'disabled' | 'compatible';
export const CLUSTER_MODES: ReadonlyArray<ClusterModeValue> = ['enabled', 'disabled', 'compatible'];

/** The properties that decide, already read (undefined: not given, or not known). */
export interface ReplicationGroupShapeInput {
  readonly clusterMode?: string;
  /** `cluster-enabled` of the parameter group: true for `yes`, false for `no`, undefined when not given or unknown. */
  readonly clusterEnabledParameter?: boolean;
  readonly numNodeGroups?: number;
  readonly replicasPerNodeGroup?: number;
  readonly numCacheClusters?: number;
  /** Length of `PreferredCacheClusterAZs` (one zone per node, cluster mode disabled). */
  readonly preferredAzCount?: number;
  readonly nodeGroups?: ReadonlyArray<{ readonly slots?: string; readonly replicaCount?: number }>;
}

export interface ShardShape {
  readonly slots: SlotRange[];
  /** Slots from the template (`Slots`) rather than ElastiCache's even split. */
  readonly slotsGiven: boolean;
  readonly replicas: number;
}

export interface ReplicationGroupShape {
  readonly clusterMode: ClusterModeValue;
  /** Cluster mode enabled or compatible: shards behind a configuration endpoint. */
  readonly sharded: boolean;
  readonly shards: ShardShape[];
}

/** A problem with one property (`NodeGroupConfiguration[1].Slots`). */
export interface ShapeProblem {
  readonly property: string;
  readonly message: string;
}

/** `cluster-enabled` of a default parameter group by name (`default.valkey8.cluster.on`), undefined for others. */
export function clusterEnabledOfDefaultParameterGroup(name: string): boolean | undefined {
  return name.startsWith('default.') ? name.endsWith('.cluster.on') : undefined;
}

/** The cluster mode the properties give, or the problem when they contradict each other. */
export function inferClusterMode(input: Pick<ReplicationGroupShapeInput, 'clusterMode' | 'clusterEnabledParameter'>):
{ clusterMode: ClusterModeValue } | { problem: ShapeProblem } {
  const given = input.clusterMode;
  if (given !== undefined && !(CLUSTER_MODES as string[]).includes(given)) {
    return { problem: { property: 'ClusterMode', message: `must be ${CLUSTER_MODES.join(', ')} (got '${given}')` } };
  }
  const cp = input.clusterEnabledParameter;
  if (given === 'disabled' && cp === true) {
    return { problem: { property: 'CacheParameterGroupName', message: "enables cluster mode (cluster-enabled yes) but ClusterMode is 'disabled'" } };
  }
  if ((given === 'enabled' || given === 'compatible') && cp === false) {
    return { problem: { property: 'CacheParameterGroupName', message: `disables cluster mode (cluster-enabled no) but ClusterMode is '${given}'` } };
  }
  return { clusterMode: (given as ClusterModeValue | undefined) ?? (cp === true ? 'enabled' : 'disabled') };
}

/** Cluster mode and shards of a replication group, or the first problem. */
export function replicationGroupShape(input: ReplicationGroupShapeInput): { shape: ReplicationGroupShape } | { problem: ShapeProblem } {
  const mode = inferClusterMode(input);
  if ('problem' in mode) return mode;
  const clusterMode = mode.clusterMode;
  const groups = input.nodeGroups;
  if (clusterMode === 'disabled') {
    if (input.numNodeGroups !== undefined && input.numNodeGroups !== 1) {
      return {
        problem: {
          property: 'NumNodeGroups',
          message: `must be 1 when cluster mode is disabled (got ${input.numNodeGroups}); set ClusterMode: enabled or a parameter group with cluster-enabled yes`,
        },
      };
    }
    if (groups !== undefined && groups.length > 1) {
      return { problem: { property: 'NodeGroupConfiguration', message: `must have one entry when cluster mode is disabled (got ${groups.length})` } };
    }
    const replicas = input.numCacheClusters !== undefined ? input.numCacheClusters - 1
      : groups?.[0]?.replicaCount ?? input.replicasPerNodeGroup
        ?? (input.preferredAzCount !== undefined ? input.preferredAzCount - 1 : 0);
    if (replicas + 1 > MAX_NUM_CACHE_CLUSTERS || replicas < 0) {
      return { problem: { property: 'NumCacheClusters', message: `at most ${MAX_NUM_CACHE_CLUSTERS} nodes (1 primary + ${MAX_REPLICAS_PER_SHARD} replicas)` } };
    }
    return { shape: { clusterMode, sharded: false, shards: [{ slots: [[0, SLOT_COUNT - 1]], slotsGiven: false, replicas }] } };
  }

  if (input.numCacheClusters !== undefined) {
    return { problem: { property: 'NumCacheClusters', message: 'cannot be used with cluster mode enabled; use NumNodeGroups and ReplicasPerNodeGroup' } };
  }
  if (input.numNodeGroups !== undefined && groups !== undefined && groups.length !== input.numNodeGroups) {
    return { problem: { property: 'NodeGroupConfiguration', message: `has ${groups.length} entries but NumNodeGroups is ${input.numNodeGroups}` } };
  }
  const count = groups?.length ?? input.numNodeGroups ?? 1;
  const even = evenSlots(count);
  const anySlots = groups?.some((g) => g.slots !== undefined) ?? false;
  const shards: ShardShape[] = [];
  for (let i = 0; i < count; i++) {
    const g = groups?.[i] ?? {};
    const replicas = g.replicaCount ?? input.replicasPerNodeGroup ?? 1;
    if (!Number.isInteger(replicas) || replicas < MIN_REPLICAS_PER_SHARD || replicas > MAX_REPLICAS_PER_SHARD) {
      return {
        problem: {
          property: `NodeGroupConfiguration[${i}].ReplicaCount`,
          message: `The number of replicas per node group must be within ${MIN_REPLICAS_PER_SHARD} and ${MAX_REPLICAS_PER_SHARD}.`,
        },
      };
    }
    let slots = [even[i]];
    if (anySlots) {
      const property = `NodeGroupConfiguration[${i}].Slots`;
      if (g.slots === undefined) return { problem: { property, message: 'must be given for every node group when one has Slots' } };
      const parsed = parseSlots('Slots', g.slots);
      if ('problem' in parsed) return { problem: { property, message: parsed.problem } };
      slots = parsed.ranges;
    }
    shards.push({ slots, slotsGiven: anySlots, replicas });
  }
  if (anySlots) {
    const coverage = slotCoverageProblem(shards.map((s) => s.slots), (i) => i === undefined ? 'Slots' : `NodeGroupConfiguration[${i}].Slots`);
    if (coverage) {
      const property = coverage.index === undefined ? 'NodeGroupConfiguration' : `NodeGroupConfiguration[${coverage.index}].Slots`;
      return { problem: { property, message: coverage.message } };
    }
  }
  return { shape: { clusterMode, sharded: true, shards } };
}
