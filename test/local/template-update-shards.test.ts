import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster } from 'ioredis';
import { stateDir } from './helpers';
import { ClusterMode, ReplicationGroup } from '../../src';
import { CacheEndpoints, CfnTemplate, LocalEngine } from '../../src/local';
import { rebalancedSlots } from '../../src/local/redis/reshard';
import { evenSlots } from '../../src/spec/slots';

// Issue 14 point 1: shards (online resharding) and replicas per shard of a cluster-mode-enabled group, and caches added
// and removed, by a template update.

function template(shards: number, replicas: number, withMemcached: boolean): CfnTemplate {
  return {
    Resources: {
      Data: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        UpdatePolicy: { UseOnlineResharding: true },
        Properties: {
          ReplicationGroupDescription: 'd',
          Engine: 'valkey',
          CacheNodeType: 'cache.t4g.micro',
          AutomaticFailoverEnabled: true,
          CacheParameterGroupName: 'default.valkey8.cluster.on',
          NodeGroupConfiguration: Array.from({ length: shards }, () => ({ ReplicaCount: replicas })),
        },
      },
      ...(withMemcached ? { Extra: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.micro', NumCacheNodes: 1 } } } : {}),
    },
  } as CfnTemplate;
}

function cluster(c: CacheEndpoints): Cluster {
  const cl = new Cluster([c.configuration!], { clusterRetryStrategy: (t) => (t > 40 ? null : 50), slotsRefreshTimeout: 2000 });
  cl.on('error', () => undefined);
  return cl;
}

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.on('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

let engine: LocalEngine;
beforeAll(async () => {
  engine = await LocalEngine.start(template(2, 0, false), { stateDir: stateDir() });
}, 60_000);
afterAll(() => engine?.stop());

test('2 shards x 0 replicas -> 3 shards x 1 replica with a Memcached cluster added: keys kept, slots evenly spread', async () => {
  const cl = cluster(engine.cache('Data'));
  const keys = Array.from({ length: 1000 }, (_, i) => `key:${i}`);
  await Promise.all(keys.map((k) => cl.set(k, k)));

  const result = await engine.update(template(3, 1, true));
  expect(result.caches).toEqual([
    { logicalId: 'Extra', action: 'add', changes: [] },
    { logicalId: 'Data', action: 'update', changes: ['shards 2 -> 3', 'replicas per shard 0,0,0 -> 1,1,1'] },
  ]);
  expect(result.plan.resources.find((r) => r.logicalId === 'Data')).toMatchObject({ action: 'update', behavior: 'no-interruption' });
  const c = engine.cache('Data');
  expect(c.nodes).toHaveLength(6);
  expect(c.nodes.filter((n) => n.role === 'replica').map((n) => n.shard).sort()).toEqual([0, 1, 2]);
  expect(await Promise.all(keys.map((k) => cl.get(k)))).toEqual(keys);
  const slots = (await cl.cluster('SLOTS')) as unknown as Array<[number, number, unknown, ...unknown[]]>;
  // Online resharding moves only each shard's surplus (docs/decisions/0130): 5461-5462 slots per shard, the new one in two ranges.
  const expected = rebalancedSlots(evenSlots(2).map((r) => [r]), 3).flat().sort((a, b) => a[0] - b[0]);
  expect(slots.map((s) => [s[0], s[1]]).sort((a, b) => a[0] - b[0])).toEqual(expected);
  expect(slots.every((s) => s.length === 4)).toBe(true);
  cl.disconnect();
  expect(engine.topology.caches.map((x) => x.logicalId)).toEqual(['Data', 'Extra']);
  expect(Object.keys(engine.endpoints.caches).sort()).toEqual(['Data', 'Extra']);
  expect(await reachable(engine.cache('Extra').configuration!.port)).toBe(true);
}, 180_000);

test('the Memcached cluster removed from the template stops; the group is untouched', async () => {
  const port = engine.cache('Extra').configuration!.port;
  const result = await engine.update(template(3, 1, false));
  expect(result.caches).toEqual([{ logicalId: 'Extra', action: 'remove', changes: [] }]);
  expect(Object.keys(engine.endpoints.caches)).toEqual(['Data']);
  expect(await reachable(port)).toBe(false);
  expect(engine.cache('Data').nodes).toHaveLength(6);
}, 60_000);

test('refused with nothing changed: an engine change the local engine cannot make in place', async () => {
  const t = template(3, 1, false);
  (t.Resources!.Data.Properties as Record<string, unknown>).Engine = 'redis';
  await expect(engine.update(t)).rejects.toThrow(/Data\.Engine: .*ElastiCache has no other engine migration: this update fails/);
  expect(engine.cache('Data').nodes).toHaveLength(6);
});

test('a library stack, numShards 2 -> 3 (the construct sets UseOnlineResharding): resharded online, TLS and the AUTH token kept', async () => {
  const stackWith = (numShards: number) => {
    const stack = new Stack(new App(), 'MyStack');
    new ReplicationGroup(stack, 'Data', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }), clusterMode: ClusterMode.ENABLED, numShards, replicasPerShard: 0, multiAz: false, automaticFailover: true });
    return stack;
  };
  const lib = await LocalEngine.start(stackWith(2), { stateDir: stateDir() });
  try {
    const c = lib.cache('MyStack/Data');
    const cl = new Cluster([c.configuration!], {
      redisOptions: { tls: { ca: readFileSync(c.caFile!, 'utf8'), servername: 'localhost' }, password: c.authToken! },
      clusterRetryStrategy: (t) => (t > 40 ? null : 50),
    });
    cl.on('error', () => undefined);
    const keys = Array.from({ length: 300 }, (_, i) => `lib:${i}`);
    await Promise.all(keys.map((k) => cl.set(k, k)));
    const result = await lib.update(stackWith(3));
    expect(result.caches).toEqual([expect.objectContaining({ action: 'update', changes: ['shards 2 -> 3'] })]);
    expect(lib.cache('MyStack/Data').authToken).toBe(c.authToken);
    expect(lib.cache('MyStack/Data').nodes).toHaveLength(3);
    expect(await Promise.all(keys.map((k) => cl.get(k)))).toEqual(keys);
    cl.disconnect();
  } finally {
    await lib.stop();
  }
}, 120_000);
