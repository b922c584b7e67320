import { IResource } from 'aws-cdk-lib';
import { EngineType } from '../engine';

/**
 * An RBAC user group, defined here or imported. Replication groups and serverless caches
 * take one instead of an AUTH token.
 */
export interface IUserGroup extends IResource {
  /**
   * The user group id.
   * @attribute
   */
  readonly userGroupId: string;
  /**
   * The ARN of the user group.
   * @attribute
   */
  readonly userGroupArn: string;
  /**
   * The engine of the user group (`valkey` or `redis`), when known.
   * Redis OSS caches accept only Redis user groups; Valkey caches accept both
   * (ElastiCache User Guide, Clusters.RBAC).
   */
  readonly engine?: EngineType;
}
