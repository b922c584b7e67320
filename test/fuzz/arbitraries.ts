import { Duration } from 'aws-cdk-lib';
import fc from 'fast-check';
import {
  AzMode, CacheEngine, ClusterMode, MemcachedEngineVersion, NetworkType, NodeType, RedisEngineVersion, TransitEncryptionMode, ValkeyEngineVersion,
} from '../../src';

/*
 * Generators of construct props for the fuzz suite: valid values, edges and nonsense (negative, fractional, huge,
 * empty, wrong grammar). A value the public API cannot even express (a version string `of()` rejects) is built
 * lazily so that the rejection is part of the case.
 */

/** Lazily built values: `of()` may throw a validation error, which the oracle accepts as the case's outcome. */
export type Lazy<T> = () => T;

/** Mostly valid values (weight 20), then edges and nonsense: a case with many props still synthesizes often. */
const mostly = <T>(valid: fc.Arbitrary<T>, ...other: Array<fc.Arbitrary<T>>) =>
  fc.oneof({ arbitrary: valid, weight: 20 }, ...other.map((arbitrary) => ({ arbitrary, weight: 1 })));
const integer = (min: number, max: number) => mostly(
  fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1, 0, -1, 1.5, Number.NaN), fc.integer({ min: -1000, max: 100_000 }),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
/** Usually left out (5 in 6): toggles whose other value the rules reject in combination with most settings. */
const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: a, weight: 1 });

/** Identifier-like strings: valid ids, edges (40/41/50/51 characters, trailing or double hyphens) and nonsense. */
export const identifier = mostly(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/).filter((s) => !s.includes('--')),
  fc.constantFrom('a', 'A-Cache', 'cache-', 'my--cache', '1cache', '', 'x'.repeat(40), 'x'.repeat(41), 'x'.repeat(50), 'x'.repeat(51), 'caché', 'Bad_Id'),
  fc.string({ maxLength: 60 }),
);

export const window = mostly(
  fc.constantFrom('sun:05:00-sun:06:00', 'Mon:23:30-Tue:00:30', 'sat:23:00-sun:01:00'),
  fc.constantFrom('sun:05:00-sun:05:30', 'xyz', '', 'sun:25:00-sun:26:00'),
  fc.string({ maxLength: 20 }),
);

export const valkeyEngine: fc.Arbitrary<Lazy<CacheEngine>> = mostly(
  fc.constantFrom(ValkeyEngineVersion.VER_7_2, ValkeyEngineVersion.VER_8_0, ValkeyEngineVersion.VER_8_1, ValkeyEngineVersion.VER_8_2,
    ValkeyEngineVersion.VER_9_0, ValkeyEngineVersion.VER_9_1).map((v) => () => CacheEngine.valkey(v)),
  fc.constantFrom('7.3', '8.3', '9.2', '10.0', '6.2', 'latest', '8').map((v) => () => CacheEngine.valkey(ValkeyEngineVersion.of(v))),
);
export const redisEngine: fc.Arbitrary<Lazy<CacheEngine>> = mostly(
  fc.constantFrom(RedisEngineVersion.VER_6_2, RedisEngineVersion.VER_7_0, RedisEngineVersion.VER_7_1).map((v) => () => CacheEngine.redis(v)),
  fc.constantFrom('4.0.10', '5.0.6', '5.0.0', '6.0', '6.x', '3.2.6', '7.2', '2.8.24', 'x').map((v) => () => CacheEngine.redis(RedisEngineVersion.of(v))),
);
export const memcachedEngine: fc.Arbitrary<Lazy<CacheEngine>> = mostly(
  fc.constantFrom(MemcachedEngineVersion.VER_1_6_12, MemcachedEngineVersion.VER_1_6_17, MemcachedEngineVersion.VER_1_6_22)
    .map((v) => () => CacheEngine.memcached(v)),
  fc.constantFrom('1.6.6', '1.5.16', '1.4.5', '1.6.99', '2.0.0', '1.6').map((v) => () => CacheEngine.memcached(MemcachedEngineVersion.of(v))),
);
export const anyEngine = fc.oneof(valkeyEngine, redisEngine, memcachedEngine);

