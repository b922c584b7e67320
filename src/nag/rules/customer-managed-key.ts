import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, engineOf, isSecondary, isSet, literal, properties, REPLICATION_GROUP, SERVERLESS_CACHE } from '../cfn';

/**
 * Encryption at rest with a customer-managed KMS key (KmsKeyId). Memcached node-based clusters keep no data at rest;
 * a single-node Valkey/Redis CacheCluster cannot be encrypted at rest (AtRestEncryptionEnabled exists on replication
 * groups only). Source: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html
 */
export const CUSTOMER_MANAGED_KEY: ElastiCacheRule = {
  id: 'CustomerManagedKey',
  info: 'The cache is not encrypted at rest with a customer-managed KMS key (AtRestEncryptionEnabled true and KmsKeyId on a '
    + 'replication group, KmsKeyId on a serverless cache; a single-node Valkey/Redis OSS CacheCluster cannot be encrypted at rest).',
  explanation: 'A customer-managed key lets you control, rotate, audit (CloudTrail) and revoke access to the cache\'s data, its '
    + 'backups and its swap/SSD pages; the AWS owned default key gives none of that '
    + '(https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER, SERVERLESS_CACHE],
  check: (node) => {
    const props = properties(node);
    if (isSecondary(node, props)) return NagRuleCompliance.NOT_APPLICABLE; // inherits the primary's encryption
    const key = props.KmsKeyId; // a reference to a key of the app is a customer-managed key
    const customerKey = isSet(key) && !(typeof key === 'string' && key.endsWith('alias/aws/elasticache'));
    switch (node.cfnResourceType) {
      case REPLICATION_GROUP:
        return literal(node, props, 'AtRestEncryptionEnabled') === true && customerKey ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      case SERVERLESS_CACHE:
        return customerKey ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
      default:
        if (props.ReplicationGroupId !== undefined || engineOf(node, props) === 'memcached') return NagRuleCompliance.NOT_APPLICABLE;
        return NagRuleCompliance.NON_COMPLIANT;
    }
  },
};
