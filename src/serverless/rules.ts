import { RemovalPolicy } from 'aws-cdk-lib';
import { ServerlessCacheModel } from './model';
import { EngineType } from '../engine';
import { show } from '../private/errors';
import { encryptionKeySpecProblem } from '../private/key-spec';
import { checkIntegerRange, ValidationRule } from '../private/validation';
import { compareVersions } from '../private/version';
import {
  DATA_STORAGE_MAX_GB, DATA_STORAGE_MIN_GB, ECPU_MAX, ECPU_MIN, MAX_DESCRIPTION_LENGTH, SERVERLESS_MIN_VERSIONS, serverlessCacheNameProblem,
  snapshotNameProblem,
} from '../spec';

type Rule = ValidationRule<ServerlessCacheModel>;

/*
 * Rules of the project reference (elasticache-rules.md §1.1, §1.4, §1.6, §1.8, §1.10) and of
 * @aws-cdk/aws-elasticache-alpha serverless-cache.ts (validateDescription, validateDataStorageLimits,
 * validateRequestRateLimits, validateBackupSettings, validateUserGroupCompatibility), each with its source.
 */

// Limits and name grammars: src/spec (limits.ts, identifiers.ts).
function checkSnapshotName(field: string, name: string | undefined, known: boolean): string | undefined {
  return known ? snapshotNameProblem(field, name!) : undefined;
}