export const nodeType: fc.Arbitrary<Lazy<NodeType>> = mostly(
  fc.constantFrom(NodeType.R7G_LARGE, NodeType.M7G_LARGE, NodeType.T4G_SMALL, NodeType.T4G_MICRO, NodeType.R6G_XLARGE, NodeType.R8G_LARGE,
    NodeType.M5_LARGE, NodeType.T3_MEDIUM, NodeType.R6GD_XLARGE, NodeType.C7GN_LARGE).map((n) => () => n),
  fc.constantFrom('cache.t2.micro', 'cache.m3.large', 'cache.r3.large', 'cache.x9g.large', 'cache.r7g', 'r7g.large', 'cache.r7g.huge', '')
    .map((n) => () => NodeType.of(n)),
);

const networkType = fc.constantFrom(NetworkType.IPV4, NetworkType.IPV6, NetworkType.DUAL_STACK);

const VALID_REDIS_PARAMETERS: ReadonlyArray<[string, string]> = [
  ['maxmemory-policy', 'allkeys-lru'], ['maxmemory-policy', 'volatile-ttl'], ['reserved-memory-percent', '25'], ['timeout', '300'],
  ['activedefrag', 'yes'], ['notify-keyspace-events', 'Ex'], ['maxmemory-samples', '5'],
];
const BAD_REDIS_PARAMETERS: ReadonlyArray<[string, string]> = [
  ['maxmemory-policy', 'lru'], ['reserved-memory-percent', '120'], ['maxmemory', '100'], ['activedefrag', 'maybe'], ['appendonly', 'yes'],
  ['notify-keyspace-events', 'zz'], ['timeout', '-1'],
];
const redisParameters = fc.array(mostly(fc.constantFrom(...VALID_REDIS_PARAMETERS), fc.constantFrom(...BAD_REDIS_PARAMETERS)), { maxLength: 2 })
  .map((pairs) => Object.fromEntries(pairs));

export const replicationGroupProps = fc.record({
  engine: maybe(mostly(fc.oneof(valkeyEngine, redisEngine), memcachedEngine)),
  nodeType: maybe(nodeType),
  clusterMode: maybe(fc.constantFrom(ClusterMode.DISABLED, ClusterMode.ENABLED, ClusterMode.COMPATIBLE)),
  numShards: rarely(integer(1, 20)),
  replicasPerShard: maybe(integer(0, 5)),
  port: rarely(integer(1, 65535)),
  replicationGroupId: maybe(identifier),
  description: maybe(mostly(fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/), fc.constant('x'.repeat(256)), fc.string({ maxLength: 30 }))),
  snapshotRetentionDays: maybe(integer(1, 35)),
  maintenanceWindow: maybe(window),
  snapshotWindow: rarely(mostly(fc.constantFrom('03:00-04:00', '01:00-02:30'), fc.constantFrom('03:00-03:30', '25:00-26:00', 'x'))),
  transitEncryptionMode: rarely(fc.constantFrom(TransitEncryptionMode.REQUIRED, TransitEncryptionMode.PREFERRED)),
  transitEncryption: rarely(fc.boolean()),
  multiAz: rarely(fc.boolean()),
  automaticFailover: rarely(fc.boolean()),
  authTokenEnabled: rarely(fc.boolean()),
  networkType: rarely(networkType),
  parameters: rarely(redisParameters),
  dataTiering: rarely(fc.boolean()),
});

