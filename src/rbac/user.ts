import { ArnFormat, Duration, IResource, Lazy, Names, Resource, SecretValue, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnUser } from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { AccessString } from './access-string';
import { CacheSecretRotation, RotationTargetType } from '../auth/rotation/secret-rotation';
import { EngineType } from '../engine';
import { show, validationError } from '../private/errors';
import { throwAll } from '../private/validation';
import { GENERATED_USER_ID_MAX_LENGTH, USER_PASSWORDS_MAX, userIdProblem, userPasswordProblem } from '../spec';

/** How an RBAC user authenticates. */
export enum UserAuthenticationType {
  /** One or two passwords. */
  PASSWORD = 'password',
  /** An IAM SigV4 token (`elasticache:Connect`); Valkey or Redis OSS 7.0+. */
  IAM = 'iam',
  /** No password (Redis engine users only). */
  NO_PASSWORD = 'no-password-required',
}

/** An ElastiCache RBAC user, defined here or imported. */
export interface IUser extends IResource {
  /**
   * The user id.
   * @attribute
   */
  readonly userId: string;
  /**
   * The ARN of the user.
   * @attribute
   */
  readonly userArn: string;
  /**
   * The user name clients log in with, when known.
   */
  readonly userName?: string;
  /**
   * The engine of the user (`valkey` or `redis`), when known.
   */
  readonly engine?: EngineType;
  /**
   * How the user authenticates, when known.
   */
  readonly authenticationType?: UserAuthenticationType;
  /**
   * The access string, when known.
   */
  readonly accessString?: AccessString;
}

/** Attributes to import an existing user. */
export interface UserAttributes {
  /** The user id. */
  readonly userId: string;
  /**
   * The user name.
   * @default - unknown (duplicate and `default` checks of user groups skip this user)
   */
  readonly userName?: string;
  /**
   * The engine of the user.
   * @default - unknown
   */
  readonly engine?: EngineType;
  /**
   * How the user authenticates.
   * @default - unknown
   */
  readonly authenticationType?: UserAuthenticationType;
}

/** Properties every user has. */
export interface UserBaseProps {
  /**
   * What the user may do.
   */
  readonly accessString: AccessString;
  /**
   * The user id (lowercase letters, digits and hyphens, starting with a letter).
   * @default - a unique id generated from the construct path
   */
  readonly userId?: string;
  /**
   * The engine of the user. Redis OSS caches accept only user groups of Redis users;
   * Valkey caches accept both.
   * @default EngineType.VALKEY
   */
  readonly engine?: EngineType;
}

/** What defined and imported users share. */
export abstract class UserBase extends Resource implements IUser {
  /** Imports a user by its attributes. */
  public static fromUserAttributes(scope: Construct, id: string, attrs: UserAttributes): IUser {
    return new ImportedUser(scope, id, attrs);
  }

  /** Imports a user by its id. */
  public static fromUserId(scope: Construct, id: string, userId: string): IUser {
    return new ImportedUser(scope, id, { userId });
  }

  /** Imports a user by its ARN. */
  public static fromUserArn(scope: Construct, id: string, userArn: string): IUser {
    const userId = Stack.of(scope).splitArn(userArn, ArnFormat.COLON_RESOURCE_NAME).resourceName!;
    return new ImportedUser(scope, id, { userId });
  }

  public abstract readonly userId: string;
  public abstract readonly userName?: string;
  public abstract readonly engine?: EngineType;
  public abstract readonly authenticationType?: UserAuthenticationType;
  public abstract readonly accessString?: AccessString;

