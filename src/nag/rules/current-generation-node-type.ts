import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, nodeTypeOf, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * Current-generation node types: in the library's catalog (`NodeType`, from
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html) and not previous
 * generation (T2 is being moved there; T1/M1/M2/M3/C1/R3 cannot be created). The finding names the node type,
 * so a type released after this library can be acknowledged alone: `ElastiCache-CurrentGenerationNodeType[cache.x9g.large]`.
 */
export const CURRENT_GENERATION_NODE_TYPE: ElastiCacheRule = {
  id: 'CurrentGenerationNodeType',
  info: 'The node type (finding in brackets) is previous generation or not in the current-generation catalog of this library.',
  explanation: 'Previous-generation node types cost more per GiB, lack enhanced I/O and TLS offload, and ElastiCache stops creating '
    + 'clusters on them (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node);
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const given = nodeTypeOf(node, props);
    if (given === undefined) return NagRuleCompliance.NOT_APPLICABLE; // AWS picks its default (current generation)
    const nodeType = given.nodeType; // undefined: not of the form cache.<family>.<size>
    return nodeType?.known && !nodeType.previousGeneration ? NagRuleCompliance.COMPLIANT : [given.name];
  },
};
