import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ClusterMode, ShardConfiguration, TransitEncryptionMode } from './options';
import { NetworkType } from '../common/network-type';
import { CacheEngine } from '../engine';
import { LogDelivery } from '../monitoring/log-delivery';
import { NodePlacementProps } from '../network/placement-props';
import { NodeType } from '../node-type';
import { IParameterGroup } from '../parameter-group';
import { IUserGroup } from '../rbac/user-group-ref';
import { SizingPreset } from '../sizing/preset';

/** Properties of a `ReplicationGroup`. */
export interface ReplicationGroupProps extends NodePlacementProps {
  /**
   * The engine and version.
   * @default CacheEngine.VALKEY_8_2
   */
  readonly engine?: CacheEngine;

  /**
   * A sizing preset (or a calculator recommendation through `SizingPreset.fromRecommendation`)
   * supplying node type, cluster mode, shards, replicas, Multi-AZ and backup retention.
   * Props given explicitly win over the preset; each overridden value is reported as an info annotation.
   * @default - no preset: the library defaults of each prop apply
   */
  readonly preset?: SizingPreset;

  /**
   * The node type of every node.
   * @default NodeType.R7G_LARGE
   */
  readonly nodeType?: NodeType;

  /**
   * How the keyspace is partitioned.
   * @default ClusterMode.DISABLED
   */
  readonly clusterMode?: ClusterMode;

  /**
   * Number of shards (node groups), cluster mode enabled only (1-500).
   * @default 3 when cluster mode is enabled, 1 otherwise
   */
  readonly numShards?: number;

  /**
   * Number of replicas of each primary (0-5).
   * @default 1
   */
  readonly replicasPerShard?: number;

  /**
   * Slot ranges and Availability Zones per shard (cluster mode enabled).
   * When given, it must have one entry per shard.
   * @default - ElastiCache splits the slots evenly and places the nodes
   */
  readonly shards?: ShardConfiguration[];

  /**
   * Availability Zones of the nodes (cluster mode disabled): the primary's first, one per node.
   * @default - ElastiCache places the nodes
   */
  readonly preferredAvailabilityZones?: string[];

  /**
   * Place replicas in other Availability Zones than their primary and fail over across zones.
   * @default true
   */
  readonly multiAz?: boolean;

  /**
   * Promote a replica automatically when a primary fails.
   * @default true
   */
  readonly automaticFailover?: boolean;

  /**
   * Encrypt data at rest (create-only).
   * @default true
   */
  readonly atRestEncryption?: boolean;

  /**
   * The symmetric KMS key for encryption at rest and for the AUTH token secret.
   * @default - a new customer-managed key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Encrypt traffic in transit with TLS.
   * @default true
   */
  readonly transitEncryption?: boolean;

  /**
   * Whether plaintext connections are still accepted while TLS is on.
   * @default TransitEncryptionMode.REQUIRED
   */
  readonly transitEncryptionMode?: TransitEncryptionMode;

  /**
   * Require an AUTH token. When `authToken` is not given, one is generated into
   * Secrets Manager (letters and digits, 64 characters) and rotated on a schedule.
   * @default true (unless a user group is given)
   */
  readonly authTokenEnabled?: boolean;

  /**
   * Your own AUTH token (16-128 printable characters, specials only `! & # $ ^ < > -`).
   * Never pass a plaintext string: use `SecretValue.secretsManager(...)` or similar.
   * @default - a token is generated into Secrets Manager
   */
  readonly authToken?: SecretValue;

  /**
   * How often the generated AUTH token is rotated; `Duration.days(0)` turns rotation off.
   * @default Duration.days(30)
   */
  readonly authTokenRotation?: Duration;

  /**
   * An RBAC user group authenticating clients instead of an AUTH token (needs transit
   * encryption; Redis OSS caches accept only Redis user groups). With a user group,
   * `authTokenEnabled` defaults to false. See docs/rbac.md for the migration from an AUTH token.
   * @default - no user group: a generated AUTH token authenticates clients
   */
  readonly userGroup?: IUserGroup;

  /**
   * The TCP port clients connect to.
   * @default - the engine's default port (6379)
   */
  readonly port?: number;

  /**
   * Engine parameters of a parameter group created for this cache. `cluster-enabled`
   * is set from the cluster mode.
   * @default - no parameters beyond the family defaults
   */
  readonly parameters?: { [name: string]: string };

  /**
   * An existing parameter group instead of creating one.
   * @default - a parameter group of the engine's family is created
   */
  readonly parameterGroup?: IParameterGroup;

  /**
   * How long automatic snapshots are kept, in whole days (0-35; 0 turns backups off).
   * @default Duration.days(15)
   */
  readonly snapshotRetention?: Duration;

  /**
   * The daily UTC window for automatic snapshots, `hh24:mi-hh24:mi`, at least 60 minutes.
   * @default - chosen by ElastiCache
   */
  readonly snapshotWindow?: string;

  /**
   * The weekly UTC maintenance window, `ddd:hh24:mi-ddd:hh24:mi`, at least 60 minutes.
   * @default - chosen by ElastiCache
   */
  readonly maintenanceWindow?: string;

  /**
   * S3 ARNs of RDB files to seed the cache from.
   * @default - start empty
   */
  readonly snapshotArns?: string[];

  /**
   * The name of an ElastiCache snapshot to restore from.
   * @default - start empty
   */
  readonly snapshotName?: string;

  /**
   * Apply minor engine upgrades in the maintenance window.
   * @default true
   */
  readonly autoMinorVersionUpgrade?: boolean;

  /**
   * Data tiering to SSD; required (and only allowed) with r6gd node types.
   * @default - true for r6gd node types, false otherwise
   */
  readonly dataTiering?: boolean;

  /**
   * The IP protocols of the nodes.
   * @default - ElastiCache's default (IPv4)
   */
  readonly networkType?: NetworkType;

  /**
   * The replication group id (1-40 letters, digits or hyphens, starting with a letter).
   * @default - a name generated by CloudFormation
   */
  readonly replicationGroupId?: string;

  /**
   * The description of the replication group.
   * @default - the construct path
   */
  readonly description?: string;

  /**
   * An SNS topic for ElastiCache events of this group.
   * @default - no notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Delivery of the slow log (commands slower than `slowlog-log-slower-than`), each log type to
   * its own log group. Needs Redis OSS 6.0+ or Valkey.
   * @default - `LogDelivery.cloudWatch()` (JSON, a new encrypted log group kept one year) when the engine supports it
   */
  readonly slowLog?: LogDelivery;

  /**
   * Delivery of the engine log, to its own log group. Needs Redis OSS 6.2+ or Valkey.
   * @default LogDelivery.disabled()
   */
  readonly engineLog?: LogDelivery;

  /**
   * What happens to the cache when it leaves the stack or is replaced.
   * `SNAPSHOT` takes a final snapshot before deletion.
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
}
