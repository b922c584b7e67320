import { connect } from 'node:net';
import { Client as MemjsClient } from 'memjs';
import { errorOf, stateDir } from './helpers';
import { CfnTemplate, LocalEngine } from '../../src/local';

// Issue 14 point 1: NumCacheNodes of a Memcached cluster with preferred Availability Zones changes in place
// ("Update requires: Some interruptions"); without them it is a replacement (the plan's classification).

function memcached(nodes: number, zones: boolean): CfnTemplate {
  const az = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1a'].slice(0, nodes);
  return {
    Resources: {
      Mc: {
        Type: 'AWS::ElastiCache::CacheCluster',
        Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: nodes, AZMode: 'cross-az', ...(zones ? { PreferredAvailabilityZones: az } : {}) },
      },
    },
  } as CfnTemplate;
}

function discovery(port: number): Promise<{ version: number; ports: number[] }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write('config get cluster\r\n'));
    let out = '';
    s.on('data', (d) => {
      out += d.toString();
      if (!out.endsWith('END\r\n')) return;
      s.end();
      const [version, entries] = out.split('\r\n')[1].split('\n');
      resolve({ version: Number(version), ports: entries.split(' ').map((e) => Number(e.split('|')[2])).sort() });
    });
    s.on('error', reject);
  });
}

test('nodes 2 -> 3 -> 2 in place: the kept nodes keep their keys, auto-discovery lists the nodes with a new version', async () => {
  const engine = await LocalEngine.start(memcached(2, true), { stateDir: stateDir() });
  try {
    const [first, second] = engine.cache('Mc').nodes;
    const node = (port: number) => MemjsClient.create(`127.0.0.1:${port}`, { retries: 0, timeout: 2 });
    const a = node(first.port);
    await a.set('k', 'on-node-1', {});

    const up = await engine.update(memcached(3, true));
    expect(up.caches).toEqual([{ logicalId: 'Mc', action: 'update', changes: ['nodes 2 -> 3'] }]);
    expect(up.plan.resources[0]).toMatchObject({ action: 'update', behavior: 'some-interruption' });
    const c = engine.cache('Mc');
    expect(c.nodes.slice(0, 2)).toEqual([first, second]);
    expect(c.nodes).toHaveLength(3);
    expect((await a.get('k')).value?.toString()).toBe('on-node-1');
    expect(await discovery(c.configuration!.port)).toEqual({ version: 2, ports: c.nodes.map((n) => n.port).sort() });
    const third = node(c.nodes[2].port);
    await third.set('k3', 'x', {});
    expect((await third.get('k3')).value?.toString()).toBe('x');
    third.close();

    await engine.update(memcached(2, true));
    expect(engine.cache('Mc').nodes).toEqual([first, second]);
    expect(await discovery(engine.cache('Mc').configuration!.port)).toEqual({ version: 3, ports: [first.port, second.port].sort() });
    expect((await a.get('k')).value?.toString()).toBe('on-node-1');
    a.close();
    // Without preferred Availability Zones (before and after), CloudFormation replaces the cluster.
    await engine.update(memcached(2, false));
    expect(await errorOf(engine.update(memcached(3, false)))).toContain('Mc (AWS::ElastiCache::CacheCluster) would be replaced (NumCacheNodes), losing its data');
  } finally {
    await engine.stop();
  }
}, 60_000);
