import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { CacheEngine, EngineType } from '../../src/engine';
import { RedisEngineVersion } from '../../src/engine-version';
import { CacheEndpoints, HostPort, useLocalEngine } from '../../src/local';
import { AccessString } from '../../src/rbac/access-string';
import { IamUser, PasswordUser } from '../../src/rbac/user';
import { UserGroup } from '../../src/rbac/user-group';
import { ClusterMode } from '../../src/replication-group/options';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { logicalIdOf, stackWithVpc } from '../helpers/stack';

// RBAC on real processes (issue 4, last "Done when" bullet): the library's users, user groups and
// ready-made roles, synthesized, started by the local engine and exercised with real clients
// (ioredis Redis/Cluster, node-redis v5) over TLS.

const { stack, vpc } = stackWithVpc();

function users(engine: EngineType) {
  const app = new PasswordUser(stack, `App-${engine}`, { engine, userId: `app-${engine}`, userName: 'app', accessString: AccessString.readWrite('app:'), vpc });
  const analytics = new PasswordUser(stack, `Analytics-${engine}`, {
    engine, userId: `analytics-${engine}`, userName: 'analytics', accessString: AccessString.readOnly('app:'), vpc,
  });
  const reporting = new IamUser(stack, `Reporting-${engine}`, { engine, userId: `reporting-${engine}`, accessString: AccessString.readOnly('app:') });
  // Not a role of the issue: shows that the engine's restricted commands (reference §3.6) hold even for full access.
  const admin = new PasswordUser(stack, `Admin-${engine}`, { engine, userId: `admin-${engine}`, userName: 'admin', accessString: AccessString.fullAccess(), vpc });
  // Selectors (Redis OSS 7.0+ / Valkey) grant permissions of their own: the restricted commands must not come back through them.
  const selector = new PasswordUser(stack, `Selector-${engine}`, {
    engine, userId: `selector-${engine}`, userName: 'selector', accessString: AccessString.of('on ~app:* -@all +@read (~* +@all)'), vpc,
  });
  return new UserGroup(stack, `Users-${engine}`, { engine, users: [app, analytics, reporting, admin, selector] });
}

const valkeyGroup = users(EngineType.VALKEY);
const redisGroup = users(EngineType.REDIS);
const valkey = new ReplicationGroup(stack, 'Valkey', {
  vpc, clusterMode: ClusterMode.ENABLED, numShards: 2, replicasPerShard: 1, userGroup: valkeyGroup,
});
const redis = new ReplicationGroup(stack, 'Redis', {
  vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_7_1), replicasPerShard: 1, userGroup: redisGroup,
});
const template = Template.fromStack(stack);
const local = useLocalEngine(() => template.toJSON());

const NOPERM = /^NOPERM/;
const open: Array<{ disconnect(): void }> = [];
afterEach(async () => {
  while (open.length) open.pop()!.disconnect();
  await new Promise((r) => setTimeout(r, 250)); // ioredis destroys a stream that does not close within disconnectTimeout
});

function tlsOptions(cache: CacheEndpoints, username?: string, password?: string): RedisOptions {
  return {
    username,
    password,
    tls: { ca: readFileSync(cache.caFile!), servername: 'localhost' },
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
    disconnectTimeout: 200,
    enableReadyCheck: false, // INFO is @dangerous: not granted by the roles (ioredis would only warn)
  };
}

/** A plain ioredis client on one endpoint; `user` undefined connects without credentials. */
function client(cache: CacheEndpoints, at: HostPort, user?: string, password?: string): Redis {
  const secret = password ?? (user ? cache.users[user] : undefined);
  const c = new Redis({ ...tlsOptions(cache, user, secret), host: at.host, port: at.port, lazyConnect: true });
  c.on('error', () => undefined);
  open.push(c);
  return c;
}

