import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { client, errorOf, stateDir } from './helpers';
import { ReplicationGroup } from '../../src';
import { CfnTemplate, LocalEngine } from '../../src/local';

// Issue 14 point 1: AUTH token ROTATE/SET and RBAC users, user groups and passwords changed by a template update.

const T1 = 'token-one-0123456789';
const T2 = 'token-two-0123456789';
const T3 = 'token-three-0123456789';

function tokenGroup(token: string): CfnTemplate {
  return {
    Resources: {
      Tokened: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 't', Engine: 'valkey', NumCacheClusters: 2, AutomaticFailoverEnabled: true, TransitEncryptionEnabled: true, AuthToken: token },
      },
    },
  } as CfnTemplate;
}

/** Whether a new connection authenticates with `password` (as `username`, default: the default user). */
async function accepts(engine: LocalEngine, id: string, password: string, username?: string): Promise<boolean> {
  const c = engine.cache(id);
  const at = c.primary ?? c.nodes[0];
  const r = client(c, at, { password, username, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableReadyCheck: false });
  try {
    await r.connect();
    // Authenticated: the command answers, or is refused for want of permission (NOPERM), not for the password.
    return await r.exists('probe').then(() => true, (e: Error) => /NOPERM/.test(e.message));
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

describe('AUTH token', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await LocalEngine.start(tokenGroup(T1), { stateDir: stateDir() });
  }, 60_000);
  afterAll(() => engine?.stop());

  test('ROTATE (the default): old and new token valid, data and open connections kept; SET: only the new one', async () => {
    const c = engine.cache('Tokened');
    const open = client(c, c.primary!, { password: T1 });
    await open.set('kept', 'yes');
    await open.call('WAIT', '1', '2000');

    const rotated = await engine.update(tokenGroup(T2));
    expect(rotated.caches).toEqual([{ logicalId: 'Tokened', action: 'update', changes: ['AuthToken'] }]);
    expect(rotated.plan.resources[0].changes).toMatchObject([{ property: 'AuthToken', behavior: 'no-interruption', before: '(secret)', after: '(secret)' }]);
    expect(await accepts(engine, 'Tokened', T1)).toBe(true);
    expect(await accepts(engine, 'Tokened', T2)).toBe(true);
    expect(engine.cache('Tokened').authToken).toBe(T2);
    expect(await open.get('kept')).toBe('yes');

    await engine.update(tokenGroup(T3), { authTokenUpdateStrategy: 'SET' });
    expect(await accepts(engine, 'Tokened', T3)).toBe(true);
    expect(await accepts(engine, 'Tokened', T2)).toBe(false);
    expect(await accepts(engine, 'Tokened', T1)).toBe(false);
    // Every node, the replica too.
    const after = engine.cache('Tokened');
    const replica = client(after, after.nodes.find((n) => n.role === 'replica')!, { password: T3 });
    expect(await replica.get('kept')).toBe('yes');
    replica.disconnect();
    expect(await open.get('kept')).toBe('yes');
    open.disconnect();
  }, 120_000);

  test('adding an AuthToken to a group without one is a replacement (refused without allowReplacement)', async () => {
    const none = tokenGroup(T3);
    delete (none.Resources!.Tokened.Properties as Record<string, unknown>).AuthToken;
    const other = await LocalEngine.start(none, { stateDir: stateDir() });
    try {
      expect(await errorOf(other.update(tokenGroup(T1)))).toContain('Tokened (AWS::ElastiCache::ReplicationGroup) would be replaced (AuthToken)');
    } finally {
      await other.stop();
    }
  }, 60_000);
});

const PW = { app1: 'app-password-one-1234', app2: 'app-password-two-1234', reporter: 'reporter-password-1234', admin: 'admin-password-12345' };

