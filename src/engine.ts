import { Token } from 'aws-cdk-lib';
import { MemcachedEngineVersion, RedisEngineVersion, ValkeyEngineVersion } from './engine-version';
import { compareVersions } from './private/version';
import {
  DATA_TIERING_REDIS_VERSION, ENGINE_LOG_REDIS_VERSION, IAM_AUTH_REDIS_VERSION, MEMCACHED_DEFAULT_PORT, MEMCACHED_TLS_VERSION, RBAC_REDIS_VERSION,
  REDIS_DEFAULT_PORT, SLOW_LOG_REDIS_VERSION,
} from './spec';

/** The cache engine family, as ElastiCache names it in `Engine`. */
export enum EngineType {
  /** Valkey. */
  VALKEY = 'valkey',
  /** Redis OSS. */
  REDIS = 'redis',
  /** Memcached. */
  MEMCACHED = 'memcached',
}

/** ElastiCache log types (`LogDeliveryConfigurations[].LogType`). */
export enum LogType {
  /** The slow log (Redis OSS 6.0+, Valkey). */
  SLOW_LOG = 'slow-log',
  /** The engine log (Redis OSS 6.2+, Valkey). */
  ENGINE_LOG = 'engine-log',
}

/**
 * A cache engine and version, with what differs per engine: port, parameter group
 * family and the features the version supports.
 *
 * Feature floors come from the ElastiCache docs as collected in the project reference
 * (section 1.6): RBAC needs Valkey 7.2+ / Redis OSS 6.0+; IAM authentication Valkey/Redis 7.0+;
 * slow log 6.0+, engine log 6.2+; data tiering 6.2+; in-transit encryption for Memcached 1.6.12+.
 */
export class CacheEngine {
  /** Valkey 8.2, the library's default engine. */
  public static readonly VALKEY_8_2 = CacheEngine.valkey(ValkeyEngineVersion.VER_8_2);

  /** A Valkey engine. */
  public static valkey(version: ValkeyEngineVersion): CacheEngine {
    return new CacheEngine(EngineType.VALKEY, version.version, version.majorVersion);
  }

  /** A Redis OSS engine. */
  public static redis(version: RedisEngineVersion): CacheEngine {
    return new CacheEngine(EngineType.REDIS, version.version, version.majorVersion);
  }

  /** A Memcached engine (node-based `MemcachedCluster` or serverless). */
  public static memcached(version: MemcachedEngineVersion): CacheEngine {
    return new CacheEngine(EngineType.MEMCACHED, version.version, version.majorVersion);
  }

  /** The engine family. */
  public readonly engineType: EngineType;
  /** The engine version as ElastiCache expects it in `EngineVersion`. */
  public readonly version: string;
  /** The major version ('8' for Valkey 8.2, '1.6' for Memcached 1.6.22). */
  public readonly majorVersion: string;
  /** The port the engine listens on by default: 6379, or 11211 for Memcached. */
  public readonly defaultPort: number;
  /**
   * The parameter group family, e.g. `valkey8`, `redis7`, `redis6.x`, `memcached1.6`.
   * @see https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ParameterGroups.Engine.html
   */
  public readonly parameterGroupFamily: string;
  /** Role-based access control (users and user groups). */
  public readonly supportsRbac: boolean;
  /** IAM authentication of users. */
  public readonly supportsIamAuthentication: boolean;
  /** Data tiering on r6gd nodes. */
  public readonly supportsDataTiering: boolean;
  /** In-transit encryption (TLS). */
  public readonly supportsTransitEncryption: boolean;
  /** Snapshots and automatic backups on node-based clusters. */
  public readonly supportsSnapshots: boolean;
  /** Log types this version can deliver. */
  public readonly logTypes: LogType[];

  private constructor(engineType: EngineType, version: string, majorVersion: string) {
    this.engineType = engineType;
    this.version = version;
    this.majorVersion = majorVersion;
    const known = !Token.isUnresolved(version);
    const atLeast = (floor: string) => known && compareVersions(version, floor) >= 0;
    const kv = engineType !== EngineType.MEMCACHED;
    const valkey = engineType === EngineType.VALKEY;
    this.defaultPort = kv ? REDIS_DEFAULT_PORT : MEMCACHED_DEFAULT_PORT;
    this.parameterGroupFamily = family(engineType, version, majorVersion);
    this.supportsRbac = valkey || (kv && atLeast(RBAC_REDIS_VERSION));
    this.supportsIamAuthentication = valkey || (kv && atLeast(IAM_AUTH_REDIS_VERSION));
    this.supportsDataTiering = valkey || (kv && atLeast(DATA_TIERING_REDIS_VERSION));
    this.supportsTransitEncryption = kv || atLeast(MEMCACHED_TLS_VERSION);
    this.supportsSnapshots = kv;
    this.logTypes = [];
    if (valkey || (kv && atLeast(SLOW_LOG_REDIS_VERSION))) this.logTypes.push(LogType.SLOW_LOG);
    if (valkey || (kv && atLeast(ENGINE_LOG_REDIS_VERSION))) this.logTypes.push(LogType.ENGINE_LOG);
  }

  /** True for Valkey and Redis OSS (engines a replication group can run). */
  public get isKeyValue(): boolean {
    return this.engineType !== EngineType.MEMCACHED;
  }

  /** The engine and version, e.g. `valkey 8.2`. */
  public toString(): string {
    return `${this.engineType} ${this.version}`;
  }
}

/** Family <- version (ElastiCache User Guide, "Parameter group family" headers). */
function family(engineType: EngineType, version: string, majorVersion: string): string {
  switch (engineType) {
    case EngineType.VALKEY:
      return `valkey${majorVersion}`;
    case EngineType.MEMCACHED:
      return `memcached${majorVersion}`;
    case EngineType.REDIS:
      if (Number(majorVersion) >= 7) return 'redis7';
      if (majorVersion === '6') return 'redis6.x';
      return `redis${version.split('.').slice(0, 2).join('.')}`;
  }
}
