import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, nodeTypeOf, ownSettings, REPLICATION_GROUP } from '../cfn';

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
    const props = ownSettings(node);
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const nodeType = nodeTypeOf(node, props)?.nodeType;
    if (nodeType === undefined) return NagRuleCompliance.NOT_APPLICABLE; // not set, or malformed: CurrentGenerationNodeType reports it
    return nodeType.burstable ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
};