export const memcachedProps = fc.record({
  engine: maybe(mostly(memcachedEngine, valkeyEngine)),
  nodeType: maybe(nodeType),
  numNodes: maybe(integer(1, 40)),
  azMode: maybe(fc.constantFrom(AzMode.CROSS_AZ, AzMode.SINGLE_AZ)),
  port: maybe(integer(1, 65535)),
  cacheClusterId: maybe(identifier),
  maintenanceWindow: maybe(window),
  transitEncryption: rarely(fc.boolean()),
  networkType: rarely(networkType),
  parameters: rarely(fc.array(mostly(fc.constantFrom<[string, string]>(['binding_protocol', 'ascii'], ['max_item_size', '10485760'], ['cas_disabled', '1']),
    fc.constantFrom<[string, string]>(['binding_protocol', 'http'], ['cas_disabled', '2'])), { maxLength: 2 }).map((pairs) => Object.fromEntries(pairs))),
});

export const serverlessProps = fc.record({
  engine: maybe(anyEngine),
  serverlessCacheName: maybe(identifier),
  description: maybe(mostly(fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/), fc.constant('x'.repeat(256)), fc.string({ maxLength: 30 }))),
  snapshotRetentionDays: maybe(integer(0, 35)),
  dailySnapshotTime: maybe(mostly(fc.constantFrom('04:00', '23:59'), fc.constantFrom('24:00', '4:00', 'x'))),
  finalSnapshotName: maybe(identifier),
  dataStorageMaxGb: maybe(integer(1, 5000)),
  ecpuMax: maybe(integer(1000, 15_000_000)),
});

export const userProps = fc.record({
  userId: maybe(identifier),
  userName: maybe(mostly(fc.constantFrom('app', 'reader'), fc.constantFrom('default', ''), fc.string({ maxLength: 20 }))),
  accessString: mostly(fc.constantFrom('on ~app:* -@all +@read', 'on ~* +@all', 'off -@all', 'on ~app:* -@all +get +set'),
    fc.constantFrom('on ~app:* -@all +gett', 'on', 'on ~x >password'), fc.string({ maxLength: 30 })),
  userGroupId: maybe(identifier),
  kind: fc.constantFrom('iam', 'nopassword', 'password'),
  rotationDays: maybe(integer(1, 1000)),
});

export const globalProps = fc.record({
  primaryEngine: maybe(fc.oneof(valkeyEngine, redisEngine)),
  primaryNodeType: maybe(nodeType),
  suffix: maybe(mostly(fc.constantFrom('sessions', 'cart'), fc.constantFrom('bad suffix!', ''), identifier)),
  secondaryRegion: fc.constantFrom('us-west-2', 'eu-west-1', 'us-east-1', 'me-central-1', 'ap-southeast-1'),
  replicasPerShard: maybe(integer(0, 5)),
  secondaryId: maybe(identifier),
  maintenanceWindow: maybe(window),
});

export const networkProps = fc.record({
  cidr: maybe(mostly(fc.constantFrom('10.0.0.0/16', '10.1.0.0/20', '192.168.0.0/24'), fc.constantFrom('10.0.0.0/8', '10.0.0.0/25', '300.0.0.0/16', 'x'),
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 8, max: 30 })).map(([a, b, m]) => `${a}.${b}.0.0/${m}`))),
  maxAzs: maybe(integer(2, 6)),
});

export const scalingProps = fc.record({
  dimension: fc.constantFrom('shards', 'replicas'),
  clusterMode: mostly(fc.constant(ClusterMode.ENABLED), fc.constant(ClusterMode.DISABLED)),
  engine: rarely(fc.oneof(valkeyEngine, redisEngine)),
  nodeType: rarely(nodeType),
  minCapacity: maybe(integer(1, 5)),
  maxCapacity: integer(1, 5),
  target: maybe(mostly(fc.integer({ min: 10, max: 90 }), fc.integer({ min: -10, max: 120 }), fc.double({ min: 0, max: 100, noNaN: true }))),
  metric: fc.constantFrom('cpu', 'memory'),
});

/** Days as a Duration; negative or NaN amounts cannot be expressed with the public API (CDK's Duration rejects them). */
export const days = (n: number | undefined) => (n === undefined || !(n >= 0) ? undefined : Duration.days(n));