function rbac(appPassword: string, withReporter: boolean, appAccess = 'on ~app:* +@all'): CfnTemplate {
  const user = (id: string, name: string, access: string, pw: string) => ({
    Type: 'AWS::ElastiCache::User',
    Properties: { UserId: id, UserName: name, Engine: 'valkey', AccessString: access, Passwords: [pw] },
  });
  return {
    Resources: {
      DefaultUser: user('def', 'default', 'on ~* +@all', PW.admin),
      AppUser: user('app', 'app', appAccess, appPassword),
      ...(withReporter ? { Reporter: user('rep', 'reporter', 'on ~* +@read', PW.reporter) } : {}),
      Group: {
        Type: 'AWS::ElastiCache::UserGroup',
        Properties: { UserGroupId: 'grp', Engine: 'valkey', UserIds: [{ Ref: 'DefaultUser' }, { Ref: 'AppUser' }, ...(withReporter ? [{ Ref: 'Reporter' }] : [])] },
      },
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 'r', Engine: 'valkey', NumCacheClusters: 2, AutomaticFailoverEnabled: true, TransitEncryptionEnabled: true, UserGroupIds: [{ Ref: 'Group' }] },
      },
    },
  } as CfnTemplate;
}

describe('RBAC users', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await LocalEngine.start(rbac(PW.app1, false), { stateDir: stateDir() });
  }, 60_000);
  afterAll(() => engine?.stop());

  test('a password changed (the old one fails), a user added then removed, an access string changed', async () => {
    const c = engine.cache('Cache');
    const app = client(c, c.primary!, { username: 'app', password: PW.app1 });
    await app.set('app:x', '1');

    const r = await engine.update(rbac(PW.app2, true));
    expect(r.caches).toEqual([{ logicalId: 'Cache', action: 'update', changes: ['users'] }]);
    expect(await accepts(engine, 'Cache', PW.app2, 'app')).toBe(true);
    expect(await accepts(engine, 'Cache', PW.app1, 'app')).toBe(false);
    expect(await accepts(engine, 'Cache', PW.reporter, 'reporter')).toBe(true);
    expect(engine.cache('Cache').users).toMatchObject({ app: PW.app2, reporter: PW.reporter });
    // The connection authenticated before the change stays.
    expect(await app.get('app:x')).toBe('1');
    const reporter = client(engine.cache('Cache'), engine.cache('Cache').nodes[1], { username: 'reporter', password: PW.reporter, enableReadyCheck: false });
    expect(await reporter.get('app:x')).toBe('1');
    expect(await errorOf(reporter.set('app:y', '1'))).toMatch(/NOPERM/);
    reporter.disconnect();

    await engine.update(rbac(PW.app2, false, 'on ~other:* +@all'));
    expect(await accepts(engine, 'Cache', PW.reporter, 'reporter')).toBe(false);
    expect(engine.cache('Cache').users.reporter).toBeUndefined();
    const app2 = client(engine.cache('Cache'), engine.cache('Cache').primary!, { username: 'app', password: PW.app2 });
    expect(await errorOf(app2.get('app:x'))).toMatch(/NOPERM/);
    expect(await app2.set('other:y', '1')).toBe('OK');
    app2.disconnect();
    app.disconnect();
  }, 120_000);
});

describe('a library stack', () => {
  const stackWith = (replicasPerShard: number) => {
    const stack = new Stack(new App(), 'MyStack');
    new ReplicationGroup(stack, 'Cache', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }), replicasPerShard });
    return stack;
  };

  test('replicasPerShard 1 -> 2 in place: the generated AUTH token keeps its value (as CloudFormation keeps the secret), data kept', async () => {
    const engine = await LocalEngine.start(stackWith(1), { stateDir: stateDir() });
    try {
      const before = engine.cache('MyStack/Cache');
      const r = client(before, before.primary!);
      await r.set('kept', 'yes');
      const result = await engine.update(stackWith(2));
      expect(result.caches).toEqual([expect.objectContaining({ action: 'update', changes: ['replicas per shard 1 -> 2'] })]);
      const after = engine.cache('MyStack/Cache');
      expect(after.authToken).toBe(before.authToken);
      expect(after.nodes.filter((n) => n.role === 'replica')).toHaveLength(2);
      expect(await accepts(engine, 'MyStack/Cache', before.authToken!)).toBe(true);
      expect(await r.get('kept')).toBe('yes');
      r.disconnect();
    } finally {
      await engine.stop();
    }
  }, 120_000);
});
