import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import Redis from 'ioredis';
import { client, errorOf, stateDir } from './helpers';
import { CfnTemplate, LocalEngine, UpdateRefusedError } from '../../src/local';

// Issue 14 point 1: a new template applied to running caches as CloudFormation + ElastiCache would.

/** A cluster-mode-disabled Redis group with `replicas` replicas and a parameter group setting notify-keyspace-events. */
function cmd(replicas: number, events: string, extra: Record<string, unknown> = {}): CfnTemplate {
  return {
    Resources: {
      Params: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: 'redis7', Description: 'p', Properties: { 'notify-keyspace-events': events } } },
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: {
          ReplicationGroupDescription: 'c',
          Engine: 'redis',
          EngineVersion: '7.0',
          CacheNodeType: 'cache.t4g.micro',
          NumCacheClusters: 1 + replicas,
          AutomaticFailoverEnabled: replicas > 0,
          CacheParameterGroupName: { Ref: 'Params' },
          ...extra,
        },
      },
    },
  } as CfnTemplate;
}

/** Whether a keyspace notification arrives for a SET on the primary (notify-keyspace-events live on the node). */
async function notifies(engine: LocalEngine): Promise<boolean> {
  const c = engine.cache('Cache');
  const sub = client(c, c.primary!);
  const pub = client(c, c.primary!);
  try {
    let got = false;
    sub.on('message', () => (got = true));
    await sub.subscribe('__keyevent@0__:set');
    await pub.set('notify:probe', '1');
    await new Promise((r) => setTimeout(r, 200));
    return got;
  } finally {
    sub.disconnect();
    pub.disconnect();
  }
}

async function seed(r: Redis, n: number) {
  await Promise.all(Array.from({ length: n }, (_, i) => r.set(`k:${i}`, `v${i}`)));
  await r.call('WAIT', '1', '1000').catch(() => undefined);
}

async function all(r: Redis, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => r.get(`k:${i}`))) as Promise<string[]>;
}
const expected = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);

describe('cluster mode disabled: replicas, parameters, node type, engine version in place', () => {
  let engine: LocalEngine;
  beforeAll(async () => {
    engine = await LocalEngine.start(cmd(1, ''), { stateDir: stateDir(), controlPlane: true });
  }, 60_000);
  afterAll(() => engine?.stop());

  test('a replica added, notify-keyspace-events set, CacheNodeType and EngineVersion changed: data kept, reader spreads over 2 replicas', async () => {
    const before = engine.cache('Cache');
    const primary = client(before, before.primary!);
    await seed(primary, 500);
    expect(await notifies(engine)).toBe(false);

    const result = await engine.update(cmd(2, 'E$', { CacheNodeType: 'cache.t4g.small', EngineVersion: '7.1' }));
    expect(result.caches).toEqual([
      { logicalId: 'Cache', action: 'update', changes: ['parameters notify-keyspace-events', 'EngineVersion 7.0 -> 7.1', 'replicas per shard 1 -> 2'] },
    ]);
    expect(result.plan.replacements).toEqual([]);
    // redis-server 7.0 serves the group: the newer version is warned about, as at start.
    expect(result.warnings.join('\n')).toMatch(/Cache.*7\.1/);
    const after = engine.cache('Cache');
    expect(after.primary).toEqual(before.primary);
    expect(after.nodes.filter((n) => n.role === 'replica')).toHaveLength(2);
    // The connection opened before the update still works, and so does every node.
    expect(await all(primary, 500)).toEqual(expected(500));
    for (const n of after.nodes) {
      const r = client(after, n);
      expect(await r.get('k:499')).toBe('v499');
      r.disconnect();
    }
    const reader = client(after, after.reader!);
    expect(await reader.get('k:0')).toBe('v0');
    reader.disconnect();
    expect(await notifies(engine)).toBe(true);
    expect(engine.topology.caches[0]).toMatchObject({ engineVersion: '7.1', shards: [{ replicas: 2 }], parameters: { 'notify-keyspace-events': 'E$' } });
    primary.disconnect();
  }, 120_000);

  test('replicas removed (2 -> 0): the primary keeps the data and serves the reader endpoint', async () => {
    await engine.update(cmd(0, 'E$', { CacheNodeType: 'cache.t4g.small', EngineVersion: '7.1' }));
    const c = engine.cache('Cache');
    expect(c.nodes.map((n) => n.role)).toEqual(['primary']);
    const reader = client(c, c.reader!);
    expect(await all(reader, 500)).toEqual(expected(500));
    expect((await reader.info('replication')).match(/role:(\w+)/)![1]).toBe('master');
    reader.disconnect();
  }, 120_000);

  test('a replacement is refused without allowReplacement (nothing changes) and applied with it (data gone, new config live)', async () => {
    const next = cmd(0, '', { CacheNodeType: 'cache.t4g.small', EngineVersion: '7.1', ReplicationGroupId: 'renamed', AtRestEncryptionEnabled: true });
    const pidsBefore = engine.pids;
    const refused = await errorOf(engine.update(next));
    expect(refused).toContain('update refused, nothing was changed');
    expect(refused).toContain('Cache (AWS::ElastiCache::ReplicationGroup) would be replaced (ReplicationGroupId, AtRestEncryptionEnabled), losing its data; allow it with --allow-replacement (API: allowReplacement: true)');
    await expect(engine.update(next)).rejects.toBeInstanceOf(UpdateRefusedError);
    expect(engine.pids).toEqual(pidsBefore);
    expect(await notifies(engine)).toBe(true);
    let c = engine.cache('Cache');
    const r = client(c, c.primary!);
    expect(await r.get('k:1')).toBe('v1');
    r.disconnect();

    const result = await engine.update(next, { allowReplacement: true });
    expect(result.caches).toEqual([{ logicalId: 'Cache', action: 'replace', changes: ['ReplicationGroupId', 'AtRestEncryptionEnabled'] }]);
    expect(engine.pids.some((p) => pidsBefore.includes(p))).toBe(false);
    c = engine.cache('Cache');
    const fresh = client(c, c.primary!);
    expect(await fresh.dbsize()).toBe(0);
    fresh.disconnect();
    expect(await notifies(engine)).toBe(false);
    expect(engine.topology.caches[0].resourceId).toBe('renamed');
    // The control plane describes the group as it runs now.
    const api = new ElastiCacheClient({ endpoint: engine.controlPlane!.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const groups = await api.send(new DescribeReplicationGroupsCommand({}));
    expect(groups.ReplicationGroups?.map((g) => g.ReplicationGroupId)).toEqual(['renamed']);
    api.destroy();
  }, 120_000);
});

test('a cdk.out directory synthesized again in place: the update compares with the assembly that runs (pinned at start)', async () => {
  const dir = stateDir();
  const out = join(dir, 'cdk.out');
  mkdirSync(out);
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts: { MyStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'MyStack.template.json' } } } }));
  const synth = (t: CfnTemplate) => writeFileSync(join(out, 'MyStack.template.json'), JSON.stringify(t));
  synth(cmd(1, ''));
  const engine = await LocalEngine.start(out, { stateDir: join(dir, 'state') });
  try {
    synth(cmd(2, ''));
    const result = await engine.update(out);
    expect(result.plan.resources.map((r) => r.changes.map((c) => c.property))).toEqual([['NumCacheClusters']]);
    expect(engine.cache('Cache').nodes).toHaveLength(3);
    synth(cmd(2, '', { Port: 6390 }));
    expect(await errorOf(engine.update(out))).toContain('Cache (AWS::ElastiCache::ReplicationGroup) would be replaced (Port)');
  } finally {
    await engine.stop();
  }
}, 120_000);
