import { readFileSync } from 'node:fs';
import { App, Stack } from 'aws-cdk-lib';
import { CfnCacheCluster, CfnServerlessCache, CfnUser, CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Cluster } from 'ioredis';
import { client, errorOf, stateDir } from './helpers';
import { useLocalEngine } from '../../src/local';

/** A stack written with L1 resources only, given to the engine as a Stack. */
function stack(): Stack {
  const app = new App();
  const s = new Stack(app, 'L1Stack');
  const secret = new CfnSecret(s, 'AppSecret', { generateSecretString: { passwordLength: 30, excludePunctuation: true } });
  const user = new CfnUser(s, 'AppUser', {
    engine: 'valkey',
    userId: 'app-user',
    userName: 'app',
    accessString: 'on ~* &* +@all',
    authenticationMode: { Type: 'password', Passwords: [`{{resolve:secretsmanager:${secret.ref}:SecretString:::}}`] },
  });
  const group = new CfnUserGroup(s, 'Users', { engine: 'valkey', userGroupId: 'serverless-users', userIds: [user.ref] });
  new CfnServerlessCache(s, 'Serverless', { engine: 'valkey', serverlessCacheName: 'sls', majorEngineVersion: '8', userGroupId: group.ref });
  new CfnCacheCluster(s, 'Single', { engine: 'redis', cacheNodeType: 'cache.t4g.micro', numCacheNodes: 1 });
  return s;
}

const local = useLocalEngine(stack, { stateDir: stateDir() });

test('serverless: one TLS endpoint behaving as a cluster-mode cache, plus the read port', async () => {
  const c = local.cache('L1Stack/Serverless');
  expect(c).toMatchObject({ kind: 'serverless', engine: 'valkey', clusterMode: true, tls: true, primary: null });
  expect(c.reader!.port).not.toBe(c.configuration!.port);
  const cl = new Cluster([c.configuration!], {
    redisOptions: { tls: { ca: readFileSync(c.caFile!, 'utf8'), servername: 'localhost' }, username: 'app', password: c.users.app },
  });
  cl.on('error', () => undefined);
  await cl.set('a', '1');
  await cl.set('b', '2');
  expect(await cl.get('b')).toBe('2');
  const slots = (await cl.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
  expect(slots).toEqual([[0, 16383, ['127.0.0.1', c.configuration!.port, expect.any(String), expect.anything()]]]);
  cl.disconnect();
  const reader = client(c, c.reader!, { username: 'app', password: c.users.app });
  expect(await reader.get('a')).toBe('1');
  expect(await errorOf(reader.select(1))).toMatch(/SELECT is not allowed in cluster mode/);
  reader.disconnect();
  // A Valkey user group without a default user: the default user is disabled.
  const anonymous = client(c, c.configuration!, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  expect(await errorOf(anonymous.get('a'))).toMatch(/NOAUTH|NOPERM/);
  anonymous.disconnect();
});

test('single-node Redis CacheCluster found by construct path; no TLS, open default user', async () => {
  const c = local.cache('L1Stack/Single');
  expect(c).toMatchObject({ kind: 'replication-group', clusterMode: false, tls: false, caFile: null, authToken: null });
  const r = client(c, c.primary!);
  await r.set('x', '1');
  expect(await r.get('x')).toBe('1');
  expect(await errorOf(r.call('CONFIG', 'GET', 'port'))).toMatch(/NOPERM/);
  r.disconnect();
});
