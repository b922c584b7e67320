import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import { FakeUserGroup } from './helpers';
import { CacheEngine, EngineType } from '../../src/engine';
import { MemcachedEngineVersion, RedisEngineVersion, ValkeyEngineVersion } from '../../src/engine-version';
import { ServerlessCacheProps } from '../../src/serverless/props';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { stackWithVpc } from '../helpers/stack';

type Case = [string, Omit<ServerlessCacheProps, 'vpc'>, string];

const AT = ' (at TestStack/Cache)';
const MEMCACHED = CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22);
const REDIS = CacheEngine.redis(RedisEngineVersion.VER_7_1);

// One row per rule of src/serverless/rules.ts: bad value in, exact message out.
const cases: Case[] = [
  ['EngineVersion (Redis 6.2)', { engine: CacheEngine.redis(RedisEngineVersion.VER_6_2) },
    "[ServerlessCache.EngineVersion] serverless caches need redis 7.0 or later, got '6.2'" + AT],
  ['EngineVersion (Memcached 1.5)', { engine: CacheEngine.memcached(MemcachedEngineVersion.of('1.5.16')) },
    "[ServerlessCache.EngineVersion] serverless caches need memcached 1.6 or later, got '1.5.16'" + AT],
  ['Name (uppercase)', { serverlessCacheName: 'Sessions' },
    "[ServerlessCache.Name] serverlessCacheName must be 1-40 lowercase letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'Sessions'" + AT],
  ['Name (41 characters)', { serverlessCacheName: 'a'.repeat(41) }, '[ServerlessCache.Name] serverlessCacheName must be 1-40'],
  ['Name (double hyphen)', { serverlessCacheName: 'a--b' }, "got 'a--b'"],
  ['Name (trailing hyphen)', { serverlessCacheName: 'ab-' }, "got 'ab-'"],
  ['Description (length)', { description: 'x'.repeat(256) }, '[ServerlessCache.Description] description must be at most 255 characters, got 256' + AT],
  ['Description (<>)', { description: '<b>cache</b>' }, "[ServerlessCache.Description] description must not contain '<' or '>', got '<b>cache</b>'" + AT],
  ['DataStorage (0)', { cacheUsageLimits: { dataStorageMaximumSize: Size.mebibytes(512) } },
    '[ServerlessCache.DataStorage] cacheUsageLimits.dataStorageMaximumSize must be a whole number of GiB between 1 and 5000, got 0.5 GiB' + AT],
  ['DataStorage (5001)', { cacheUsageLimits: { dataStorageMinimumSize: Size.gibibytes(5001) } },
    '[ServerlessCache.DataStorage] cacheUsageLimits.dataStorageMinimumSize must be a whole number of GiB between 1 and 5000, got 5001 GiB' + AT],
  ['DataStorage (min > max)', { cacheUsageLimits: { dataStorageMinimumSize: Size.gibibytes(20), dataStorageMaximumSize: Size.gibibytes(10) } },
    '[ServerlessCache.DataStorage] cacheUsageLimits.dataStorageMinimumSize (20 GiB) must not exceed dataStorageMaximumSize (10 GiB)' + AT],
  ['RequestRate (999)', { cacheUsageLimits: { requestRateLimitMinimum: 999 } },
    '[ServerlessCache.RequestRate] cacheUsageLimits.requestRateLimitMinimum (ECPU/s) must be an integer between 1000 and 15000000, got 999' + AT],
  ['RequestRate (15,000,001)', { cacheUsageLimits: { requestRateLimitMaximum: 15_000_001 } },
    '[ServerlessCache.RequestRate] cacheUsageLimits.requestRateLimitMaximum (ECPU/s) must be an integer between 1000 and 15000000, got 15000001' + AT],
  ['RequestRate (min > max)', { cacheUsageLimits: { requestRateLimitMinimum: 5000, requestRateLimitMaximum: 2000 } },
    '[ServerlessCache.RequestRate] cacheUsageLimits.requestRateLimitMinimum (5000) must not exceed requestRateLimitMaximum (2000)' + AT],
  ['SnapshotRetention (36 days)', { snapshotRetention: Duration.days(36) },
    '[ServerlessCache.SnapshotRetention] snapshotRetention (days) must be an integer between 1 and 35, got 36' + AT],
  ['SnapshotRetention (0 days)', { snapshotRetention: Duration.days(0) },
    '[ServerlessCache.SnapshotRetention] snapshotRetention (days) must be an integer between 1 and 35, got 0' + AT],
  ['DailySnapshotTime', { snapshotRetention: Duration.days(1), dailySnapshotTime: '4:30' },
    "[ServerlessCache.DailySnapshotTime] dailySnapshotTime must be 'HH:MM' in UTC (e.g. '04:30'), got '4:30'" + AT],
  ['DailySnapshotTimeWithoutRetention', { dailySnapshotTime: '04:30' },
    '[ServerlessCache.DailySnapshotTimeWithoutRetention] dailySnapshotTime needs snapshotRetention: automatic snapshots are off without a retention' + AT],
  ['FinalSnapshotName', { finalSnapshotName: '1final' },
    "[ServerlessCache.FinalSnapshotName] finalSnapshotName must start with a letter and contain only letters, digits and hyphens, not end with a hyphen nor contain two consecutive hyphens, got '1final'" + AT],
  ['FinalSnapshotName (double hyphen)', { finalSnapshotName: 'final--x' }, "got 'final--x'"],
  ['SnapshotArnsToRestore', { snapshotArnsToRestore: [] },
    '[ServerlessCache.SnapshotArnsToRestore] snapshotArnsToRestore must not be empty; omit it to start empty' + AT],
  ['RemovalPolicy', { removalPolicy: RemovalPolicy.SNAPSHOT },
    '[ServerlessCache.RemovalPolicy] removalPolicy SNAPSHOT is not supported for AWS::ElastiCache::ServerlessCache; set finalSnapshotName to keep a snapshot when the cache is deleted' + AT],
];

describe('ServerlessCache validation', () => {
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, ...props })).toThrow(message);
  });

  test('UserGroupEngine: Memcached takes no user group', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: MEMCACHED, userGroup: new FakeUserGroup(stack, 'Users', EngineType.REDIS) }))
      .toThrow('[ServerlessCache.UserGroupEngine] userGroup cannot be used with Memcached: user groups (RBAC) are for Valkey and Redis OSS caches' + AT);
  });

  test('UserGroupEngine: a Redis cache takes no Valkey user group', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: REDIS, userGroup: new FakeUserGroup(stack, 'Users', EngineType.VALKEY) }))
      .toThrow('[ServerlessCache.UserGroupEngine] a Redis OSS cache accepts only user groups of engine redis, got a valkey user group; use a Redis user group or a Valkey cache' + AT);
  });

  test('NoSubnets', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, vpcSubnets: { subnets: [] } }))
      .toThrow('[ServerlessCache.NoSubnets] vpcSubnets selected no subnet of the VPC; select at least one subnet (private subnets are the default)' + AT);
  });

  test('Memcached serverless supports snapshots', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: MEMCACHED, snapshotRetention: Duration.days(35), finalSnapshotName: 'last' })).not.toThrow();
  });

  test('Valkey 7.2 is the serverless floor', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ServerlessCache(stack, 'Cache', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.VER_7_2) })).not.toThrow();
  });
});
