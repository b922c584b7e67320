import { Duration, SecretValue } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CacheEngine, EngineType } from '../../src/engine';
import { RedisEngineVersion } from '../../src/engine-version';
import { NodeType } from '../../src/node-type';
import { RBAC_AEC6_REASON } from '../../src/private/nag';
import { AccessString } from '../../src/rbac/access-string';
import { IamUser, NoPasswordUser, PasswordUser, UserAuthenticationType, UserBase } from '../../src/rbac/user';
import { UserGroup } from '../../src/rbac/user-group';
import { TransitEncryptionMode } from '../../src/replication-group/options';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { stackWithVpc } from '../helpers/stack';

const USER = 'AWS::ElastiCache::User';
const GROUP = 'AWS::ElastiCache::UserGroup';
const RG = 'AWS::ElastiCache::ReplicationGroup';

function appUsers(engine: EngineType) {
  const { app, stack, vpc } = stackWithVpc({ flowLogs: true });
  const appUser = new PasswordUser(stack, 'AppUser', { engine, userId: `app-${engine}`, accessString: AccessString.readWrite('app:'), vpc });
  const analytics = new PasswordUser(stack, 'Analytics', { engine, userId: `analytics-${engine}`, accessString: AccessString.readOnly('app:'), vpc });
  const iamUser = new IamUser(stack, 'IamUser', { engine, userId: `iam-${engine}`, accessString: AccessString.readOnly('app:') });
  const group = new UserGroup(stack, 'Users', { engine, users: [appUser, analytics, iamUser] });
  return { app, stack, vpc, appUser, analytics, iamUser, group };
}

describe.each([
  ['valkey', EngineType.VALKEY, undefined],
  ['redis', EngineType.REDIS, CacheEngine.redis(RedisEngineVersion.VER_7_1)],
])('%s replication group with a user group', (_name, engine, cacheEngine) => {
  const { stack, vpc, group } = appUsers(engine);
  const cache = new ReplicationGroup(stack, 'Cache', { vpc, engine: cacheEngine, userGroup: group });
  const template = Template.fromStack(stack);
  const json = JSON.stringify(template.toJSON());

  test('the group authenticates with RBAC, not an AUTH token', () => {
    template.hasResourceProperties(RG, {
      UserGroupIds: [Match.anyValue()],
      AuthToken: Match.absent(),
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
    });
    expect(cache.authTokenSecret).toBeUndefined();
    expect(cache.authTokenRotation).toBeUndefined();
    expect(cache.userGroup).toBe(group);
  });

  test('users: read-write app, read-only analytics, IAM', () => {
    template.hasResourceProperties(USER, {
      UserId: `app-${engine}`,
      UserName: `app-${engine}`,
      Engine: engine,
      AccessString: 'on ~app:* resetchannels &app:* -@all +@read +@write +@connection +@transaction +@pubsub -@scripting -@dangerous +eval +evalsha +script|load +script|exists +asking +readonly +readwrite +cluster|info +cluster|slots +cluster|shards +cluster|nodes +info',
      AuthenticationMode: { Type: 'password', Passwords: [Match.anyValue()] },
    });
    template.hasResourceProperties(USER, {
      UserId: `analytics-${engine}`, AccessString: 'on ~app:* -@all +@read +@connection +@transaction -@dangerous +asking +readonly +readwrite +cluster|info +cluster|slots +cluster|shards +cluster|nodes +info',
    });
    template.hasResourceProperties(USER, {
      UserId: `iam-${engine}`, UserName: `iam-${engine}`, AuthenticationMode: { Type: 'iam' },
    });
  });

  test('passwords are Secrets Manager dynamic references, never values', () => {
    const users = Object.values(template.findResources(USER, { Properties: { AuthenticationMode: { Type: 'password' } } }));
    expect(users).toHaveLength(2);
    for (const user of users) {
      for (const password of user.Properties.AuthenticationMode.Passwords) {
        expect(JSON.stringify(password)).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:password::\}\}/);
      }
    }
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', PasswordLength: 64, ExcludePunctuation: true }),
      KmsKeyId: Match.anyValue(),
    });
    expect(json).not.toMatch(/"Passwords":\["[^{]/);
  });

  test('generated passwords rotate through one shared function', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 2);
    // one rotation function for every user password of the stack and VPC (plus the VPC's own custom resource function)
    expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { TARGET: 'user' } } } }))).toHaveLength(1);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ TARGET: 'user' }) } });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['elasticache:ModifyUser', 'elasticache:DescribeUsers'] })]) },
    });
  });

  test('AwsSolutions-AEC6 is acknowledged on the replication group with its reason', () => {
    const md = JSON.stringify(cache.node.findChild('Resource').node.metadata);
    expect(md).toContain('AwsSolutions-AEC6');
    expect(md).toContain(RBAC_AEC6_REASON);
  });
});

