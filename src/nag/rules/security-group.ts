import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, isSet, properties, REPLICATION_GROUP, SERVERLESS_CACHE } from '../cfn';

/**
 * Own security groups: the cache names its VPC security groups; without them ElastiCache attaches the VPC's default
 * security group (API reference: CreateReplicationGroup SecurityGroupIds, CreateServerlessCache SecurityGroupIds).
 * The seed: the cache's security group admits the cache port from the application's security group only.
 */
export const SECURITY_GROUP: ElastiCacheRule = {
  id: 'SecurityGroup',
  info: 'The cache has no security group of its own (SecurityGroupIds / VpcSecurityGroupIds): it gets the VPC default security group.',
  explanation: 'The VPC default security group is shared by everything that names no group and lets its members reach each other on '
    + 'every port; a cache needs a group that admits its port from the application tier only '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER, SERVERLESS_CACHE],
  check: (node) => {
    const props = properties(node);
    if (node.cfnResourceType === CACHE_CLUSTER && props.ReplicationGroupId !== undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const groups = node.cfnResourceType === CACHE_CLUSTER ? props.VpcSecurityGroupIds : props.SecurityGroupIds;
    return isSet(groups) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
