import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, literal, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * Log delivery configured: the slow log of Valkey/Redis OSS node-based caches goes to CloudWatch Logs or Firehose
 * (`LogDeliveryConfigurations` with `LogType: slow-log`). Memcached and serverless caches deliver no logs. Source:
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html
 */
export const LOG_DELIVERY: ElastiCacheRule = {
  id: 'LogDelivery',
  info: 'The Valkey/Redis OSS cache delivers no slow log (LogDeliveryConfigurations has no slow-log entry).',
  explanation: 'The slow log is the record of the commands that block the engine; delivered to CloudWatch Logs or Firehose it '
    + 'survives node replacement and can be alarmed on (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node, { valkeyOrRedisOnly: true });
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const configurations = literal(node, props, 'LogDeliveryConfigurations') as Array<{ LogType?: string }> | undefined;
    return (configurations ?? []).some((c) => c.LogType === 'slow-log') ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
