import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import Redis from 'ioredis';
import { createClient } from 'redis';
import { client, errorOf, fixture, stateDir } from './helpers';
import { HostPort, useLocalEngine } from '../../src/local';

// A Redis replication group, cluster mode disabled: 1 primary + 2 replicas, TLS required, AUTH token from a generated secret.
const local = useLocalEngine(fixture('cmd-tls-auth.json'), { stateDir: stateDir() });

test('endpoints.json has the contract shape and mode 0600', () => {
  const c = local.cache('Sessions');
  expect(c).toMatchObject({ kind: 'replication-group', engine: 'redis', clusterMode: false, tls: true, configuration: null, users: {} });
  // As in ElastiCache: every node and endpoint on the group's port, each at an address of its own.
  const port = c.primary!.port;
  expect(c.primary!.host).toMatch(/^127\.0\.\d+\.1$/);
  expect(c.reader).toEqual({ host: c.primary!.host.replace(/1$/, '2'), port });
  expect(c.nodes.map((n) => n.role)).toEqual(['primary', 'replica', 'replica']);
  expect(c.nodes.map((n) => n.port)).toEqual([port, port, port]);
  expect(new Set(c.nodes.map((n) => n.host)).size).toBe(3);
  expect(c.authToken).toMatch(/^[A-Za-z0-9]{64}$/);
  expect((statSync(local.engine.endpointsFile).mode % 0o1000).toString(8)).toBe('600'); // permission bits
  expect(JSON.parse(readFileSync(local.engine.endpointsFile, 'utf8')).caches.Sessions).toEqual(c);
  expect(local.engine.servedBy('Sessions').binary).toMatch(/redis-server|valkey-server/);
});

test('primary endpoint writes replicate; replicas answer READONLY; reader spreads connections over replicas', async () => {
  const c = local.cache('Sessions');
  const primary = client(c, c.primary!);
  await primary.set('k', 'v');
  expect(await primary.call('WAIT', '2', '1000')).toBe(2);
  const replica = client(c, c.nodes[1]);
  expect(await replica.get('k')).toBe('v');
  expect(await errorOf(replica.set('k', 'w'))).toMatch(/^READONLY/);
  const runId = async (r: Redis) => /run_id:(\w+)/.exec(await r.info('server'))![1];
  const readers = [0, 1, 2, 3].map(() => client(c, c.reader!));
  const reached = await Promise.all(readers.map(runId));
  const replicas = c.nodes.filter((n) => n.role === 'replica').map((n) => client(c, n));
  expect(new Set(reached)).toEqual(new Set(await Promise.all(replicas.map(runId))));
  replicas.forEach((r) => r.disconnect());
  expect(await readers[0].get('k')).toBe('v');
  [primary, replica, ...readers].forEach((r) => r.disconnect());
});

test('AUTH token enforced; plaintext refused on a TLS cache', async () => {
  const c = local.cache('Sessions');
  const wrong = client(c, c.primary!, { password: 'not-the-token-at-all', maxRetriesPerRequest: 0, retryStrategy: () => null });
  expect(await errorOf(wrong.ping())).toMatch(/WRONGPASS|NOAUTH/);
  wrong.disconnect();
  const anonymous = client(c, c.primary!, { password: undefined, maxRetriesPerRequest: 0, retryStrategy: () => null });
  expect(await errorOf(anonymous.get('k'))).toMatch(/NOAUTH/);
  anonymous.disconnect();
  // A plaintext client gets no reply: the TLS server drops the connection.
  const answer = await new Promise<string>((resolve) => {
    const s = connect(c.primary!.port, c.primary!.host, () => s.write('PING\r\n'));
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    setTimeout(() => s.destroy(), 2000);
  });
  expect(answer).not.toContain('PONG');
});

test('restricted commands are refused for clients', async () => {
  const c = local.cache('Sessions');
  const r = client(c, c.primary!);
  for (const cmd of [['CONFIG', 'GET', 'maxmemory'], ['SAVE'], ['BGSAVE'], ['DEBUG', 'SLEEP', '0'], ['REPLICAOF', 'NO', 'ONE'], ['SHUTDOWN'], ['ACL', 'SETUSER', 'x'], ['SYNC']]) {
    expect(await errorOf(r.call(cmd[0], ...cmd.slice(1)))).toMatch(cmd[0] === 'DEBUG' ? /NOPERM|not allowed/ : /NOPERM/);
  }
  expect(await r.call('ACL', 'WHOAMI')).toBe('default');
  expect(await r.info('memory')).toMatch(/maxmemory:67108864/);
  r.disconnect();
});

test('node-redis v5 works through the primary endpoint', async () => {
  const c = local.cache('Sessions');
  const r = createClient({ socket: { host: c.primary!.host, port: c.primary!.port, tls: true, ca: local.ca, servername: 'localhost' }, password: c.authToken! });
  await r.connect();
  await r.set('nr', '1');
  expect(await r.incr('nr')).toBe(2);
  await r.quit();
});

test('failover drill: no write acknowledged with WAIT 1 is lost; endpoints follow; old primary returns as replica', async () => {
  const before = local.cache('Sessions');
  const writer = client(before, before.primary!, { maxRetriesPerRequest: 50 });
  const acked: string[] = [];
  let running = true;
  let errors = 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try {
        await writer.set(`drill:${i}`, String(i));
        if (((await writer.call('WAIT', '1', '200')) as number) >= 1) acked.push(`drill:${i}`);
      } catch {
        errors++;
        // A closed connection rejects at once: yield, or the loop starves the event loop (and the timers ending it).
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const t0 = Date.now();
  const result = await local.engine.failover('Sessions').finally(() => setTimeout(() => (running = false), 300));
  // Writable through the primary endpoint within 1 s of the failover call.
  const probe = client(before, before.primary!);
  await probe.set('after-failover', '1');
  const writable = Date.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await loop;
  expect(writable).toBeLessThan(1000);
  const after = local.cache('Sessions');
  const node = (at: HostPort) => after.nodes.find((n) => n.host === at.host && n.port === at.port)!;
  expect(node(result.to).role).toBe('primary');
  expect(node(result.from).role).toBe('replica');
  expect(acked.length).toBeGreaterThan(20);
  const values = await probe.mget(...acked);
  expect(values.filter((v) => v === null)).toEqual([]);
  expect(await probe.call('ROLE').then((r) => (r as string[])[0])).toBe('master');
  const old = client(after, node(result.from));
  await new Promise((r) => setTimeout(r, 200));
  expect(((await old.call('ROLE')) as string[])[0]).toBe('slave');
  [writer, probe, old].forEach((r) => r.disconnect());
  void errors;
});
