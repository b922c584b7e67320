import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { client, errorOf, stateDir } from './helpers';
import { LocalEngine } from '../../src/local';
import { RedisCacheSpec } from '../../src/local/topology/model';

// Issue 14 point 4: `engine.snapshot` keeps one RDB per shard in the state dir; a template naming it starts from it.
function template(props: Record<string, unknown>) {
  return { Resources: { Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'd', Engine: 'valkey', CacheNodeType: 'cache.t4g.micro', ...props } } } };
}
const CMD = { NumCacheClusters: 2 };
const CME = { ClusterMode: 'enabled', NumNodeGroups: 2, ReplicasPerNodeGroup: 1 };
/** The slot ranges of each shard of 'Cache' in the engine's topology. */
const shardSlots = (e: LocalEngine) => (e.topology.caches.find((c) => c.logicalId === 'Cache') as RedisCacheSpec).shards.map((sh) => sh.slots);

test('cluster mode disabled: snapshot, stop, start with SnapshotName from the same state dir: keys are there', async () => {
  const dir = stateDir();
  const a = await LocalEngine.start(template(CMD), { stateDir: dir });
  try {
    const c = a.cache('Cache');
    const r = client(c, c.primary!);
    await r.set('k1', 'v1');
    await r.hset('h', 'f', 'x');
    r.disconnect();
    const snap = await a.snapshot('Cache', 'seed');
    expect(snap).toMatchObject({ name: 'seed', cache: 'Cache', shardCount: 1, dir: join(dir, 'snapshots', 'seed') });
  } finally {
    await a.stop();
  }
  expect(existsSync(join(dir, 'snapshots', 'seed', 'shard-0001.rdb'))).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, 'snapshots', 'seed', 'manifest.json'), 'utf8'))).toMatchObject({ cache: 'Cache', engine: 'valkey', shardCount: 1 });

  const b = await LocalEngine.start(template({ ...CMD, SnapshotArns: ['arn:aws:s3:::bucket/seed.rdb'] }), { stateDir: dir });
  try {
    const c = b.cache('Cache');
    const r = client(c, c.primary!);
    expect(await r.get('k1')).toBe('v1');
    expect(await r.hget('h', 'f')).toBe('x');
    r.disconnect();
  } finally {
    await b.stop();
  }
  // A name the state dir does not have: the cache starts empty, with a warning.
  const e = await LocalEngine.start(template({ ...CMD, SnapshotName: 'other' }), { stateDir: dir });
  try {
    expect(e.warnings.join('\n')).toMatch(/Cache: SnapshotName 'other' is not a snapshot in .*; the cache starts empty/);
    const c = e.cache('Cache');
    const r = client(c, c.primary!);
    expect(await r.dbsize()).toBe(0);
    r.disconnect();
  } finally {
    await e.stop();
  }
});

test('cluster mode enabled: every shard restored; a different shard count is a TemplateError', async () => {
  const dir = stateDir();
  const keys = Array.from({ length: 200 }, (_, i) => `key:${i}`);
  const a = await LocalEngine.start(template(CME), { stateDir: dir });
  try {
    const cl = new Cluster([a.cache('Cache').configuration!]);
    await Promise.all(keys.map((k) => cl.set(k, k)));
    cl.disconnect();
    expect(await a.snapshot('Cache')).toMatchObject({ name: expect.stringMatching(/^Cache-\d{4}-/), shardCount: 2 });
  } finally {
    await a.stop();
  }
  const name = JSON.parse(readFileSync(join(dir, 'snapshots', readdirSync(join(dir, 'snapshots'))[0], 'manifest.json'), 'utf8')).name as string;

  const b = await LocalEngine.start(template({ ...CME, SnapshotName: name }), { stateDir: dir });
  try {
    const cl = new Cluster([b.cache('Cache').configuration!]);
    const values = await Promise.all(keys.map((k) => cl.get(k)));
    cl.disconnect();
    expect(values).toEqual(keys);
  } finally {
    await b.stop();
  }
  expect(await errorOf(LocalEngine.start(template({ ...CME, NumNodeGroups: 3, SnapshotName: name }), { stateDir: dir }))).toMatch(
    new RegExp(`Cache.*SnapshotName.*snapshot '${name}' has 2 shard\\(s\\) but the replication group has 3`),
  );
});

test('after an online reshard: the snapshot keeps each shard\'s ranges, a restore boots with them and serves every key', async () => {
  const dir = stateDir();
  const keys = Array.from({ length: 300 }, (_, i) => `key:${i}`);
  const a = await LocalEngine.start(template(CME), { stateDir: dir });
  let slots: unknown;
  try {
    const cl = new Cluster([a.cache('Cache').configuration!]);
    await Promise.all(keys.map((k) => cl.set(k, k)));
    cl.disconnect();
    await a.reshard('Cache', 3);
    slots = shardSlots(a);
    expect(slots).toEqual([[[0, 5460]], [[8192, 13653]], [[5461, 8191], [13654, 16383]]]);
    await a.snapshot('Cache', 'resharded');
  } finally {
    await a.stop();
  }
  expect(JSON.parse(readFileSync(join(dir, 'snapshots', 'resharded', 'manifest.json'), 'utf8')).slots).toEqual(['0-5460', '8192-13653', '5461-8191,13654-16383']);
  const b = await LocalEngine.start(template({ ...CME, NumNodeGroups: 3, SnapshotName: 'resharded' }), { stateDir: dir });
  try {
    expect(shardSlots(b)).toEqual(slots);
    const cl = new Cluster([b.cache('Cache').configuration!]);
    expect(await Promise.all(keys.map((k) => cl.get(k)))).toEqual(keys);
    cl.disconnect();
  } finally {
    await b.stop();
  }
}, 120_000);

test('CLI: local snapshot <id> --name N through the supervisor; local down keeps snapshots/; up with SnapshotName restores', async () => {
  const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
  const dir = stateDir();
  const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, 'local', ...args, '--state-dir', dir], { encoding: 'utf8', timeout: 120_000 });
  const up = (props: Record<string, unknown>) => {
    const file = join(dir, 'template.json');
    writeFileSync(file, JSON.stringify(template(props)));
    execFileSync(process.execPath, [...CLI, 'local', 'up', '--template', file, '--detach', '--state-dir', dir], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(readFileSync(join(dir, 'endpoints.json'), 'utf8')).caches.Cache;
  };
  try {
    let c = up(CMD);
    const r = client(c, c.primary);
    await r.set('cli', 'yes');
    r.disconnect();
    const ok = run('snapshot', 'Cache', '--name', 'cli-seed');
    expect(ok.stdout).toBe(`snapshot cli-seed of Cache: 1 shard(s) in ${join(dir, 'snapshots', 'cli-seed')}\n`);
    expect(run('down').stdout).toMatch(/stopped/);
    expect(existsSync(join(dir, 'snapshots', 'cli-seed', 'manifest.json'))).toBe(true);
    c = up({ ...CMD, SnapshotName: 'cli-seed' });
    const r2 = client(c, c.primary);
    expect(await r2.get('cli')).toBe('yes');
    r2.disconnect();
  } finally {
    expect(run('down').stdout).toMatch(/stopped|nothing/);
  }
}, 180_000);
