import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ElastiCacheRule, isSecondary, literal, properties, REPLICATION_GROUP } from '../cfn';

/**
 * Replicas in production shapes: every shard has at least one replica, in another Availability Zone when
 * zones are pinned. Sources: Multi-AZ needs a replica in another AZ than its primary
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html); cluster mode enabled with
 * 0 replicas cannot later enable failover ("must have at least one read replica to enable autofailover",
 * aws-cloudformation/cloudformation-coverage-roadmap#1275); the seed: "Minimum 1 replica for failover",
 * replicas across AZs.
 */
export const REPLICAS_PER_SHARD: ElastiCacheRule = {
  id: 'ReplicasPerShard',
  info: 'A shard of the replication group has no replica, or its replicas are pinned to the primary\'s Availability Zone '
    + '(NumCacheClusters < 2, ReplicasPerNodeGroup 0, a NodeGroupConfiguration with ReplicaCount 0, or AZs without a second zone).',
  explanation: 'A shard without a replica in another Availability Zone loses its data and its writes when its node or zone fails: '
    + 'failover needs a replica to promote (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP],
  check: (node) => {
    const props = properties(node);
    if (isSecondary(node, props)) return NagRuleCompliance.NOT_APPLICABLE; // its shape follows the primary's shards
    const numCacheClusters = literal(node, props, 'NumCacheClusters');
    const replicasPerNodeGroup = literal(node, props, 'ReplicasPerNodeGroup');
    const groups = literal(node, props, 'NodeGroupConfiguration') as Array<Record<string, any>> | undefined;
    const azs = literal(node, props, 'PreferredCacheClusterAZs') as string[] | undefined;
    const bad: string[] = [];
    if (groups && groups.length > 0) {
      groups.forEach((group, i) => {
        const replicas = group.ReplicaCount ?? replicasPerNodeGroup ?? 1;
        if (isNaN(Number(replicas)) || Number(replicas) < 1) bad.push(`NodeGroupConfiguration[${i}] has no replica`);
        const zones = group.ReplicaAvailabilityZones as string[] | undefined;
        if (group.PrimaryAvailabilityZone && zones && zones.length > 0 && zones.every((z) => z === group.PrimaryAvailabilityZone)) {
          bad.push(`NodeGroupConfiguration[${i}] puts every replica in ${group.PrimaryAvailabilityZone}`);
        }
      });
    } else if (replicasPerNodeGroup !== undefined) {
      if (Number(replicasPerNodeGroup) < 1) bad.push('ReplicasPerNodeGroup is 0');
    } else if (numCacheClusters === undefined || Number(numCacheClusters) < 2) {
      bad.push(`NumCacheClusters is ${numCacheClusters ?? '1 (default)'}`);
    }
    if (azs && azs.length > 0 && new Set(azs).size < 2) bad.push(`PreferredCacheClusterAZs use only ${azs[0]}`);
    return bad.length === 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
