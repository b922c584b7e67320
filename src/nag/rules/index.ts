import { AUTH_REQUIRED } from './auth-required';
import { BACKUP_RETENTION } from './backup-retention';
import { CURRENT_GENERATION_NODE_TYPE } from './current-generation-node-type';
import { CUSTOMER_MANAGED_KEY } from './customer-managed-key';
import { DEFAULT_USER_DISABLED } from './default-user-disabled';
import { ENGINE_VERSION_SUPPORTED } from './engine-version-supported';
import { LOG_DELIVERY } from './log-delivery';
import { MULTI_AZ } from './multi-az';
import { NON_BURSTABLE_NODE_TYPE } from './non-burstable-node-type';
import { PRIVATE_SUBNETS } from './private-subnets';
import { REGION_AVAILABILITY } from './region-availability';
import { REPLICAS_PER_SHARD } from './replicas-per-shard';
import { SECURITY_GROUP } from './security-group';
import { TLS_REQUIRED } from './tls-required';
import { ElastiCacheRule } from '../cfn';

/** Every rule of the ElastiCache pack, in report order. */
export const RULES: ReadonlyArray<ElastiCacheRule> = [
  MULTI_AZ,
  REPLICAS_PER_SHARD,
  CUSTOMER_MANAGED_KEY,
  TLS_REQUIRED,
  AUTH_REQUIRED,
  DEFAULT_USER_DISABLED,
  BACKUP_RETENTION,
  CURRENT_GENERATION_NODE_TYPE,
  NON_BURSTABLE_NODE_TYPE,
  ENGINE_VERSION_SUPPORTED,
  REGION_AVAILABILITY,
  LOG_DELIVERY,
  SECURITY_GROUP,
  PRIVATE_SUBNETS,
];
