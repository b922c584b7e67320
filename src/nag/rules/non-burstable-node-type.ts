import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { NodeType } from '../../node-type';
import { CACHE_CLUSTER, ElastiCacheRule, isSecondary, literal, properties, REPLICATION_GROUP } from '../cfn';

/**
 * Production node shapes: no burstable (T family, CPU credits) node types. The seed's node-type table gives
 * cache.t3.micro for "Dev/test" and r6g for production; burstable types throttle to their baseline CPU
 * (10-20% per vCPU) once their credits are spent
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).
 */
export const NON_BURSTABLE_NODE_TYPE: ElastiCacheRule = {
  id: 'NonBurstableNodeType',
  info: 'The cache runs on a burstable node type (T family), a development shape.',
  explanation: 'Burstable nodes run at a baseline of 10-20% of a vCPU once their CPU credits are spent, so a busy cache slows down '
    + 'for hours; use an M, R or C family for production (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = properties(node);
    if (isSecondary(node, props) || props.ReplicationGroupId !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const name = literal(node, props, 'CacheNodeType');
    if (name === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    let burstable: boolean | undefined;
    try {
      burstable = NodeType.of(String(name)).burstable;
    } catch {
      return NagRuleCompliance.NOT_APPLICABLE; // malformed: CurrentGenerationNodeType reports it
    }
    return burstable ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
