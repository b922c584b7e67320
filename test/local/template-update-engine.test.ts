import { Cluster } from 'ioredis';
import { client, errorOf, stateDir } from './helpers';
import { CfnTemplate, LocalEngine } from '../../src/local';

// Issue 14 point 1: Engine redis -> valkey in place, as ElastiCache migrates it: a rolling restart on valkey-server.

function group(engine: 'redis' | 'valkey', props: Record<string, unknown>): CfnTemplate {
  const valkey = engine === 'valkey';
  return {
    Resources: {
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        UpdatePolicy: { UseOnlineResharding: true },
        Properties: {
          ReplicationGroupDescription: 'c', Engine: engine, EngineVersion: valkey ? '8.0' : '7.0', CacheNodeType: 'cache.t4g.micro', ...props,
        },
      },
    },
  } as CfnTemplate;
}

/** `server_name` of INFO server: `valkey` on valkey-server, absent on redis-server. */
async function serverName(r: { info(section: string): Promise<string> }): Promise<string> {
  return (await r.info('server')).match(/server_name:(\w+)/)?.[1] ?? 'redis';
}

test('cluster mode disabled, 1 replica: every node restarts on valkey-server, data and endpoints kept, a failover on the way', async () => {
  const props = (engine: string) => ({ NumCacheClusters: 2, AutomaticFailoverEnabled: true, CacheParameterGroupName: `default.${engine === 'valkey' ? 'valkey8' : 'redis7'}` });
  const engine = await LocalEngine.start(group('redis', props('redis')), { stateDir: stateDir() });
  try {
    const before = engine.cache('Cache');
    const w = client(before, before.primary!);
    await Promise.all(Array.from({ length: 300 }, (_, i) => w.set(`k:${i}`, String(i))));
    await w.call('WAIT', '1', '2000');
    w.disconnect();
    expect(engine.servedBy('Cache').binary).toBe('redis-server');

    const result = await engine.update(group('valkey', props('valkey')));
    expect(result.caches[0].changes[0]).toMatch(/^Engine redis -> valkey \(rolling restart from redis-server 7\.0\.\d+ to valkey-server 8\.\d+\.\d+\)$/);
    expect(engine.servedBy('Cache').binary).toBe('valkey-server');
    const after = engine.cache('Cache');
    expect(after.engine).toBe('valkey');
    expect(after.primary).toEqual(before.primary);
    for (const n of after.nodes) {
      const r = client(after, n);
      expect(await serverName(r)).toBe('valkey');
      expect(await r.get('k:299')).toBe('299');
      r.disconnect();
    }
    const p = client(after, after.primary!);
    expect(await p.set('after', '1')).toBe('OK');
    p.disconnect();
    // ElastiCache has no valkey -> redis migration.
    expect(await errorOf(engine.update(group('redis', props('redis'))))).toContain('Cache.Engine: valkey -> redis is not an engine migration ElastiCache makes (only redis -> valkey)');
  } finally {
    await engine.stop();
  }
}, 120_000);

test.each([0, 1])('cluster mode enabled, %i replica(s) per shard: replicas first, then each primary restarts from its RDB', async (replicas) => {
  const props = (engine: string) => ({ NumNodeGroups: 2, ReplicasPerNodeGroup: replicas, CacheParameterGroupName: `default.${engine === 'valkey' ? 'valkey8' : 'redis7'}.cluster.on` });
  const engine = await LocalEngine.start(group('redis', props('redis')), { stateDir: stateDir() });
  try {
    const cl = new Cluster([engine.cache('Cache').configuration!], { clusterRetryStrategy: (t) => (t > 40 ? null : 50) });
    cl.on('error', () => undefined);
    const keys = Array.from({ length: 500 }, (_, i) => `key:${i}`);
    await Promise.all(keys.map((k) => cl.set(k, k)));
    await engine.update(group('valkey', props('valkey')));
    expect(await Promise.all(keys.map((k) => cl.get(k)))).toEqual(keys);
    for (const n of engine.cache('Cache').nodes) {
      const r = client(engine.cache('Cache'), n);
      expect(await serverName(r)).toBe('valkey');
      r.disconnect();
    }
    cl.disconnect();
  } finally {
    await engine.stop();
  }
}, 120_000);
