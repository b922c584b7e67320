import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { CACHE_CLUSTER, ElastiCacheRule, literal, ownSettings, REPLICATION_GROUP } from '../cfn';

/**
 * Days of automatic backups the rule asks for: 15, the default `snapshotRetentionPeriod` of the AWS Config
 * managed rule elasticache-redis-cluster-automatic-backup-check
 * (https://docs.aws.amazon.com/config/latest/developerguide/elasticache-redis-cluster-automatic-backup-check.html),
 * which the HIPAA and NIST cdk-nag packs also apply. ElastiCache keeps at most 35
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/backups-automatic.html).
 */
export const MIN_BACKUP_RETENTION_DAYS = 15;

/** Automatic backups kept at least 15 days (node-based Valkey/Redis OSS; Memcached has no backups). */
export const BACKUP_RETENTION: ElastiCacheRule = {
  id: 'BackupRetention',
  info: `The Valkey/Redis OSS cache keeps automatic backups fewer than ${MIN_BACKUP_RETENTION_DAYS} days (SnapshotRetentionLimit).`,
  explanation: 'Automatic backups restore a cache after data loss or corruption; AWS Config\'s elasticache-redis-cluster-automatic-backup-check '
    + `asks for ${MIN_BACKUP_RETENTION_DAYS} days by default `
    + '(https://docs.aws.amazon.com/config/latest/developerguide/elasticache-redis-cluster-automatic-backup-check.html).',
  level: NagMessageLevel.ERROR,
  resourceTypes: [REPLICATION_GROUP, CACHE_CLUSTER],
  check: (node) => {
    const props = ownSettings(node, { valkeyOrRedisOnly: true });
    if (props === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    const days = literal(node, props, 'SnapshotRetentionLimit');
    return days !== undefined && Number(days) >= MIN_BACKUP_RETENTION_DAYS ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
};
