import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Cluster } from 'ioredis';
import { client, errorOf, fixture, stateDir } from './helpers';
import { useLocalEngine } from '../../src/local';

// Valkey, 3 shards x 2 replicas, TLS required, RBAC user group with a replaced (disabled) default user,
// parameter group with maxmemory-policy / notify-keyspace-events / timeout.
const local = useLocalEngine(fixture('cme-tls-rbac.json'), { stateDir: stateDir() });

function cluster(user: string): Cluster {
  const c = local.cache('Cache');
  const cl = new Cluster([c.configuration!], {
    redisOptions: { tls: { ca: readFileSync(c.caFile!, 'utf8'), servername: 'localhost' }, username: user, password: c.users[user] },
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (t) => (t > 20 ? null : 50),
  });
  cl.on('error', () => undefined);
  return cl;
}

const node = (i: number, user = 'app') => {
  const c = local.cache('Cache');
  return client(c, c.nodes[i], { username: user, password: c.users[user] });
};

test('a real cluster: shards, slots and loopback endpoints advertised to ioredis Cluster over TLS', async () => {
  const c = local.cache('Cache');
  expect(c).toMatchObject({ clusterMode: true, tls: true, primary: null, reader: null, engine: 'valkey' });
  // The template's default user is `off`: listed as disabled, without its password.
  expect(Object.keys(c.users)).toEqual(['app', 'analytics']);
  expect(c.userStatus).toEqual({ default: 'disabled', app: 'enabled', analytics: 'enabled' });
  const app = cluster('app');
  const keys = Array.from({ length: 60 }, (_, i) => `app:${i}`);
  await Promise.all(keys.map((k) => app.set(k, k)));
  expect(await Promise.all(keys.map((k) => app.get(k)))).toEqual(keys);
  const slots = (await app.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
  expect(slots).toHaveLength(3);
  expect(slots.every((s) => s[2][0] === '127.0.0.1')).toBe(true);
  const primaries = c.nodes.filter((n) => n.role === 'primary').map((n) => n.port);
  expect(new Set(slots.map((s) => s[2][1]))).toEqual(new Set(primaries));
  app.disconnect();
});

/** What a plaintext client gets from a port: the first reply line, or '' when the server closes or stays silent. */
function plaintextPing(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write('PING\r\n'));
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('error', () => undefined);
    s.on('close', () => resolve(got.split('\r\n')[0]));
    setTimeout(() => s.destroy(), 500);
  });
}

// The nodes talk over a plaintext cluster bus (docs/decisions/0104): no port a client is given speaks plaintext.
test('TLS required: every port a client is given is a TLS port, and plaintext gets no answer there', async () => {
  const c = local.cache('Cache');
  const tlsPorts = new Set(c.nodes.map((n) => n.port));
  const n0 = node(0);
  const slots = (await n0.call('CLUSTER', 'SLOTS')) as Array<[number, number, ...Array<[string, number]>]>;
  const slotPorts = slots.flatMap(([, , ...nodes]) => nodes.map((x) => x[1]));
  // CLUSTER SHARDS: `tls-port` on Valkey and Redis >= 7.2; Redis 7.0 labels its one client port `port` (the TLS one).
  const shards = (await n0.call('CLUSTER', 'SHARDS')) as Array<[string, unknown, string, Array<Array<string | number>>]>;
  const shardPorts = shards.flatMap((sh) => sh[3].flatMap((fields) => fields.flatMap((v, i) => (fields[i - 1] === 'port' || fields[i - 1] === 'tls-port' ? [v as number] : []))));
  n0.disconnect();
  expect(slotPorts).toHaveLength(c.nodes.length);
  expect(shardPorts.length).toBeGreaterThanOrEqual(c.nodes.length);
  for (const p of [...slotPorts, ...shardPorts]) expect(tlsPorts.has(p)).toBe(true);
  for (const p of [...tlsPorts, c.configuration!.port]) expect(await plaintextPing(p)).not.toMatch(/PONG|NOAUTH|ERR/);
});

test('MOVED and CROSSSLOT as in AWS', async () => {
  const n0 = node(0);
  // app:0 hashes to slot 10113?: find a key the first shard does not own.
  let key = '';
  for (let i = 0; i < 100 && !key; i++) if (((await n0.cluster('KEYSLOT', `app:m${i}`)) as number) > 5460) key = `app:m${i}`;
  expect(await errorOf(n0.set(key, '1'))).toMatch(/^MOVED \d+ 127\.0\.0\.1:\d+/);
  expect(await errorOf(n0.mset('app:a', '1', 'app:b', '2'))).toMatch(/CROSSSLOT/);
  expect(await errorOf(n0.select(1))).toMatch(/SELECT is not allowed in cluster mode/);
  n0.disconnect();
});