function cluster(cache: CacheEndpoints, user: string, extra: { scaleReads?: 'master' | 'slave' } = {}): Cluster {
  const c = new Cluster([cache.configuration!], {
    redisOptions: tlsOptions(cache, user, cache.users[user]),
    dnsLookup: (address, callback) => callback(null, address),
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: () => null,
    ...extra,
  });
  c.on('error', () => undefined);
  open.push(c);
  return c;
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

test('the templates carry no secret and the Redis group has the disabled default user the library added', () => {
  const json = JSON.stringify(template.toJSON());
  const passwords = [local.cache(logicalIdOf(valkey)), local.cache(logicalIdOf(redis))]
    .flatMap((cache) => Object.values(cache.users).filter((p) => p !== ''));
  // Counted, so that the check cannot pass over no password at all.
  expect(passwords.length).toBeGreaterThan(0);
  for (const password of passwords) expect(json).not.toContain(password);
  expect(redisGroup.defaultUser).toBeDefined();
  expect(valkeyGroup.defaultUser).toBeUndefined();
  template.hasResourceProperties('AWS::ElastiCache::User', { UserName: 'default', Engine: 'redis', AccessString: 'off -@all' });
});

describe('Valkey, cluster mode enabled (ioredis Cluster)', () => {
  const cache = () => local.cache(logicalIdOf(valkey));

  test('the application user reads and writes app:* on every shard, not other keys', async () => {
    const app = cluster(cache(), 'app');
    for (let i = 0; i < 20; i++) await app.set(`app:item:${i}`, `v${i}`);
    expect(await app.get('app:item:7')).toBe('v7');
    expect(new Set(Object.values(cache().nodes).filter((n) => n.role === 'primary').map((n) => n.shard)).size).toBe(2);
    expect(await errorOf(app.set('other:item', 'x'))).toMatch(NOPERM);
    expect(await errorOf(app.get('other:item'))).toMatch(NOPERM);
  });

  test('the analytics user reads app:* (also from replicas, with READONLY) and gets NOPERM on a write', async () => {
    const app = cluster(cache(), 'app');
    await app.set('app:report', '42');
    for (const node of app.nodes('master')) await node.call('WAIT', 1, 2000);
    const analytics = cluster(cache(), 'analytics');
    expect(await analytics.get('app:report')).toBe('42');
    expect(await errorOf(analytics.set('app:report', '0'))).toMatch(NOPERM);
    expect(await errorOf(analytics.del('app:report'))).toMatch(NOPERM);
    const replicaReads = cluster(cache(), 'analytics', { scaleReads: 'slave' });
    expect(await replicaReads.get('app:report')).toBe('42');
  });

  test('the application user runs Lua scripts on app:* keys, not on other keys', async () => {
    const app = cluster(cache(), 'app');
    app.defineCommand('incrCapped', { numberOfKeys: 1, lua: "local v = redis.call('INCR', KEYS[1]) if v > tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end return v" });
    const incrCapped = (key: string, cap: number) => (app as unknown as { incrCapped(k: string, c: number): Promise<number> }).incrCapped(key, cap);
    expect(await incrCapped('app:counter', 2)).toBe(1); // EVALSHA misses, ioredis falls back to EVAL
    expect(await incrCapped('app:counter', 2)).toBe(2); // EVALSHA hits
    expect(await incrCapped('app:counter', 2)).toBe(2);
    expect(await errorOf(incrCapped('other:counter', 2))).toMatch(NOPERM);
    expect(await app.call('SCRIPT', 'LOAD', 'return 1')).toMatch(/^[0-9a-f]{40}$/);
  });

  test('the application user runs MULTI/EXEC transactions on app:* keys', async () => {
    const app = cluster(cache(), 'app');
    const result = await app.multi().set('app:{tx}:a', '1').incr('app:{tx}:b').exec();
    expect(result).toEqual([[null, 'OK'], [null, 1]]);
    expect(await errorOf(app.multi().set('other:{tx}:a', '1').exec())).toMatch(/NOPERM|EXECABORT/);
  });

  test('the application user publishes and subscribes on app:* channels only', async () => {
    const subscriber = cluster(cache(), 'app');
    const publisher = cluster(cache(), 'app');
    const received: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => received.push(message));
    await subscriber.subscribe('app:events');
    await publisher.publish('app:events', 'hello');
    await waitFor(() => received.length === 1);
    expect(received).toEqual(['hello']);
    expect(await errorOf(publisher.publish('other:events', 'x'))).toMatch(NOPERM);
    const other = cluster(cache(), 'app');
    expect(await errorOf(other.subscribe('other:events'))).toMatch(NOPERM);
  });

  test("INFO, the clients' ready check, is allowed (statistics only: no key or value)", async () => {
    const app = client(cache(), cache().nodes[0], 'app');
    expect(await app.call('INFO', 'server')).toMatch(/^# Server/);
  });

  test('restricted and dangerous commands are refused to the application user', async () => {
    const app = client(cache(), cache().nodes[0], 'app');
    for (const command of [['CONFIG', 'GET', 'maxmemory'], ['FLUSHALL'], ['FLUSHDB'], ['KEYS', '*'], ['FUNCTION', 'FLUSH'], ['SCRIPT', 'FLUSH'], ['CLIENT', 'LIST'], ['ACL', 'LIST']]) {
      expect(`${command.join(' ')}: ${await errorOf(app.call(command[0], ...command.slice(1)))}`).toMatch(new RegExp(`^${escape(command.join(' '))}: NOPERM`));
    }
  });

  test('restricted commands (reference §3.6) are refused even to a full-access user', async () => {
    const admin = client(cache(), cache().nodes[0], 'admin');
    for (const command of [['CONFIG', 'GET', 'maxmemory'], ['CONFIG', 'SET', 'maxmemory', '1mb'], ['BGSAVE'], ['SAVE'], ['DEBUG', 'SLEEP', '0'], ['REPLICAOF', 'NO', 'ONE'], ['CLUSTER', 'FAILOVER'], ['CLUSTER', 'FORGET', 'x'], ['ACL', 'SETUSER', 'x'], ['ACL', 'DELUSER', 'app'], ['SHUTDOWN']]) {
      expect(`${command.join(' ')}: ${await errorOf(admin.call(command[0], ...command.slice(1)))}`).toMatch(new RegExp(`^${escape(command.join(' '))}: (NOPERM|ERR)`));
    }
    expect(await admin.call('CLUSTER', 'INFO')).toMatch(/cluster_state:ok/);
  });

  test('restricted commands are refused to a user whose selector grants every command', async () => {
    const selector = client(cache(), cache().nodes[0], 'selector');
    expect(await selector.call('CLUSTER', 'INFO')).toMatch(/cluster_state:ok/); // the selector works
    for (const command of [['CONFIG', 'GET', 'maxmemory'], ['BGSAVE'], ['REPLICAOF', 'NO', 'ONE'], ['CLUSTER', 'FORGET', 'x'], ['ACL', 'SETUSER', 'x']]) {
      expect(`${command.join(' ')}: ${await errorOf(selector.call(command[0], ...command.slice(1)))}`).toMatch(new RegExp(`^${escape(command.join(' '))}: (NOPERM|ERR)`));
    }
  });

  test('a connection without credentials is refused (no usable default user in a Valkey group)', async () => {
    const anonymous = client(cache(), cache().nodes[0]);
    expect(await errorOf(anonymous.ping())).toMatch(/^NOAUTH/);
    expect(await errorOf(anonymous.get('app:item:1'))).toMatch(/^NOAUTH/);
    expect(await errorOf(anonymous.call('AUTH', 'default', 'any-password-at-all'))).toMatch(/^WRONGPASS/);
    expect(await errorOf(client(cache(), cache().nodes[0], 'app', 'not-the-password-1234').ping())).toMatch(/^WRONGPASS/);
  });

  test('a plaintext connection to the TLS cache is refused', async () => {
    const at = cache().configuration!;
    const plain = new Redis({ host: at.host, port: at.port, username: 'app', password: cache().users.app, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000, disconnectTimeout: 200, enableReadyCheck: false });
    plain.on('error', () => undefined);
    open.push(plain);
    expect(await errorOf(plain.connect().then(() => plain.ping()))).not.toBe('no error');
  });

  test('the IAM user authenticates with its user id and reads, read-only', async () => {
    const reporting = cluster(cache(), 'reporting-valkey');
    await cluster(cache(), 'app').set('app:iam', 'ok');
    expect(await reporting.get('app:iam')).toBe('ok');
    expect(await errorOf(reporting.set('app:iam', 'no'))).toMatch(NOPERM);
  });

  test('node-redis v5 cluster client: the application user reads and writes app:* and gets NOPERM elsewhere', async () => {
    const c = cache();
    const ca = readFileSync(c.caFile!);
    const app = createCluster({
      rootNodes: [{ socket: { host: c.configuration!.host, port: c.configuration!.port, tls: true, ca, servername: 'localhost' } }],
      defaults: { username: 'app', password: c.users.app, socket: { tls: true, ca, servername: 'localhost', reconnectStrategy: false } },
    });
    app.on('error', () => undefined);
    await app.connect();
    try {
      for (let i = 0; i < 10; i++) await app.set(`app:node-redis:${i}`, String(i));
      expect(await app.get('app:node-redis:3')).toBe('3');
      expect(await errorOf(app.set('other:node-redis', 'x'))).toMatch(NOPERM);
    } finally {
      app.destroy();
    }
  });
});

describe('Redis OSS, cluster mode disabled', () => {
  const cache = () => local.cache(logicalIdOf(redis));

  test('a connection without credentials is refused: the disabled default user the library added', async () => {
    const anonymous = client(cache(), cache().primary!);
    expect(await errorOf(anonymous.ping())).toMatch(/^NOAUTH/);
    expect(await errorOf(anonymous.call('AUTH', 'default', 'any-password-at-all'))).toMatch(/^WRONGPASS/);
  });

  test('the application user writes app:* but not other keys; the analytics user gets NOPERM on a write', async () => {
    const app = client(cache(), cache().primary!, 'app');
    await app.set('app:session', 's1');
    expect(await errorOf(app.set('other:session', 'x'))).toMatch(NOPERM);
    expect(await app.call('WAIT', 1, 2000)).toBe(1);
    const analytics = client(cache(), cache().reader!, 'analytics');
    expect(await analytics.get('app:session')).toBe('s1');
    expect(await errorOf(analytics.set('app:session', 'x'))).toMatch(NOPERM);
    const primaryAnalytics = client(cache(), cache().primary!, 'analytics');
    expect(await errorOf(primaryAnalytics.set('app:session', 'x'))).toMatch(NOPERM);
    expect(await errorOf(primaryAnalytics.get('other:session'))).toMatch(NOPERM);
  });

  test('node-redis v5: the application user, transactions, scripts and restricted commands', async () => {
    const c = cache();
    const app = createClient({
      username: 'app',
      password: c.users.app,
      socket: { host: c.primary!.host, port: c.primary!.port, tls: true, ca: readFileSync(c.caFile!), servername: 'localhost', reconnectStrategy: false },
    });
    app.on('error', () => undefined);
    await app.connect();
    try {
      expect(await app.multi().set('app:nr:a', '1').incr('app:nr:b').exec()).toEqual(['OK', 1]);
      expect(await app.eval("return redis.call('GET', KEYS[1])", { keys: ['app:nr:a'] })).toBe('1');
      expect(await errorOf(app.eval("return redis.call('GET', KEYS[1])", { keys: ['other:nr'] }))).toMatch(NOPERM);
      expect(await errorOf(app.set('other:nr', 'x'))).toMatch(NOPERM);
      expect(await errorOf(app.configGet('maxmemory'))).toMatch(NOPERM);
      expect(await errorOf(app.flushAll())).toMatch(NOPERM);
    } finally {
      app.destroy();
    }
  });

  test('restricted commands are refused even to a full-access user', async () => {
    const admin = client(cache(), cache().primary!, 'admin');
    expect(await admin.set('anything', 'ok')).toBe('OK');
    for (const command of [['CONFIG', 'GET', 'maxmemory'], ['BGSAVE'], ['REPLICAOF', 'NO', 'ONE'], ['ACL', 'SETUSER', 'x'], ['SHUTDOWN']]) {
      expect(`${command.join(' ')}: ${await errorOf(admin.call(command[0], ...command.slice(1)))}`).toMatch(new RegExp(`^${escape(command.join(' '))}: (NOPERM|ERR)`));
    }
  });

  test('a plaintext connection to the TLS cache is refused', async () => {
    const at = cache().primary!;
    const plain = new Redis({ host: at.host, port: at.port, username: 'app', password: cache().users.app, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2000, disconnectTimeout: 200, enableReadyCheck: false });
    plain.on('error', () => undefined);
    open.push(plain);
    expect(await errorOf(plain.connect().then(() => plain.ping()))).not.toBe('no error');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