describe('Redis user group default user', () => {
  test('a disabled default user is added when the group has none', () => {
    const { stack } = appUsers(EngineType.REDIS);
    const template = Template.fromStack(stack);
    template.hasResourceProperties(USER, {
      UserName: 'default',
      UserId: Match.stringLikeRegexp('^[a-z][a-z0-9-]*$'),
      Engine: 'redis',
      AccessString: 'off -@all',
      AuthenticationMode: { Type: 'no-password-required' },
    });
    const defaultUser = Object.values(template.findResources(USER, { Properties: { UserName: 'default' } }))[0];
    expect(defaultUser.Properties.UserId).not.toBe('default');
    const group = Object.values(template.findResources(GROUP))[0];
    expect(group.Properties.UserIds).toHaveLength(4);
  });

  test('no default user is added when the group has one, or to a Valkey group', () => {
    const { stack } = stackWithVpc();
    const mine = new NoPasswordUser(stack, 'Mine', { engine: EngineType.REDIS, userName: 'default', userId: 'my-default', accessString: AccessString.disabled() });
    new UserGroup(stack, 'Redis', { engine: EngineType.REDIS, users: [mine] });
    new UserGroup(stack, 'Valkey', { users: [] });
    Template.fromStack(stack).resourceCountIs(USER, 1);
  });

  test('addUser() of a user named default removes the disabled default user', () => {
    const { stack } = stackWithVpc();
    const group = new UserGroup(stack, 'Redis', { engine: EngineType.REDIS });
    expect(group.defaultUser).toBeDefined();
    group.addUser(new NoPasswordUser(stack, 'Mine', { engine: EngineType.REDIS, userName: 'default', accessString: AccessString.disabled() }));
    expect(group.defaultUser).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs(USER, 1);
    template.hasResourceProperties(GROUP, { UserIds: [{ Ref: Match.stringLikeRegexp('^Mine') }], Engine: 'redis' });
  });
});

