/** How the keyspace of a replication group is partitioned. */
export enum ClusterMode {
  /** One shard: a primary and up to five replicas, with primary and reader endpoints. */
  DISABLED = 'disabled',
  /** Up to 500 shards, each a primary with up to five replicas, behind a configuration endpoint. */
  ENABLED = 'enabled',
  /**
   * The migration step from disabled to enabled: clients may connect in either mode.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/modify-cluster-mode.html
   */
  COMPATIBLE = 'compatible',
}

/** Whether plaintext connections are still accepted when in-transit encryption is on. */
export enum TransitEncryptionMode {
  /** Only TLS connections are accepted. */
  REQUIRED = 'required',
  /** TLS and plaintext connections are accepted; the step while migrating clients to TLS. */
  PREFERRED = 'preferred',
}

/** The placement and slots of one shard of a cluster-mode-enabled replication group. */
export interface ShardConfiguration {
  /**
   * The keyspace slots of the shard as `start-end` ranges, comma separated (e.g. `0-5460`).
   * @default - ElastiCache splits the slots evenly
   */
  readonly slots?: string;
  /**
   * The Availability Zone of the shard's primary.
   * @default - chosen by ElastiCache
   */
  readonly primaryAvailabilityZone?: string;
  /**
   * The Availability Zones of the shard's replicas, one per replica.
   * @default - chosen by ElastiCache
   */
  readonly replicaAvailabilityZones?: string[];
}
