import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { client, fixture, stateDir } from './helpers';
import { reshardDrill } from '../../examples/lib/reshard-drill';
import { CacheEndpoints, LocalEngine, useLocalEngine } from '../../src/local';
import { evenSlots } from '../../src/spec/slots';

// Issue 14 point 3: online resharding of a running cluster-mode-enabled group while an ioredis Cluster writes.
// Valkey, 3 shards x 2 replicas, TLS required, RBAC (the app user may only touch app:*).
const local = useLocalEngine(fixture('cme-tls-rbac.json'), { stateDir: stateDir() });

function cluster(c: CacheEndpoints, user?: string): Cluster {
  const cl = new Cluster([c.configuration!], {
    redisOptions: {
      tls: c.tls ? { ca: readFileSync(c.caFile!, 'utf8'), servername: 'localhost' } : undefined,
      username: user,
      password: user ? c.users[user] : c.authToken ?? undefined,
    },
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: (t) => (t > 40 ? null : 50),
  });
  cl.on('error', () => undefined);
  return cl;
}

/** The slot ranges each primary serves (by port), as CLUSTER SHARDS-like pairs sorted by first slot. */
async function slotLayout(cl: Cluster): Promise<Array<[number, number]>> {
  const slots = (await cl.cluster('SLOTS')) as unknown as Array<[number, number, [string, number], ...Array<[string, number]>]>;
  return slots.map((s) => [s[0], s[1]] as [number, number]).sort((a, b) => a[0] - b[0]);
}

test('3 -> 4 -> 3 shards under writes acknowledged with WAIT 1: none lost, slots end evenly split, endpoints follow', async () => {
  const app = cluster(local.cache('Cache'), 'app');
  // Keys present before the reshard travel with their slots.
  const seeded = Array.from({ length: 2000 }, (_, i) => `app:seed:${i}`);
  await Promise.all(seeded.map((k) => app.set(k, k)));

  const out = await reshardDrill(app, () => local.engine.reshard('Cache', 4), { prefix: 'app:out', warmupMs: 300 });
  expect(out.acknowledged).toBeGreaterThan(0);
  expect(out.lost).toBe(0);
  let c = local.cache('Cache');
  expect(c.nodes).toHaveLength(12);
  expect(c.nodes.filter((n) => n.role === 'primary').map((n) => n.shard).sort()).toEqual([0, 1, 2, 3]);
  expect(c.nodes.filter((n) => n.shard === 3 && n.role === 'replica')).toHaveLength(2);
  expect(JSON.parse(readFileSync(local.engine.endpointsFile, 'utf8')).caches.Cache.nodes).toHaveLength(12);
  expect(await slotLayout(app)).toEqual(evenSlots(4));
  expect(local.engine.topology.caches.find((x) => x.logicalId === 'Cache')).toMatchObject({ shards: evenSlots(4).map((r) => ({ slots: [r], replicas: 2 })) });
  // The replicas of the new shard hold its keys.
  for (const n of c.nodes.filter((x) => x.shard === 3 && x.role === 'replica')) {
    const replica = client(c, n, { username: 'app', password: c.users.app });
    expect(await replica.dbsize()).toBeGreaterThan(400);
    replica.disconnect();
  }

  const back = await reshardDrill(app, () => local.engine.reshard('Cache', 3), { prefix: 'app:in', warmupMs: 300 });
  expect(back.lost).toBe(0);
  c = local.cache('Cache');
  expect(c.nodes).toHaveLength(9);
  expect(await slotLayout(app)).toEqual(evenSlots(3));
  expect(await Promise.all(seeded.map((k) => app.get(k)))).toEqual(seeded);
  // The restricted-command rules stay on every node, the new ones included.
  expect(await app.call('CLUSTER', 'SETSLOT', '1', 'STABLE').catch((e: Error) => e.message)).toMatch(/NOPERM/);
  app.disconnect();
}, 240_000);

test('refused: same count, out of range, unknown cache', async () => {
  await expect(local.engine.reshard('Cache', 3)).rejects.toThrow('Cache already has 3 shard(s); give a different count');
  await expect(local.engine.reshard('Cache', 0)).rejects.toThrow('Cache: shard count 0 is not allowed; NodeGroupCount must be an integer from 1 to 500');
  await expect(local.engine.reshard('Nope', 4)).rejects.toThrow(/Nope/);
});

const plainTemplate = (shards: number) => ({
  Resources: {
    Plain: {
      Type: 'AWS::ElastiCache::ReplicationGroup',
      Properties: { ReplicationGroupDescription: 'p', Engine: 'redis', CacheNodeType: 'cache.t4g.micro', NumNodeGroups: shards, ReplicasPerNodeGroup: 1, AutomaticFailoverEnabled: true, CacheParameterGroupName: 'default.redis7.cluster.on' },
    },
  },
});

test('plaintext Redis OSS, 2 -> 3 shards with one replica each', async () => {
  const engine = await LocalEngine.start(plainTemplate(2), { stateDir: stateDir() });
  try {
    const cl = cluster(engine.cache('Plain'));
    const r = await reshardDrill(cl, () => engine.reshard('Plain', 3), { prefix: 'p', warmupMs: 200 });
    expect(r.lost).toBe(0);
    expect(await slotLayout(cl)).toEqual(evenSlots(3));
    expect(engine.cache('Plain').nodes).toHaveLength(6);
    cl.disconnect();
  } finally {
    await engine.stop();
  }
}, 90_000);

test('CLI: local reshard <id> --shards N through the supervisor; endpoints.json follows', () => {
  const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
  const dir = stateDir();
  const template = join(dir, 'template.json');
  writeFileSync(template, JSON.stringify(plainTemplate(2)));
  const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 120_000 });
  execFileSync(process.execPath, [...CLI, 'local', 'up', '--template', template, '--detach', '--state-dir', dir], { encoding: 'utf8', timeout: 60_000 });
  try {
    const bad = run('reshard', 'Plain', '--shards', 'two');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("--shards is 'two'; allowed: an integer from 1 to 500");
    const ok = run('reshard', 'Plain', '--shards', '3');
    expect(ok.stdout).toMatch(/^resharded Plain from 2 to 3 shard\(s\) in \d+ ms: 8192 slot\(s\) and 0 key\(s\) moved/);
    const nodes = (JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { caches: { Plain: { nodes: Array<{ shard: number }> } } }).caches.Plain.nodes;
    expect(nodes.map((n) => n.shard).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(run('reshard', 'Plain', '--shards', '3').stderr).toContain('Plain already has 3 shard(s)');
  } finally {
    expect(run('down').stdout).toMatch(/stopped|nothing/);
  }
}, 180_000);