  /** The ARN of the user. */
  public get userArn(): string {
    return Stack.of(this).formatArn({
      service: 'elasticache', resource: 'user', resourceName: this.userId, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}

class ImportedUser extends UserBase {
  public readonly userId: string;
  public readonly userName?: string;
  public readonly engine?: EngineType;
  public readonly authenticationType?: UserAuthenticationType;
  public readonly accessString?: AccessString;
  constructor(scope: Construct, id: string, attrs: UserAttributes) {
    super(scope, id);
    this.userId = attrs.userId;
    this.userName = attrs.userName;
    this.engine = attrs.engine;
    this.authenticationType = attrs.authenticationType;
  }
}

/** Common construction of the three user kinds. */
abstract class OwnedUser extends UserBase {
  public readonly userId: string;
  public readonly engine?: EngineType;
  public readonly accessString?: AccessString;
  protected readonly resource: CfnUser;

  protected constructor(scope: Construct, id: string, props: UserBaseProps, render: (user: OwnedUser, userId: string) => {
    userName: string; authenticationMode: { Type: string; Passwords?: string[] }; noPasswordRequired?: boolean;
  }) {
    super(scope, id);
    this.engine = props.engine ?? EngineType.VALKEY;
    this.accessString = props.accessString;
    // CFN AWS::ElastiCache::User Engine ∈ {redis, valkey} (elasticache-rules.md §1.8).
    // UserId: `[a-z][a-z0-9-]*` in the CFN schema (botocore: `[a-zA-Z][a-zA-Z0-9-]*`, stored lowercase).
    throwAll(this, [
      ['User.Engine', this.engine === EngineType.MEMCACHED
        ? `engine must be EngineType.VALKEY or EngineType.REDIS, got ${show(this.engine)}; Memcached has no RBAC users` : undefined],
      ['User.Id', props.userId !== undefined && !Token.isUnresolved(props.userId) ? userIdProblem('userId', props.userId) : undefined],
    ]);
    this.userId = props.userId ?? generatedId(this);
    const rendered = render(this, this.userId);
    this.resource = new CfnUser(this, 'Resource', {
      userId: this.userId,
      userName: rendered.userName,
      engine: this.engine,
      accessString: this.accessString.value,
      // AuthenticationMode is JSON-typed in the L1: CloudFormation's own key casing.
      authenticationMode: rendered.authenticationMode,
      noPasswordRequired: rendered.noPasswordRequired,
    });
  }
}

/** Properties of a `PasswordUser`. */
export interface PasswordUserProps extends UserBaseProps {
  /**
   * The user name clients log in with (`AUTH <userName> <password>`). Use `default` to
   * replace the built-in default user of a group.
   * @default - the user id
   */
  readonly userName?: string;
  /**
   * One or two passwords (16-128 characters, no comma, double quote, slash or at sign). Two passwords let clients
   * move from one to the other without a failed login. Never pass plaintext: use
   * `SecretValue.secretsManager(...)`.
   * @default - one password generated into Secrets Manager and rotated
   */
  readonly passwords?: SecretValue[];
  /**
   * The KMS key encrypting the generated password.
   * @default - a new customer-managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * How often the generated password is rotated; `Duration.days(0)` turns rotation off.
   * @default Duration.days(30)
   */
  readonly passwordRotation?: Duration;
  /**
   * The VPC the rotation function runs in (the cache's VPC). Required when the password is
   * generated and rotated.
   * @default - none
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The subnets of the rotation function.
   * @default - private subnets with egress, else isolated subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/**
 * An RBAC user authenticating with one or two passwords.
 *
 * By default the password is generated into a KMS-encrypted Secrets Manager secret
 * (`{ username, userId, password }`) and rotated every 30 days with two-password overlap.
 *
 * @resource AWS::ElastiCache::User
 */
export class PasswordUser extends OwnedUser {
  public readonly userName?: string;
  public readonly authenticationType?: UserAuthenticationType = UserAuthenticationType.PASSWORD;
  /** The secret holding the generated password, when generated. */
  public readonly passwordSecret?: secretsmanager.ISecret;
  /** The key encrypting the generated password, when generated. */
  public readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: PasswordUserProps) {
    let secret: secretsmanager.Secret | undefined;
    let key: kms.IKey | undefined;
    const self = { userName: '' };
    super(scope, id, props, (user, userId) => {
      self.userName = props.userName ?? userId;
      return { userName: self.userName, authenticationMode: { Type: 'password', Passwords: passwordsOf(user, props, userId, self.userName) } };
    });
    this.userName = self.userName;

    function passwordsOf(user: Construct, p: PasswordUserProps, userId: string, userName: string): string[] {
      if (p.passwords !== undefined) {
        validatePasswords(user, p.passwords);
        return p.passwords.map((pw) => pw.unsafeUnwrap());
      }
      key = p.encryptionKey ?? new kms.Key(user, 'Key', { description: `Encrypts the password of ElastiCache user ${user.node.path}`, enableKeyRotation: true });
      secret = new secretsmanager.Secret(user, 'Password', {
        description: `Password of ElastiCache user ${user.node.path}`,
        encryptionKey: key,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ username: userName, userId }),
          generateStringKey: 'password',
          passwordLength: 64,
          // Letters and digits: user passwords reject , " / @ (botocore CreateUser Passwords).
          excludePunctuation: true,
          includeSpace: false,
        },
      });
      return [secret.secretValueFromJson('password').unsafeUnwrap()];
    }

    this.passwordSecret = secret;
    this.encryptionKey = key;
    if (secret) {
      const rotation = props.passwordRotation ?? Duration.days(30);
      const days = rotation.toDays({ integral: false });
      // Secrets Manager schedules: 1-1000 days (AWS::SecretsManager::RotationSchedule).
      throwAll(this, [
        ['User.PasswordRotation', days !== 0 && (days < 1 || days > 1000 || !Number.isInteger(days))
          ? `passwordRotation must be a whole number of days between 1 and 1000 (or 0 to turn it off), got ${days} days` : undefined],
        ['User.RotationVpc', days !== 0 && !props.vpc
          ? 'a generated password is rotated by a Lambda function in the cache VPC: give vpc (and vpcSubnets), or set passwordRotation: Duration.days(0)'
          : undefined],
      ]);
      if (days > 0 && props.vpc) {
        userPasswordRotation(this, props.vpc, props.vpcSubnets).addSecret('Rotation', secret, {
          automaticallyAfter: rotation,
          userArn: this.userArn,
        });
      }
    } else if (props.passwordRotation !== undefined) {
      throw validationError(this, 'User.PasswordRotation', 'passwordRotation applies to generated passwords only; remove it or remove passwords');
    }
  }
}

