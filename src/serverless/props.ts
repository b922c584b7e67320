import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CacheEngine } from '../engine';
import { IUserGroup } from '../rbac/user-group-ref';

/**
 * Upper and lower bounds of a serverless cache's scaling. ElastiCache scales between them; above the
 * maximum it evicts (storage) or throttles (ECPU/s).
 */
export interface CacheUsageLimits {
  /**
   * The minimum data storage, a whole number of GiB between 1 and 5000.
   * @default - no minimum
   */
  readonly dataStorageMinimumSize?: Size;
  /**
   * The maximum data storage, a whole number of GiB between 1 and 5000.
   * @default - no maximum
   */
  readonly dataStorageMaximumSize?: Size;
  /**
   * The minimum request rate in ECPU per second (1,000-15,000,000).
   * @default - no minimum
   */
  readonly requestRateLimitMinimum?: number;
  /**
   * The maximum request rate in ECPU per second (1,000-15,000,000).
   * @default - no maximum
   */
  readonly requestRateLimitMaximum?: number;
}

/** Properties of a `ServerlessCache`. */
export interface ServerlessCacheProps {
  /** The VPC to place the cache's endpoints in. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the VPC for the cache's endpoints.
   * @default - private subnets with egress, or isolated subnets when the VPC has none (`SubnetGroup.defaultSubnets`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the cache. Open access with `cache.connections.allowDefaultPortFrom(app)` (both ports).
   * @default - a new security group without ingress rules
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The engine: its type and major version become `Engine` and `MajorEngineVersion`.
   * @default CacheEngine.VALKEY_8_2 (Engine `valkey`, MajorEngineVersion `8`)
   */
  readonly engine?: CacheEngine;

  /**
   * The name of the cache (1-40 lowercase letters, digits or hyphens, starting with a letter).
   * @default - a unique name of at most 40 lowercase characters generated from the construct path
   */
  readonly serverlessCacheName?: string;

  /**
   * The description of the cache (at most 255 characters, no `<` or `>`).
   * @default - no description
   */
  readonly description?: string;

  /**
   * Scaling bounds of data storage and request rate.
   * @default - no limits
   */
  readonly cacheUsageLimits?: CacheUsageLimits;

  /**
   * The symmetric KMS key encrypting the data at rest (serverless caches are always encrypted).
   * See docs/decisions/0501-serverless-kms-key.md.
   * @default - a new customer-managed key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The RBAC user group (Valkey and Redis OSS only; a Redis OSS cache accepts only Redis user groups).
   * @default - no user group: the default user can connect without a password
   */
  readonly userGroup?: IUserGroup;

  /**
   * How long automatic daily snapshots are kept, in whole days (1-35). Memcached serverless caches support snapshots too.
   * @default - no automatic snapshots
   */
  readonly snapshotRetention?: Duration;

  /**
   * The daily UTC time automatic snapshots start, `HH:MM`.
   * @default - chosen by ElastiCache
   */
  readonly dailySnapshotTime?: string;

  /**
   * The name of a snapshot taken when the cache is deleted.
   * @default - no final snapshot
   */
  readonly finalSnapshotName?: string;

  /**
   * ARNs of snapshots to restore the cache from (create-only).
   * @default - start empty
   */
  readonly snapshotArnsToRestore?: string[];

  /**
   * What happens to the cache when it leaves the stack or is replaced. Use `finalSnapshotName` to keep the data.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}
