import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Cluster } from 'ioredis';
import { containersOf, dockerApiForTestcontainers, ensureEngineImage } from './engine-image';
import { MemcachedCluster } from '../../src';
import { ElastiCacheContainer, StartedElastiCacheContainer } from '../../src/testcontainers';
import { client, fixture } from '../local/helpers';

// cdk-elasticache/testcontainers: the engine image started by Testcontainers (Docker API; with podman, its service),
// from a template file and from a CDK Stack.
let stopService: () => void = () => undefined;
beforeAll(async () => {
  await ensureEngineImage();
  stopService = await dockerApiForTestcontainers();
}, 180_000);
afterAll(() => stopService());

test('from a template: cluster mode enabled, TLS, RBAC; failover with WAIT-acknowledged writes; stop leaves nothing', async () => {
  const caches = await new ElastiCacheContainer(fixture('cme-tls-rbac.json')).start();
  let stopped = false;
  try {
    const c = caches.cache('Cache');
    expect(c).toMatchObject({ clusterMode: true, tls: true, engine: 'valkey' });
    expect(caches.ca).toBe(readFileSync(c.caFile!, 'utf8'));
    // The container gets room for the run directory in its memory (withSharedMemorySize, decision 0132).
    expect(readlinkSync(join(caches.stateDir, 'run'))).toMatch(/^\/dev\/shm\/cdk-elasticache-run-[0-9a-f]+$/);
    const app = new Cluster([c.configuration!], {
      redisOptions: { tls: { ca: caches.ca, servername: 'localhost' }, username: 'app', password: c.users.app },
      clusterRetryStrategy: (t) => (t > 20 ? null : 50),
    });
    app.on('error', () => undefined);
    // Writes acknowledged by WAIT 1 on shard 0's primary, then shard 0 fails over: none is lost.
    const before = c.nodes.find((n) => n.role === 'primary' && n.shard === 0)!;
    const primary = client(c, before, { username: 'app', password: c.users.app, ca: caches.ca });
    const slots = (await primary.cluster('SLOTS')) as unknown as Array<[number, number, [string, number]]>;
    const owned = slots.filter((r) => r[2][1] === before.port);
    const keys: string[] = [];
    for (let i = 0; keys.length < 20; i++) {
      const slot = (await primary.cluster('KEYSLOT', `app:${i}`)) as number;
      if (owned.some(([a, b]) => slot >= a && slot <= b)) keys.push(`app:${i}`);
    }
    for (const k of keys) {
      await primary.set(k, k);
      expect(await primary.call('WAIT', '1', '2000')).toBeGreaterThanOrEqual(1); // acknowledged by at least one replica
    }
    primary.disconnect();
    const result = await caches.failover('Cache', 0);
    expect(result.from.port).toBe(before.port);
    expect(caches.cache('Cache').nodes.find((n) => n.role === 'primary' && n.shard === 0)!.port).toBe(result.to.port);
    await app.cluster('SLOTS');
    expect(await Promise.all(keys.map((k) => app.get(k)))).toEqual(keys);
    app.disconnect();
    const dir = caches.stateDir;
    await caches.stop();
    stopped = true;
    expect(containersOf(dir)).toEqual([]);
  } finally {
    if (!stopped) await caches.stop();
  }
});

test('from a CDK Stack: construct paths resolve, as with useLocalEngine', async () => {
  const app = new App();
  const stack = new Stack(app, 'Tc');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  new MemcachedCluster(stack, 'Sessions', { vpc, numNodes: 2, transitEncryption: false });
  let caches: StartedElastiCacheContainer | undefined;
  try {
    caches = await new ElastiCacheContainer(stack).start();
    const c = caches.cache('Tc/Sessions');
    expect(c).toMatchObject({ kind: 'memcached', engine: 'memcached' });
    expect(c.nodes).toHaveLength(2);
  } finally {
    await caches?.stop();
  }
});