/** Properties of an `IamUser`. */
export interface IamUserProps extends UserBaseProps {}

/**
 * An RBAC user authenticating with IAM (`elasticache:Connect`, SigV4 token valid 15 minutes).
 * Its user name is its user id. Needs Valkey or Redis OSS 7.0+.
 *
 * @resource AWS::ElastiCache::User
 */
export class IamUser extends OwnedUser {
  public readonly userName?: string;
  public readonly authenticationType?: UserAuthenticationType = UserAuthenticationType.IAM;

  constructor(scope: Construct, id: string, props: IamUserProps) {
    // "For IAM authentication, userName must be equal to userId" (User Guide auth-iam; aws-elasticache-alpha iam-user.ts).
    super(scope, id, props, (_user, userId) => ({ userName: userId, authenticationMode: { Type: 'iam' } }));
    this.userName = this.userId;
  }

  /**
   * Grants `elasticache:Connect` on this user. IAM authentication needs it on both the user and
   * the cache: also call `cache.grantConnect(grantee)` (User Guide auth-iam).
   */
  public grantConnect(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.userArn] });
  }
}

/** Properties of a `NoPasswordUser`. */
export interface NoPasswordUserProps extends UserBaseProps {
  /**
   * The user name.
   * @default - the user id
   */
  readonly userName?: string;
}

/**
 * An RBAC user without password (Redis engine only). Anyone reaching the cache can log in as
 * this user: give it an `off` or narrow access string.
 *
 * @resource AWS::ElastiCache::User
 */
export class NoPasswordUser extends OwnedUser {
  public readonly userName?: string;
  public readonly authenticationType?: UserAuthenticationType = UserAuthenticationType.NO_PASSWORD;

  constructor(scope: Construct, id: string, props: NoPasswordUserProps) {
    // "Valkey engine does not support no-password authentication." (aws-elasticache-alpha no-password-user.ts;
    // User Guide Clusters.RBAC: Valkey user groups only hold users with password or IAM).
    if ((props.engine ?? EngineType.VALKEY) !== EngineType.REDIS) {
      throw validationError(scope, 'User.NoPasswordEngine',
        `a user without password needs engine EngineType.REDIS, got ${show(props.engine ?? EngineType.VALKEY)}${props.engine === undefined ? ' (the default)' : ''}; Valkey users authenticate with a password or IAM (at user ${id})`);
    }
    let name = '';
    super(scope, id, props, (_user, userId) => {
      name = props.userName ?? userId;
      return { userName: name, authenticationMode: { Type: 'no-password-required' }, noPasswordRequired: true };
    });
    this.userName = name;
  }
}

function validatePasswords(scope: Construct, passwords: SecretValue[]): void {
  // CreateUser Passwords: up to two (src/spec/auth-token.ts).
  if (passwords.length < 1 || passwords.length > USER_PASSWORDS_MAX) {
    throw validationError(scope, 'User.PasswordCount', `passwords must hold 1 or 2 passwords, got ${passwords.length}`);
  }
  passwords.forEach((password, i) => {
    const value = password.unsafeUnwrap();
    if (Token.isUnresolved(value)) return;
    // The value itself is never echoed.
    const problem = userPasswordProblem(`passwords[${i}]`, value);
    if (problem) throw validationError(scope, 'User.PasswordFormat', problem);
  });
}

/** A lowercase unique id of at most 40 characters that starts with a letter. */
function generatedId(scope: Construct): string {
  return Lazy.string({
    produce: () => {
      const id = Names.uniqueResourceName(scope, { maxLength: GENERATED_USER_ID_MAX_LENGTH }).toLowerCase().replace(/[^a-z0-9-]/g, '');
      return /^[a-z]/.test(id) ? id : `u${id.slice(0, 39)}`;
    },
  });
}

/** One user-password rotation function per stack and VPC, shared by every generated password. */
function userPasswordRotation(scope: Construct, vpc: ec2.IVpc, vpcSubnets?: ec2.SubnetSelection): CacheSecretRotation {
  const stack = Stack.of(scope);
  const id = `CacheUserPasswordRotation${vpc.node.addr.slice(0, 8)}`;
  const existing = stack.node.tryFindChild(id) as CacheSecretRotation | undefined;
  return existing ?? new CacheSecretRotation(stack, id, {
    targetType: RotationTargetType.USER_PASSWORD,
    vpc,
    vpcSubnets,
  });
}
