import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Cluster } from 'ioredis';
import { client, fixture, stateDir } from './helpers';
import { reshardDrill } from '../../examples/lib/reshard-drill';
import { CacheEndpoints, LocalEngine, useLocalEngine } from '../../src/local';
import { rebalancedSlots } from '../../src/local/redis/reshard';
import { evenSlots, SlotRange } from '../../src/spec/slots';

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

/** The slot ranges of each primary (by port) in CLUSTER SLOTS, each list sorted, the lists sorted by first slot. */
async function slotLayout(cl: Cluster): Promise<SlotRange[][]> {
  const slots = (await cl.cluster('SLOTS')) as unknown as Array<[number, number, [string, number], ...Array<[string, number]>]>;
  const byPrimary = new Map<number, SlotRange[]>();
  for (const [a, b, [, port]] of slots) byPrimary.set(port, [...(byPrimary.get(port) ?? []), [a, b]]);
  return sorted([...byPrimary.values()]);
}

const sorted = (shards: SlotRange[][]) => shards.map((r) => [...r].sort((a, b) => a[0] - b[0])).sort((a, b) => a[0][0] - b[0][0]);
const sizes = (shards: SlotRange[][]) => shards.map((r) => r.reduce((n, [a, b]) => n + b - a + 1, 0));
const fresh = (n: number) => evenSlots(n).map((r) => [r]);

test('3 -> 4 -> 3 shards under writes acknowledged with WAIT 1: none lost, slots end evenly split, endpoints follow', async () => {
  const app = cluster(local.cache('Cache'), 'app');
  // Keys present before the reshard travel with their slots.
  const seeded = Array.from({ length: 2000 }, (_, i) => `app:seed:${i}`);
  await Promise.all(seeded.map((k) => app.set(k, k)));

  let slotsMoved = 0;
  const out = await reshardDrill(app, async () => ({ slotsMoved } = await local.engine.reshard('Cache', 4)), { prefix: 'app:out', warmupMs: 300 });
  expect(out.acknowledged).toBeGreaterThan(0);
  expect(out.lost).toBe(0);
  let c = local.cache('Cache');
  expect(c.nodes).toHaveLength(12);
  expect(c.nodes.filter((n) => n.role === 'primary').map((n) => n.shard).sort()).toEqual([0, 1, 2, 3]);
  expect(c.nodes.filter((n) => n.shard === 3 && n.role === 'replica')).toHaveLength(2);
  expect(JSON.parse(readFileSync(local.engine.endpointsFile, 'utf8')).caches.Cache.nodes).toHaveLength(12);
  // A minimal rebalance: each shard gives its surplus to the new one (which serves three ranges), 4096 slots each.
  const four = rebalancedSlots(fresh(3), 4);
  expect(four[0]).toEqual([[0, 4095]]);
  expect(four[3]).toEqual([[4096, 5460], [9557, 10922], [15019, 16383]]);
  expect(sizes(four)).toEqual([4096, 4096, 4096, 4096]);
  expect(slotsMoved).toBe(4096);
  expect(await slotLayout(app)).toEqual(sorted(four));
  expect(local.engine.topology.caches.find((x) => x.logicalId === 'Cache')).toMatchObject({ shards: four.map((slots) => ({ slots, replicas: 2 })) });
  // The replicas of the new shard hold its keys.
  for (const n of c.nodes.filter((x) => x.shard === 3 && x.role === 'replica')) {
    const replica = client(c, n, { username: 'app', password: c.users.app });
    expect(await replica.dbsize()).toBeGreaterThan(400);
    replica.disconnect();
  }

  const back = await reshardDrill(app, async () => ({ slotsMoved } = await local.engine.reshard('Cache', 3)), { prefix: 'app:in', warmupMs: 300 });
  expect(back.lost).toBe(0);
  c = local.cache('Cache');
  expect(c.nodes).toHaveLength(9);
  // The leaving shard's slots go back where they came from: the layout of a group created with 3 shards.
  expect(await slotLayout(app)).toEqual(fresh(3));
  expect(slotsMoved).toBe(4096);
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

test('plaintext Redis OSS, 2 -> 3 shards with one replica each; DescribeReplicationGroups shows the slots per shard', async () => {
  const engine = await LocalEngine.start(plainTemplate(2), { stateDir: stateDir(), controlPlane: {} });
  try {
    const cl = cluster(engine.cache('Plain'));
    const r = await reshardDrill(cl, () => engine.reshard('Plain', 3), { prefix: 'p', warmupMs: 200 });
    expect(r.lost).toBe(0);
    // Shard 1 keeps the larger share (5462 slots, as in a fresh 3-shard group); 2731 + 2730 slots go to the new shard.
    const three = rebalancedSlots(fresh(2), 3);
    expect(three).toEqual([[[0, 5460]], [[8192, 13653]], [[5461, 8191], [13654, 16383]]]);
    expect(await slotLayout(cl)).toEqual(sorted(three));
    expect(engine.cache('Plain').nodes).toHaveLength(6);
    const ec = new ElastiCacheClient({ endpoint: engine.controlPlane!.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const groups = await ec.send(new DescribeReplicationGroupsCommand({}));
    expect(groups.ReplicationGroups![0].NodeGroups!.map((g) => g.Slots)).toEqual(['0-5460', '8192-13653', '5461-8191,13654-16383']);
    ec.destroy();
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
    expect(ok.stdout).toMatch(/^resharded Plain from 2 to 3 shard\(s\) in \d+ ms: 5461 slot\(s\) and 0 key\(s\) moved/);
    const nodes = (JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')) as { caches: { Plain: { nodes: Array<{ shard: number }> } } }).caches.Plain.nodes;
    expect(nodes.map((n) => n.shard).sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect(run('reshard', 'Plain', '--shards', '3').stderr).toContain('Plain already has 3 shard(s)');
  } finally {
    expect(run('down').stdout).toMatch(/stopped|nothing/);
  }
}, 180_000);
