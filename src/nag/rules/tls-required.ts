import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, literal, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * TLS required: `TransitEncryptionEnabled: true` and no `TransitEncryptionMode: preferred` (which also accepts
 * plaintext). Serverless caches always use TLS. Source:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html
 */
export const TLS_REQUIRED: ElastiCacheRule = {
  id: 'TLSRequired',
  info: 'The cache accepts plaintext connections: TransitEncryptionEnabled is not true, or TransitEncryptionMode is preferred.',
  explanation: 'Without TLS, AUTH tokens, passwords and data cross the network readable by anyone on the path; mode preferred '
    + 'keeps accepting plaintext clients and exists only for migrations '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node);
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const enabled = literal(node, props, 'TransitEncryptionEnabled') === true;
    const mode = node.cfnResourceType === REPLICATION_GROUP ? literal(node, props, 'TransitEncryptionMode') : undefined;
    return enabled && mode !== 'preferred' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
