import { IConstruct } from 'constructs';
import { validationError } from '../private/errors';

/**
 * The node ids of a group, for what needs them (group metrics, per-node metrics and alarms); throws
 * a validation error naming the use and how to give them when they are not known.
 */
export function requireMemberClusterIds(group: IConstruct & { readonly memberClusterIds?: string[] }, use: string): string[] {
  const ids = group.memberClusterIds;
  if (ids === undefined) {
    throw validationError(group, 'ReplicationGroup.MemberClusterIds',
      `${use} needs the node ids (memberClusterIds), which are not known: pass memberClusterIds to fromReplicationGroupAttributes(), ` +
      'or give numShards and replicasPerShard as numbers (not tokens)');
  }
  return ids;
}
