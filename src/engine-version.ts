import { Token } from 'aws-cdk-lib';

/*
 * Engine versions accepted by ElastiCache today (cfn-lint extension schema
 * `aws_elasticache_cachecluster/engine_version.json`, generated from the AWS API, Aug 2026),
 * and version formats (terraform-provider-aws `engine_version.go`):
 * Valkey `<major>.<minor>`, Redis OSS >= 6 `<major>.<minor>`, Memcached `<major>.<minor>.<patch>`.
 */

function checkFormat(engine: string, version: string, pattern: RegExp, example: string): void {
  if (Token.isUnresolved(version)) return;
  if (!pattern.test(version)) {
    throw new Error(`[EngineVersion.Format] ${engine} engine version must look like ${example}, got '${version}'`);
  }
}

/**
 * A Valkey engine version.
 *
 * Use a constant (`ValkeyEngineVersion.VER_8_2`) or `ValkeyEngineVersion.of('9.2')`
 * for a version this library does not know yet.
 */
export class ValkeyEngineVersion {
  /** Valkey 7.2 (parameter group family `valkey7`). */
  public static readonly VER_7_2 = ValkeyEngineVersion.of('7.2');
  /** Valkey 8.0 (parameter group family `valkey8`). */
  public static readonly VER_8_0 = ValkeyEngineVersion.of('8.0');
  /** Valkey 8.1 (parameter group family `valkey8`). */
  public static readonly VER_8_1 = ValkeyEngineVersion.of('8.1');
  /** Valkey 8.2 (parameter group family `valkey8`). */
  public static readonly VER_8_2 = ValkeyEngineVersion.of('8.2');
  /** Valkey 9.0 (parameter group family `valkey9`). */
  public static readonly VER_9_0 = ValkeyEngineVersion.of('9.0');
  /** Valkey 9.1 (parameter group family `valkey9`; listed by cfn-lint's engine versions, Aug 2026). */
  public static readonly VER_9_1 = ValkeyEngineVersion.of('9.1');

  /**
   * A Valkey version by its `<major>.<minor>` string.
   * @param version e.g. '9.1'
   */
  public static of(version: string): ValkeyEngineVersion {
    checkFormat('Valkey', version, /^[7-9]\d*\.\d+$/, "'8.2' (<major>.<minor>, 7.2 or later)");
    return new ValkeyEngineVersion(version);
  }

  /** The full version string as ElastiCache expects it, e.g. '8.2'. */
  public readonly version: string;
  /** The major version, e.g. '8'. */
  public readonly majorVersion: string;

  private constructor(version: string) {
    this.version = version;
    this.majorVersion = version.split('.')[0];
  }
}

/**
 * A Redis OSS engine version.
 *
 * Use a constant (`RedisEngineVersion.VER_7_1`) or `RedisEngineVersion.of('7.1')`.
 */
export class RedisEngineVersion {
  /** Redis OSS 6.2 (parameter group family `redis6.x`). */
  public static readonly VER_6_2 = RedisEngineVersion.of('6.2');
  /** Redis OSS 7.0 (parameter group family `redis7`). */
  public static readonly VER_7_0 = RedisEngineVersion.of('7.0');
  /** Redis OSS 7.1 (parameter group family `redis7`). */
  public static readonly VER_7_1 = RedisEngineVersion.of('7.1');

  /**
   * A Redis OSS version: `<major>.<minor>` from 6 on, `<major>.<minor>.<patch>` before.
   * @param version e.g. '7.1' or '5.0.6'
   */
  public static of(version: string): RedisEngineVersion {
    checkFormat('Redis OSS', version, /^([1-5](\.\d+){2}|6\.x|[6-9]\.\d+)$/, "'7.1' (<major>.<minor>; '5.0.6' before 6)");
    return new RedisEngineVersion(version);
  }

  /** The full version string, e.g. '7.1'. */
  public readonly version: string;
  /** The major version, e.g. '7'. */
  public readonly majorVersion: string;

  private constructor(version: string) {
    this.version = version;
    this.majorVersion = version.split('.')[0];
  }
}

/**
 * A Memcached engine version.
 *
 * Use a constant (`MemcachedEngineVersion.VER_1_6_22`) or `MemcachedEngineVersion.of('1.6.22')`.
 */
export class MemcachedEngineVersion {
  /** Memcached 1.6.12, the first with in-transit encryption (TLS). */
  public static readonly VER_1_6_12 = MemcachedEngineVersion.of('1.6.12');
  /** Memcached 1.6.17. */
  public static readonly VER_1_6_17 = MemcachedEngineVersion.of('1.6.17');
  /** Memcached 1.6.22. */
  public static readonly VER_1_6_22 = MemcachedEngineVersion.of('1.6.22');

  /**
   * A Memcached version by its `<major>.<minor>.<patch>` string.
   * @param version e.g. '1.6.22'
   */
  public static of(version: string): MemcachedEngineVersion {
    checkFormat('Memcached', version, /^1\.\d+\.\d+$/, "'1.6.22' (<major>.<minor>.<patch>)");
    return new MemcachedEngineVersion(version);
  }

  /** The full version string, e.g. '1.6.22'. */
  public readonly version: string;
  /** The major.minor version, e.g. '1.6'. */
  public readonly majorVersion: string;

  private constructor(version: string) {
    this.version = version;
    this.majorVersion = version.split('.').slice(0, 2).join('.');
  }
}