describe('user defaults and overrides', () => {
  test('given passwords are used as they are, without secret or rotation', () => {
    const { stack } = stackWithVpc();
    const user = new PasswordUser(stack, 'U', {
      userId: 'u1',
      userName: 'alice',
      accessString: AccessString.readOnly(''),
      passwords: [SecretValue.secretsManager('alice-1'), SecretValue.secretsManager('alice-2')],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(USER, {
      UserId: 'u1',
      UserName: 'alice',
      Engine: 'valkey',
      AuthenticationMode: { Type: 'password', Passwords: ['{{resolve:secretsmanager:alice-1:SecretString:::}}', '{{resolve:secretsmanager:alice-2:SecretString:::}}'] },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    expect(user.passwordSecret).toBeUndefined();
    expect(user.authenticationType).toBe(UserAuthenticationType.PASSWORD);
  });

  test('passwordRotation: Duration.days(0) keeps the generated password without rotation and without vpc', () => {
    const { stack } = stackWithVpc();
    const user = new PasswordUser(stack, 'U', { accessString: AccessString.readOnly(''), passwordRotation: Duration.days(0) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
    expect(user.passwordSecret).toBeDefined();
    template.hasResourceProperties(USER, { UserId: Match.stringLikeRegexp('^[a-z][a-z0-9]{0,39}$') });
  });

  test('custom rotation interval', () => {
    const { stack, vpc } = stackWithVpc();
    new PasswordUser(stack, 'U', { accessString: AccessString.readOnly(''), vpc, passwordRotation: Duration.days(7) });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });

  test('grantConnect on the IAM user and on the cache', () => {
    const { stack, vpc } = stackWithVpc();
    const user = new IamUser(stack, 'U', { userId: 'svc', accessString: AccessString.readOnly('') });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, userGroup: new UserGroup(stack, 'G', { users: [user] }) });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    user.grantConnect(role);
    cache.grantConnect(role);
    const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    expect(policy).toContain(':elasticache:us-east-1:123456789012:user:svc');
    expect(policy).toContain(':elasticache:us-east-1:123456789012:replicationgroup:');
    expect(policy.match(/elasticache:Connect/g)?.length).toBe(2);
  });

  test('imports', () => {
    const { stack } = stackWithVpc();
    const u = UserBase.fromUserAttributes(stack, 'U', { userId: 'existing', userName: 'default', engine: EngineType.REDIS });
    expect(u.userArn).toContain(':user:existing');
    expect(UserBase.fromUserArn(stack, 'U2', 'arn:aws:elasticache:us-east-1:123456789012:user:other').userId).toBe('other');
    const g = UserGroup.fromUserGroupId(stack, 'G', 'existing-group');
    expect(g.userGroupArn).toContain(':usergroup:existing-group');
    expect(UserGroup.fromUserGroupArn(stack, 'G2', 'arn:aws:elasticache:us-east-1:123456789012:usergroup:grp').userGroupId).toBe('grp');
    expect(UserGroup.fromUserGroupAttributes(stack, 'G3', { userGroupId: 'x', engine: EngineType.REDIS }).engine).toBe(EngineType.REDIS);
    // An imported `default` user satisfies a Redis group.
    const group = new UserGroup(stack, 'Redis', { engine: EngineType.REDIS, users: [u] });
    expect(group.defaultUser).toBeUndefined();
  });
});

describe('validation (elasticache-rules.md §1.8)', () => {
  const access = AccessString.readOnly('app:');
  test.each([
    ['User.Engine', (s: any) => new IamUser(s, 'U', { engine: EngineType.MEMCACHED, accessString: access }),
      "[User.Engine] engine must be EngineType.VALKEY or EngineType.REDIS, got 'memcached'; Memcached has no RBAC users (at TestStack/U)"],
    ['User.Id', (s: any) => new IamUser(s, 'U', { userId: 'Bad_Id', accessString: access }),
      "[User.Id] userId must start with a lowercase letter and contain only lowercase letters, digits and hyphens, got 'Bad_Id' (at TestStack/U)"],
    ['User.PasswordCount', (s: any) => new PasswordUser(s, 'U', { accessString: access, passwords: [] }),
      '[User.PasswordCount] passwords must hold 1 or 2 passwords, got 0 (at TestStack/U)'],
    ['User.PasswordCount (3)', (s: any) => new PasswordUser(s, 'U', { accessString: access, passwords: [1, 2, 3].map((i) => SecretValue.secretsManager(`p${i}`)) }),
      '[User.PasswordCount] passwords must hold 1 or 2 passwords, got 3 (at TestStack/U)'],
    ['User.PasswordFormat (short)', (s: any) => new PasswordUser(s, 'U', { accessString: access, passwords: [SecretValue.unsafePlainText('short')] }),
      '[User.PasswordFormat] passwords[0] must be 16-128 printable characters without , " / @, got a value of 5 characters (at TestStack/U)'],
    ['User.PasswordFormat (@)', (s: any) => new PasswordUser(s, 'U', { accessString: access, passwords: [SecretValue.unsafePlainText('abcdefghijklmnop@')] }),
      '[User.PasswordFormat] passwords[0] must be 16-128 printable characters without , " / @, got a value of 17 characters with a forbidden character (at TestStack/U)'],
    ['User.RotationVpc', (s: any) => new PasswordUser(s, 'U', { accessString: access }),
      '[User.RotationVpc] a generated password is rotated by a Lambda function in the cache VPC: give vpc (and vpcSubnets), or set passwordRotation: Duration.days(0) (at TestStack/U)'],
    ['User.PasswordRotation', (s: any) => new PasswordUser(s, 'U', { accessString: access, passwordRotation: Duration.hours(5) }),
      '[User.PasswordRotation] passwordRotation must be a whole number of days between 1 and 1000 (or 0 to turn it off), got 0.20833333333333334 days (at TestStack/U)'],
    ['User.NoPasswordEngine', (s: any) => new NoPasswordUser(s, 'U', { accessString: access }),
      "[User.NoPasswordEngine] a user without password needs engine EngineType.REDIS, got 'valkey' (the default); Valkey users authenticate with a password or IAM (at user U) (at TestStack)"],
    ['UserGroup.Engine', (s: any) => new UserGroup(s, 'G', { engine: EngineType.MEMCACHED }),
      "[UserGroup.Engine] engine must be EngineType.VALKEY or EngineType.REDIS, got 'memcached'; Memcached caches cannot use user groups (at TestStack/G)"],
    ['UserGroup.Id', (s: any) => new UserGroup(s, 'G', { userGroupId: '1group' }),
      "[UserGroup.Id] userGroupId must start with a lowercase letter and contain only lowercase letters, digits and hyphens, got '1group' (at TestStack/G)"],
  ])('%s', (_code, build, message) => {
    const { stack } = stackWithVpc();
    expect(() => build(stack)).toThrow(message);
  });

  test.each([
    ['UserGroup.DuplicateUserName', (s: any) => {
      const g = new UserGroup(s, 'G');
      g.addUser(new IamUser(s, 'A', { userId: 'same', accessString: access }));
      g.addUser(UserBase.fromUserAttributes(s, 'B', { userId: 'other', userName: 'same' }));
    }, "[UserGroup.DuplicateUserName] user names must be unique in a user group, got 'same' twice (at TestStack/G)"],
    ['UserGroup.UserCount', (s: any) => {
      const g = new UserGroup(s, 'G');
      for (let i = 0; i < 101; i++) g.addUser(UserBase.fromUserAttributes(s, `U${i}`, { userId: `u${i}`, userName: `u${i}` }));
    }, '[UserGroup.UserCount] a user group holds at most 100 users, got 101 (at TestStack/G)'],
    ['UserGroup.UserEngine', (s: any) => new UserGroup(s, 'G', { engine: EngineType.REDIS, users: [new IamUser(s, 'A', { userId: 'v', accessString: access })] }),
      "[UserGroup.UserEngine] a Redis user group holds only Redis users, got user 'v' of engine 'valkey' (at TestStack/G)"],
    ['UserGroup.NoPasswordUser', (s: any) => new UserGroup(s, 'G', { users: [new NoPasswordUser(s, 'A', { engine: EngineType.REDIS, userId: 'np', accessString: access })] }),
      "[UserGroup.NoPasswordUser] a Valkey user group holds only users with password or IAM authentication, got no-password user 'np' (at TestStack/G)"],
  ])('%s (checked at synth, also after addUser)', (_code, build, message) => {
    const { stack } = stackWithVpc();
    build(stack);
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  const redisGroup = (s: any) => new UserGroup(s, 'G', { engine: EngineType.REDIS });
  test.each([
    ['ReplicationGroup.AuthTokenWithUserGroup (authTokenEnabled)', { authTokenEnabled: true },
      '[ReplicationGroup.AuthTokenWithUserGroup] userGroup was given together with an AUTH token (authTokenEnabled: true); a replication group authenticates with either an AUTH token or an RBAC user group: remove authToken/authTokenEnabled (at TestStack/Cache)'],
    ['ReplicationGroup.AuthTokenWithUserGroup (authToken)', { authTokenEnabled: true, authToken: SecretValue.secretsManager('t') },
      '[ReplicationGroup.AuthTokenWithUserGroup] userGroup was given together with an AUTH token (authToken); a replication group authenticates with either an AUTH token or an RBAC user group: remove authToken/authTokenEnabled (at TestStack/Cache)'],
    ['ReplicationGroup.UserGroupTransit', { transitEncryption: false },
      '[ReplicationGroup.UserGroupTransit] userGroup needs transitEncryption: true (RBAC requires in-transit encryption) (at TestStack/Cache)'],
    ['ReplicationGroup.PreferredWithUserGroup', { transitEncryptionMode: TransitEncryptionMode.PREFERRED },
      "[ReplicationGroup.PreferredWithUserGroup] transitEncryptionMode 'preferred' is not supported with an RBAC user group; use 'required' (at TestStack/Cache)"],
  ])('%s', (_code, props, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, userGroup: redisGroup(stack), ...props })).toThrow(message);
  });

  test('ReplicationGroup.UserGroupEngine: a Redis OSS cache rejects a Valkey user group', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_7_1), userGroup: new UserGroup(stack, 'G') }))
      .toThrow("[ReplicationGroup.UserGroupEngine] userGroup has engine 'valkey' but the cache runs redis 7.1; Redis OSS caches accept only user groups of engine 'redis' (at TestStack/Cache)");
  });

  test('ReplicationGroup.UserGroupEngineVersion: RBAC needs Redis OSS 6.0+', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.redis(RedisEngineVersion.of('5.0.6')), nodeType: NodeType.M5_LARGE, userGroup: redisGroup(stack) }))
      .toThrow('[ReplicationGroup.UserGroupEngineVersion] userGroup needs an engine with RBAC (Valkey 7.2+ or Redis OSS 6.0+), got redis 5.0.6 (at TestStack/Cache)');
  });

  test.each([
    ['IAM', (s: any) => new IamUser(s, 'U', { engine: EngineType.REDIS, userId: 'iam', accessString: access }),
      "[ReplicationGroup.UserGroupFeatures] userGroup needs Redis OSS 7.0+ because user 'iam' authenticates with IAM, got redis 6.2 (at TestStack/Cache)"],
    ['%R~', (s: any) => new PasswordUser(s, 'U', { engine: EngineType.REDIS, userId: 'r', accessString: AccessString.builder().readKeys('a:*').toAccessString(), passwordRotation: Duration.days(0) }),
      "[ReplicationGroup.UserGroupFeatures] userGroup needs Redis OSS 7.0+ because user 'r' uses %R~ in its access string, got redis 6.2 (at TestStack/Cache)"],
  ])('ReplicationGroup.UserGroupFeatures: %s needs Redis OSS 7.0+', (_f, user, message) => {
    const { stack, vpc } = stackWithVpc();
    const group = new UserGroup(stack, 'G', { engine: EngineType.REDIS, users: [user(stack)] });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_6_2), userGroup: group })).toThrow(message);
  });

  test('ReplicationGroup.UserGroupFeatures: the ready-made roles on Redis OSS 6.2 and 6.0', () => {
    const roles = (stack: any) => new UserGroup(stack, 'G', {
      engine: EngineType.REDIS,
      users: [
        new PasswordUser(stack, 'Rw', { engine: EngineType.REDIS, userId: 'rw', accessString: AccessString.readWrite('app:'), passwordRotation: Duration.days(0) }),
        new PasswordUser(stack, 'Ro', { engine: EngineType.REDIS, userId: 'ro', accessString: AccessString.readOnly('app:'), passwordRotation: Duration.days(0) }),
      ],
    });
    const ok = stackWithVpc();
    expect(() => new ReplicationGroup(ok.stack, 'Cache', { vpc: ok.vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_6_2), userGroup: roles(ok.stack) })).not.toThrow();
    const old = stackWithVpc();
    expect(() => new ReplicationGroup(old.stack, 'Cache', { vpc: old.vpc, engine: CacheEngine.redis(RedisEngineVersion.of('6.0')), nodeType: NodeType.M5_LARGE, userGroup: roles(old.stack) }))
      .toThrow("[ReplicationGroup.UserGroupFeatures] userGroup needs Redis OSS 6.2+ because user 'rw' uses resetchannels in its access string, got redis 6.0 (at TestStack/Cache)");
  });
});
