/**
 * ElastiCache identifier grammars.
 *
 * - ReplicationGroupId: 1-40 letters, digits or hyphens, a letter first, no trailing hyphen, no `--`
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html).
 * - CacheClusterId: the same grammar, 1-50 characters
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateCacheCluster.html).
 * - UserId / UserGroupId: `[a-z][a-z0-9-]*` as CloudFormation's schemas narrow the API's `[a-zA-Z][a-zA-Z0-9\-]*`
 *   (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-user.html,
 *   https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-usergroup.html);
 *   at most 40 characters for ids the library generates (aws-elasticache-alpha user-group.ts).
 * - ServerlessCacheName: stored lowercase; no API pattern is documented, the id grammar above is applied with
 *   the 40 characters aws-elasticache-alpha generates
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateServerlessCache.html).
 * - Snapshot names (FinalSnapshotName): a letter first, letters, digits, hyphens, no trailing hyphen, no `--`
 *   (aws-elasticache-alpha serverless-cache.ts validateBackupSettings).
 */

export const REPLICATION_GROUP_ID_MAX_LENGTH = 40;
export const CACHE_CLUSTER_ID_MAX_LENGTH = 50;
/** Length the library keeps generated user and user group ids within. */
export const GENERATED_USER_ID_MAX_LENGTH = 40;

/** The replication group / cache cluster id grammar: a problem message naming `name`, or undefined. */
export function identifierProblem(name: string, value: string, maxLength: number): string | undefined {
  const ok = new RegExp(`^[a-zA-Z][a-zA-Z0-9-]{0,${maxLength - 1}}$`).test(value) && !value.endsWith('-') && !value.includes('--');
  return ok ? undefined
    : `${name} must be 1-${maxLength} letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got '${value}'`;
}

export const USER_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/** The user / user group id grammar (lower-case letter first, then lower-case letters, digits, hyphens). */
export function userIdProblem(name: string, value: string): string | undefined {
  return USER_ID_PATTERN.test(value) ? undefined
    : `${name} must start with a lowercase letter and contain only lowercase letters, digits and hyphens, got '${value}'`;
}

export const SERVERLESS_CACHE_NAME_MAX_LENGTH = 40;

/** The serverless cache name grammar (lowercase id grammar, at most 40 characters). */
export function serverlessCacheNameProblem(name: string, value: string): string | undefined {
  const max = SERVERLESS_CACHE_NAME_MAX_LENGTH;
  return /^[a-z][a-z0-9-]*$/.test(value) && value.length <= max && !value.endsWith('-') && !value.includes('--') ? undefined
    : `${name} must be 1-${max} lowercase letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got '${value}'`;
}

/** The snapshot name grammar. */
export function snapshotNameProblem(name: string, value: string): string | undefined {
  return /^[a-zA-Z][a-zA-Z0-9-]*$/.test(value) && !value.endsWith('-') && !value.includes('--') ? undefined
    : `${name} must start with a letter and contain only letters, digits and hyphens, not end with a hyphen nor contain two consecutive hyphens, got '${value}'`;
}
