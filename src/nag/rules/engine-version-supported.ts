import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { engineSupport } from '../../engine-support';
import { CACHE_CLUSTER, ElastiCacheRule, engineOf, literal, ownSettings, REPLICATION_GROUP, SERVERLESS_CACHE } from '../cfn';

/**
 * Engine versions within AWS's standard support window (facts and sources in src/engine-support.ts): Redis OSS 4 and 5
 * left standard support on 2026-01-31 (paid Extended Support until 2029-01-31), 2.x and 3.x are past end of life,
 * Redis OSS 5.0.0-5.0.5 are deprecated. Without `EngineVersion` ElastiCache uses its current default.
 */
export const ENGINE_VERSION_SUPPORTED: ElastiCacheRule = {
  id: 'EngineVersionSupported',
  info: 'The engine version is past the end of ElastiCache standard support (in paid Extended Support, or no longer supported).',
  explanation: 'Versions past standard support get only critical fixes, at an extra charge per node-hour, and are upgraded '
    + 'automatically when Extended Support ends (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/extended-support.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER, SERVERLESS_CACHE],
  check: (node) => {
    const props = ownSettings(node);
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const version = literal(node, props, node.cfnResourceType === SERVERLESS_CACHE ? 'MajorEngineVersion' : 'EngineVersion');
    if (version === undefined) return NagRuleCompliance.COMPLIANT;
    return engineSupport(engineOf(node, props), String(version)).status === 'standard'
      ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