export const SERVERLESS_CACHE_RULES: Rule[] = [
  {
    code: 'ServerlessCache.EngineVersion',
    check: (m) => {
      const floor = SERVERLESS_MIN_VERSIONS[m.engine.engineType];
      if (!m.known(m.engine.version)) return undefined;
      return compareVersions(m.engine.version, floor) < 0
        ? `serverless caches need ${m.engine.engineType} ${floor} or later, got ${show(m.engine.version)}`
        : undefined;
    },
  },
  {
    // Lowercase letters, digits and hyphens, starting with a letter, no trailing or double hyphen: the
    // ElastiCache identifier rules of §1.1 (CacheClusterId/ReplicationGroupId) applied to the name, which is
    // stored lowercase (botocore CreateServerlessCacheRequest); the ≤ 40 limit follows the alpha.
    code: 'ServerlessCache.Name',
    check: (m) => {
      const name = m.serverlessCacheName;
      return m.known(name) ? serverlessCacheNameProblem('serverlessCacheName', name!) : undefined;
    },
  },
  {
    // botocore CreateServerlessCacheRequest.Description ≤ 255; alpha validateDescription also rejects < and >.
    code: 'ServerlessCache.Description',
    check: (m) => {
      const d = m.description;
      if (!m.known(d)) return undefined;
      if (d!.length > MAX_DESCRIPTION_LENGTH) return `description must be at most ${MAX_DESCRIPTION_LENGTH} characters, got ${d!.length}`;
      return /[<>]/.test(d!) ? `description must not contain '<' or '>', got ${show(d)}` : undefined;
    },
  },
  {
    code: 'ServerlessCache.DataStorage',
    check: (m) => {
      for (const [field, value] of [['dataStorageMinimumSize', m.dataStorageMinimumGb], ['dataStorageMaximumSize', m.dataStorageMaximumGb]] as const) {
        if (!m.known(value)) continue;
        if (!Number.isInteger(value) || value! < DATA_STORAGE_MIN_GB || value! > DATA_STORAGE_MAX_GB) {
          return `cacheUsageLimits.${field} must be a whole number of GiB between ${DATA_STORAGE_MIN_GB} and ${DATA_STORAGE_MAX_GB}, got ${value} GiB`;
        }
      }
      const [min, max] = [m.dataStorageMinimumGb, m.dataStorageMaximumGb];
      return m.known(min) && m.known(max) && min! > max!
        ? `cacheUsageLimits.dataStorageMinimumSize (${min} GiB) must not exceed dataStorageMaximumSize (${max} GiB)`
        : undefined;
    },
  },
  {
    code: 'ServerlessCache.RequestRate',
    check: (m) => {
      const { requestRateLimitMinimum: min, requestRateLimitMaximum: max } = m.limits;
      return checkIntegerRange('cacheUsageLimits.requestRateLimitMinimum (ECPU/s)', min, ECPU_MIN, ECPU_MAX)
        ?? checkIntegerRange('cacheUsageLimits.requestRateLimitMaximum (ECPU/s)', max, ECPU_MIN, ECPU_MAX)
        ?? (m.known(min) && m.known(max) && min! > max!
          ? `cacheUsageLimits.requestRateLimitMinimum (${min}) must not exceed requestRateLimitMaximum (${max})`
          : undefined);
    },
  },
  {
    // SnapshotRetentionLimit ≤ 35 (botocore; terraform serverless_cache.go); alpha validates 1-35.
    code: 'ServerlessCache.SnapshotRetention',
    check: (m) => checkIntegerRange('snapshotRetention (days)', m.snapshotRetentionDays, 1, 35),
  },
  {
    // DailySnapshotTime HH:MM in UTC (alpha formatBackupTime renders hh:mm).
    code: 'ServerlessCache.DailySnapshotTime',
    check: (m) => {
      const t = m.dailySnapshotTime;
      if (!m.known(t)) return undefined;
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(t!) ? undefined : `dailySnapshotTime must be 'HH:MM' in UTC (e.g. '04:30'), got ${show(t)}`;
    },
  },
  {
    code: 'ServerlessCache.DailySnapshotTimeWithoutRetention',
    check: (m) => m.dailySnapshotTime !== undefined && m.snapshotRetention === undefined
      ? 'dailySnapshotTime needs snapshotRetention: automatic snapshots are off without a retention'
      : undefined,
  },
  {
    code: 'ServerlessCache.FinalSnapshotName',
    check: (m) => checkSnapshotName('finalSnapshotName', m.finalSnapshotName, m.known(m.finalSnapshotName)),
  },
  {
    code: 'ServerlessCache.SnapshotArnsToRestore',
    check: (m) => m.snapshotArnsToRestore !== undefined && m.known(m.snapshotArnsToRestore) && m.snapshotArnsToRestore.length === 0
      ? 'snapshotArnsToRestore must not be empty; omit it to start empty'
      : undefined,
  },
  {
    // Memcached caches cannot use user groups; Redis OSS caches only Redis user groups; Valkey caches both
    // (User Guide, Clusters.RBAC; botocore CreateServerlessCacheRequest.UserGroupId; alpha validateUserGroupCompatibility).
    code: 'ServerlessCache.UserGroupEngine',
    check: (m) => {
      const group = m.userGroup;
      if (!group) return undefined;
      if (m.engine.engineType === EngineType.MEMCACHED) {
        return 'userGroup cannot be used with Memcached: user groups (RBAC) are for Valkey and Redis OSS caches';
      }
      if (m.engine.engineType === EngineType.REDIS && group.engine === EngineType.VALKEY) {
        return 'a Redis OSS cache accepts only user groups of engine redis, got a valkey user group; use a Redis user group or a Valkey cache';
      }
      return undefined;
    },
  },
  {
    // CloudFormation's Snapshot deletion policy covers CacheCluster/ReplicationGroup, not ServerlessCache.
    code: 'ServerlessCache.RemovalPolicy',
    check: (m) => m.removalPolicy === RemovalPolicy.SNAPSHOT
      ? 'removalPolicy SNAPSHOT is not supported for AWS::ElastiCache::ServerlessCache; set finalSnapshotName to keep a snapshot when the cache is deleted'
      : undefined,
  },
  {
    // Symmetric keys only (User Guide at-rest-encryption.html).
    code: 'ServerlessCache.EncryptionKeySpec',
    check: (m) => encryptionKeySpecProblem(m.encryptionKey),
  },
];
