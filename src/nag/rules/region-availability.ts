import { Stack, Token } from 'aws-cdk-lib';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { activeOfferings, engineVersionOfferingProblem, hasOfferings, regionNodeTypeProblem } from '../../spec';
import { CACHE_CLUSTER, ElastiCacheRule, engineOf, literal, nodeTypeOf, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * Region availability: the stack's Region offers the node type, and ElastiCache offers the engine version
 * (node types by Region and engine versions from cfn-lint's data, src/spec/regions.ts, the functions the constructs
 * use). Without the data (or with an empty table) and for environment-agnostic stacks the rule is not applicable;
 * Regions, node types and engines the data does not know are compliant. The finding names what is missing:
 * `ElastiCache-RegionAvailability[cache.t4g.small@me-central-1]`.
 */
export const REGION_AVAILABILITY: ElastiCacheRule = {
  id: 'RegionAvailability',
  info: 'The node type is not offered in the stack\'s Region, or the engine version is not one ElastiCache offers (finding in brackets).',
  explanation: 'CloudFormation fails the deployment when the Region has no capacity of the node type or the engine version does not exist '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html#CacheNodes.SupportedTypesByRegion).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node);
    const region = Stack.of(node).region;
    const offerings = activeOfferings();
    if (props === undefined || Token.isUnresolved(region) || !hasOfferings(offerings)) return NagRuleCompliance.NOT_APPLICABLE;
    const findings: string[] = [];
    const nodeType = nodeTypeOf(node, props)?.name;
    if (nodeType !== undefined && regionNodeTypeProblem('CacheNodeType', nodeType, region, offerings)) findings.push(`${nodeType}@${region}`);
    const version = literal(node, props, 'EngineVersion');
    const engine = engineOf(node, props);
    if (version !== undefined && engineVersionOfferingProblem('EngineVersion', engine, String(version), offerings)) findings.push(`${engine}-${version}`);
    return findings.length ? findings : NagRuleCompliance.COMPLIANT;
  },
};
