import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, engineOf, literal, properties, REPLICATION_GROUP } from '../cfn';

/**
 * Multi-AZ with automatic failover: replication groups set `MultiAZEnabled` and `AutomaticFailoverEnabled`;
 * Memcached clusters spread their nodes (`AZMode: cross-az`); a single-node Valkey/Redis cluster has neither.
 * Source: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html
 */
export const MULTI_AZ: ElastiCacheRule = {
  id: 'MultiAZ',
  info: 'The cache is not Multi-AZ with automatic failover: a replication group needs MultiAZEnabled and AutomaticFailoverEnabled true; '
    + 'a Memcached cluster needs AZMode cross-az; a single-node Valkey/Redis OSS cache cluster has no failover.',
  explanation: 'With Multi-AZ and automatic failover ElastiCache promotes a replica in another Availability Zone when the primary fails, '
    + 'in about a minute and without changing the endpoint; without it, the loss of a node or an AZ is an outage '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = properties(node);
    if (node.cfnResourceType === REPLICATION_GROUP) {
      return literal(node, props, 'MultiAZEnabled') === true && literal(node, props, 'AutomaticFailoverEnabled') === true
        ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    if (props.ReplicationGroupId !== undefined) return NagRuleCompliance.NOT_APPLICABLE; // a member of a group: the group is checked
    if (engineOf(node, props) === 'memcached') {
      return literal(node, props, 'AZMode') === 'cross-az' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
};
