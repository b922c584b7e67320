import { ArnFormat, Lazy, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import { CfnUser, CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { AccessString } from './access-string';
import { IUser, NoPasswordUser, UserAuthenticationType } from './user';
import { IUserGroup } from './user-group-ref';
import { EngineType } from '../engine';
import { show } from '../private/errors';
import { throwAll } from '../private/validation';
import { GENERATED_USER_ID_MAX_LENGTH, IAM_AUTH_REDIS_VERSION, userIdProblem } from '../spec';

/** At most 100 users per user group (ElastiCache User Guide, quota-limits). */
const MAX_USERS = 100;

/** The user name ElastiCache requires in every Redis user group (CreateUserGroup `DefaultUserRequired`). */
const DEFAULT_USER_NAME = 'default';

/** Properties of a `UserGroup`. */
export interface UserGroupProps {
  /**
   * The engine of the group. Redis OSS caches accept only Redis user groups; Valkey caches
   * accept both.
   * @default EngineType.VALKEY
   */
  readonly engine?: EngineType;
  /**
   * The users of the group (at most 100, unique user names). A Redis group without a user
   * named `default` gets a disabled default user (`off -@all`) from the library.
   * @default - no users (add them with `addUser()`)
   */
  readonly users?: IUser[];
  /**
   * The user group id (lowercase letters, digits and hyphens, starting with a letter).
   * @default - a unique id of at most 40 characters generated from the construct path
   */
  readonly userGroupId?: string;
}

/** Attributes to import an existing user group. */
export interface UserGroupAttributes {
  /** The user group id. */
  readonly userGroupId: string;
  /**
   * The engine of the group.
   * @default - unknown (replication groups skip the engine compatibility check)
   */
  readonly engine?: EngineType;
}

/**
 * An RBAC user group: the users a replication group authenticates.
 *
 * A Redis user group must hold a user named `default` (ElastiCache `DefaultUserRequired`).
 * When none is given, the group adds a disabled one (`off -@all`, user id `<group>-default`),
 * so the cache is closed to clients that do not authenticate as one of your users
 * (ElastiCache User Guide, Clusters.RBAC, "Applying RBAC to a cache": replace the default user).
 *
 * @resource AWS::ElastiCache::UserGroup
 */
export class UserGroup extends Resource implements IUserGroup {
  /** Imports a user group by its id. */
  public static fromUserGroupId(scope: Construct, id: string, userGroupId: string): IUserGroup {
    return UserGroup.fromUserGroupAttributes(scope, id, { userGroupId });
  }

  /** Imports a user group by its ARN. */
  public static fromUserGroupArn(scope: Construct, id: string, userGroupArn: string): IUserGroup {
    const userGroupId = Stack.of(scope).splitArn(userGroupArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
    return UserGroup.fromUserGroupAttributes(scope, id, { userGroupId });
  }

  /** Imports a user group by its attributes. */
  public static fromUserGroupAttributes(scope: Construct, id: string, attrs: UserGroupAttributes): IUserGroup {
    return new ImportedUserGroup(scope, id, attrs);
  }

  public readonly userGroupId: string;
  public readonly engine?: EngineType;
  private _defaultUser?: IUser;
  private readonly _users: IUser[] = [];

  constructor(scope: Construct, id: string, props: UserGroupProps = {}) {
    super(scope, id);
    this.engine = props.engine ?? EngineType.VALKEY;
    // CFN AWS::ElastiCache::UserGroup Engine ∈ {redis, valkey}.
    throwAll(this, [
      ['UserGroup.Engine', this.engine === EngineType.MEMCACHED
        ? `engine must be EngineType.VALKEY or EngineType.REDIS, got ${show(this.engine)}; Memcached caches cannot use user groups` : undefined],
      ['UserGroup.Id', props.userGroupId !== undefined && !Token.isUnresolved(props.userGroupId) ? userIdProblem('userGroupId', props.userGroupId) : undefined],
    ]);
    this.userGroupId = props.userGroupId ?? Lazy.string({
      produce: () => {
        const generated = Names.uniqueResourceName(this, { maxLength: GENERATED_USER_ID_MAX_LENGTH }).toLowerCase().replace(/[^a-z0-9-]/g, '');
        return /^[a-z]/.test(generated) ? generated : `g${generated.slice(0, 39)}`;
      },
    });

    for (const user of props.users ?? []) this._users.push(user);
    if (this.engine === EngineType.REDIS && !this._users.some((u) => u.userName === DEFAULT_USER_NAME)) {
      // Disabled default user: no password (nobody can log in as an `off` user), no command, no key.
      this._defaultUser = new NoPasswordUser(this, 'DefaultUser', {
        engine: EngineType.REDIS,
        userName: DEFAULT_USER_NAME,
        accessString: AccessString.disabled(),
      });
    }

    new CfnUserGroup(this, 'Resource', {
      userGroupId: this.userGroupId,
      engine: this.engine,
      // Refs of the users defined here (CFN then creates them first), ids of imported users.
      userIds: Lazy.list({ produce: () => this.users.map((u) => (u.node.defaultChild instanceof CfnUser ? u.node.defaultChild.ref : u.userId)) }),
    });
    this.node.addValidation({ validate: () => this.validateUsers() });
  }

  /** The ARN of the user group. */
  public get userGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache', resource: 'usergroup', resourceName: this.userGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  /** The disabled `default` user the library added, when the Redis group has no user named `default`. */
  public get defaultUser(): IUser | undefined {
    return this._defaultUser;
  }

  /** The users of the group, the library's disabled default user included. */
  public get users(): IUser[] {
    return this._defaultUser ? [this._defaultUser, ...this._users] : [...this._users];
  }

  /**
   * Adds a user to the group. Checked when the app synthesizes (user names unique, at most 100
   * users, engines). Adding a user named `default` to a Redis group removes the disabled
   * default user the library added.
   */
  public addUser(user: IUser): void {
    this._users.push(user);
    if (user.userName === DEFAULT_USER_NAME && this._defaultUser) {
      this.node.tryRemoveChild('DefaultUser');
      this._defaultUser = undefined;
    }
  }

  /**
   * The lowest Redis OSS version the users' access strings and authentication need
   * (IAM: 7.0; see `AccessString.minimumRedisVersion`).
   * @internal
   */
  public _requiredRedisVersion(): { version: string; reason: string } | undefined {
    let result: { version: string; reason: string } | undefined;
    for (const user of this.users) {
      const access = user.accessString;
      if (access && access.versionFeature && (!result || access.minimumRedisVersion > result.version)) {
        result = { version: access.minimumRedisVersion, reason: `user ${show(user.userName ?? user.userId)} uses ${access.versionFeature} in its access string` };
      }
      if (user.authenticationType === UserAuthenticationType.IAM && (!result || IAM_AUTH_REDIS_VERSION > result.version)) {
        result = { version: IAM_AUTH_REDIS_VERSION, reason: `user ${show(user.userName ?? user.userId)} authenticates with IAM` };
      }
    }
    return result;
  }

  private validateUsers(): string[] {
    const errors: string[] = [];
    const users = this.users;
    const at = ` (at ${this.node.path})`;
    // Users per user group ≤ 100 (User Guide quota-limits).
    if (users.length > MAX_USERS) {
      errors.push(`[UserGroup.UserCount] a user group holds at most ${MAX_USERS} users, got ${users.length}${at}`);
    }
    // DuplicateUserNameFault (botocore CreateUserGroup).
    const seen = new Set<string>();
    for (const user of users) {
      const name = user.userName;
      if (name === undefined || Token.isUnresolved(name)) continue;
      if (seen.has(name)) errors.push(`[UserGroup.DuplicateUserName] user names must be unique in a user group, got ${show(name)} twice${at}`);
      seen.add(name);
    }
    for (const user of users) {
      // A Redis user group may only contain Redis users (botocore CreateUserGroup; aws-elasticache-alpha user-group.ts).
      if (this.engine === EngineType.REDIS && user.engine === EngineType.VALKEY) {
        errors.push(`[UserGroup.UserEngine] a Redis user group holds only Redis users, got user ${show(user.userName ?? user.userId)} of engine 'valkey'${at}`);
      }
      // Valkey user groups hold only users with password or IAM authentication (User Guide Clusters.RBAC).
      if (this.engine === EngineType.VALKEY && user.authenticationType === UserAuthenticationType.NO_PASSWORD) {
        errors.push(`[UserGroup.NoPasswordUser] a Valkey user group holds only users with password or IAM authentication, got no-password user ${show(user.userName ?? user.userId)}${at}`);
      }
    }
    return errors;
  }
}

class ImportedUserGroup extends Resource implements IUserGroup {
  public readonly userGroupId: string;
  public readonly engine?: EngineType;
  constructor(scope: Construct, id: string, attrs: UserGroupAttributes) {
    super(scope, id);
    this.userGroupId = attrs.userGroupId;
    this.engine = attrs.engine;
  }

  public get userGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache', resource: 'usergroup', resourceName: this.userGroupId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
