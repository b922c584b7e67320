/** The topology the local engine builds from a template: what runs, independent of ports and processes. */

export type RedisEngine = 'redis' | 'valkey';
export type Engine = RedisEngine | 'memcached';
export type AuthMode = 'password' | 'iam' | 'no-password';

/** An ElastiCache RBAC user as it is applied to the engine's ACL. */
export interface UserSpec {
  readonly logicalId?: string;
  readonly userId: string;
  readonly userName: string;
  /** The ElastiCache access string (no passwords). */
  readonly accessString: string;
  readonly passwords: string[];
  readonly mode: AuthMode;
}

export interface ShardSpec {
  /** Inclusive slot ranges served by this shard (cluster mode enabled only). */
  readonly slots: Array<[number, number]>;
  readonly replicas: number;
}

export interface RedisCacheSpec {
  readonly kind: 'replication-group' | 'serverless';
  readonly logicalId: string;
  readonly path?: string;
  readonly engine: RedisEngine;
  readonly engineVersion?: string;
  readonly clusterMode: boolean;
  readonly shards: ShardSpec[];
  readonly tls: boolean;
  /** `required` refuses plaintext; `preferred` accepts both. */
  readonly tlsMode?: 'required' | 'preferred';
  /** Port written in the template (used when template ports are requested). */
  readonly port: number;
  readonly authToken?: string;
  /**
   * The users that can connect: the `default` user (open, or with the AUTH token as password) when no user group is
   * attached, otherwise the users of the user group.
   */
  readonly users: UserSpec[];
  readonly rbac: boolean;
  /** Parameter group values to apply (ElastiCache-only parameters removed). */
  readonly parameters: Record<string, string>;
  /** The ElastiCache identifier (ReplicationGroupId, CacheClusterId or ServerlessCacheName; default: the logical id in lower case). */
  readonly resourceId?: string;
  /** The resource's tags (control plane: ListTagsForResource). */
  readonly tags?: Record<string, string>;
  /** The id of the attached user group (RBAC). */
  readonly userGroupId?: string;
  /** The snapshot to start from (`SnapshotName`, or the last segment of the first `SnapshotArns` without `.rdb`). */
  readonly snapshot?: { readonly name: string; readonly property: 'SnapshotName' | 'SnapshotArns' };
}

export interface MemcachedCacheSpec {
  readonly kind: 'memcached';
  readonly logicalId: string;
  readonly path?: string;
  readonly engine: 'memcached';
  readonly engineVersion?: string;
  readonly nodes: number;
  readonly tls: boolean;
  readonly port: number;
  readonly parameters: Record<string, string>;
  /** Serverless Memcached: one TLS endpoint, no auto-discovery. */
  readonly serverless: boolean;
  /** The ElastiCache identifier (ServerlessCacheName; default: the logical id in lower case). */
  readonly resourceId?: string;
}

export type CacheSpec = RedisCacheSpec | MemcachedCacheSpec;

/** An `AWS::SecretsManager::Secret` of the template with the value the caches were started with. */
export interface SecretSpec {
  readonly logicalId: string;
  readonly path?: string;
  /** The local ARN (what `Ref` resolves to). */
  readonly arn: string;
  /** `Name`, or the logical id. */
  readonly name: string;
  readonly value: string;
  /** A rotation schedule of the template rotates the secret (logical id of the rotation function when it is in the template). */
  readonly rotation?: { readonly functionLogicalId?: string; readonly environment: Record<string, string> };
}

export interface Topology {
  readonly caches: CacheSpec[];
  readonly warnings: string[];
  /** The secrets of the template (control plane: Secrets Manager). */
  readonly secrets?: SecretSpec[];
  /** Every secret value the caches were built with, by logical id and secret id (a template update keeps them). */
  readonly resolvedSecrets?: Readonly<Record<string, string>>;
}

/** Total hash slots (re-exported by `cdk-elasticache/local`; the fact lives in src/spec/slots.ts). */
export { SLOT_COUNT } from '../../spec';
