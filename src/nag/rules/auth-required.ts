import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, isSet, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * Authentication on: an AUTH token or an RBAC user group (Valkey/Redis OSS node-based caches). Sources:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html and
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html
 */
export const AUTH_REQUIRED: ElastiCacheRule = {
  id: 'AuthRequired',
  info: 'The Valkey/Redis OSS cache has neither an AuthToken nor UserGroupIds: any client that reaches it is the default user with every permission.',
  explanation: 'Without an AUTH token or RBAC users, network access is the only control: every client can read, write and flush '
    + 'all data (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html, '
    + 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node, { valkeyOrRedisOnly: true });
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    return isSet(props.AuthToken) || isSet(props.UserGroupIds) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