test('RBAC: NOPERM for a restricted user, the replaced default user is refused, restricted commands refused', async () => {
  const analytics = cluster('analytics');
  await analytics.get('app:1');
  expect(await errorOf(analytics.set('app:1', 'x'))).toMatch(/NOPERM/);
  analytics.disconnect();
  const app = node(0);
  expect(await errorOf(app.set('other:1', 'x'))).toMatch(/NOPERM|MOVED/);
  for (const cmd of [['CONFIG', 'SET', 'timeout', '0'], ['CLUSTER', 'FAILOVER'], ['CLUSTER', 'MEET', '127.0.0.1', '1'], ['CLUSTER', 'SETSLOT', '1', 'STABLE'], ['ACL', 'DELUSER', 'app'], ['BGREWRITEAOF'], ['MIGRATE', '127.0.0.1', '1', 'k', '0', '1'], ['PSYNC', '?', '-1']]) {
    expect(await errorOf(app.call(cmd[0], ...cmd.slice(1)))).toMatch(/NOPERM/);
  }
  app.disconnect();
  const c = local.cache('Cache');
  const anonymous = client(c, c.nodes[0], { maxRetriesPerRequest: 0, retryStrategy: () => null });
  expect(await errorOf(anonymous.get('x'))).toMatch(/NOAUTH|NOPERM/);
  anonymous.disconnect();
  const def = client(c, c.nodes[0], { username: 'default', password: c.users.default, maxRetriesPerRequest: 0, retryStrategy: () => null });
  expect(await errorOf(def.ping())).toMatch(/WRONGPASS/);
  def.disconnect();
});

test('parameter group values applied, maxmemory capped', async () => {
  const n = node(0);
  const info = await n.info('memory');
  expect(info).toMatch(/maxmemory:67108864/);
  expect(info).toMatch(/maxmemory_policy:allkeys-lru/);
  // notify-keyspace-events Ex: expiry events are published.
  const sub = node(0);
  const events: string[] = [];
  sub.on('message', (_ch: string, msg: string) => events.push(msg));
  await sub.subscribe('__keyevent@0__:expired');
  let key = '';
  for (let i = 0; !key; i++) if (((await n.cluster('KEYSLOT', `app:e${i}`)) as number) <= 5460) key = `app:e${i}`;
  await n.set(key, '1', 'PX', 20);
  await new Promise((r) => setTimeout(r, 300));
  await n.get(key);
  await new Promise((r) => setTimeout(r, 100));
  expect(events).toContain(key);
  [n, sub].forEach((r) => r.disconnect());
});

test('failover of a shard within 2 s, no acknowledged write lost, the cluster client follows', async () => {
  const app = cluster('app');
  // A hash tag served by shard 2 (slots 10923-16383).
  let tag = '';
  for (let i = 0; !tag; i++) if (((await app.cluster('KEYSLOT', `{t${i}}`)) as number) > 10922) tag = `{t${i}}`;
  const shard = local.cache('Cache').nodes.find((n) => n.role === 'primary' && n.shard === 2)!;
  // Writes straight to the shard's primary, acknowledged with WAIT 1.
  const writer = client(local.cache('Cache'), shard, { username: 'app', password: local.cache('Cache').users.app, maxRetriesPerRequest: 0 });
  const acked: string[] = [];
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const k = `app:${tag}:${i}`;
      try {
        await writer.set(k, '1');
        if (((await writer.call('WAIT', '1', '200')) as number) >= 1) acked.push(k);
      } catch {
        // not acknowledged (MOVED / connection closed during the failover); yield: a closed connection rejects at once
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 200));
  const t0 = Date.now();
  const result = await local.engine.failover('Cache', 2).finally(() => setTimeout(() => (running = false), 2000));
  expect(result.from).toEqual({ host: shard.host, port: shard.port });
  const c = local.cache('Cache');
  const probe = client(c, result.to, { username: 'app', password: c.users.app });
  await probe.set(`app:${tag}:probe`, '1');
  expect(Date.now() - t0).toBeLessThan(2000);
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await loop;
  expect(c.nodes.find((n) => n.port === result.to.port)!.role).toBe('primary');
  expect(c.nodes.find((n) => n.port === result.from.port)!.role).toBe('replica');
  expect(acked.length).toBeGreaterThan(10);
  const values = await Promise.all(acked.map((k) => app.get(k)));
  expect(values.filter((v) => v === null)).toEqual([]);
  // The cluster client follows the new topology.
  await app.set(`app:${tag}:after`, '2');
  expect(await app.get(`app:${tag}:after`)).toBe('2');
  [app, probe, writer].forEach((r) => r.disconnect());
});
