import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from 'ioredis';
import { Client as MemjsClient } from 'memjs';
import { client, stateDir } from './helpers';
import { CacheEndpoints, LocalEngine, TemplateError } from '../../src/local';

/** Hand-written templates from public sources (see test/local/corpus/README.md), each started and probed. */
const corpus = (name: string) => join(__dirname, 'corpus', name);

async function probeRedis(id: string, cache: CacheEndpoints) {
  const key = `corpus:${id}`;
  if (cache.clusterMode) {
    const ca = cache.caFile ? readFileSync(cache.caFile, 'utf8') : undefined;
    const cl = new Cluster([cache.configuration!], {
      redisOptions: { tls: ca ? { ca, servername: 'localhost' } : undefined, password: cache.authToken ?? undefined },
      clusterRetryStrategy: (t) => (t > 20 ? null : 50),
    });
    cl.on('error', () => undefined);
    try {
      await cl.set(key, 'v');
      expect(await cl.get(key)).toBe('v');
    } finally {
      cl.disconnect();
    }
    return;
  }
  const primary = client(cache, cache.primary!);
  try {
    await primary.set(key, 'v');
    expect(await primary.get(key)).toBe('v');
  } finally {
    primary.disconnect();
  }
}

async function probeMemcached(id: string, cache: CacheEndpoints) {
  const servers = cache.nodes.map((n) => `${n.host}:${n.port}`).join(',');
  const mc = MemjsClient.create(servers, { retries: 1, timeout: 2, logger: { log: () => undefined } });
  try {
    await mc.set(`corpus:${id}`, 'v', { expires: 60 });
    expect((await mc.get(`corpus:${id}`)).value?.toString()).toBe('v');
  } finally {
    mc.close();
  }
}

const cases: Array<{ file: string; parameters?: Record<string, string>; caches: Record<string, Partial<CacheEndpoints>> }> = [
  { file: 'aws-samples-elasticache-snapshot.yaml', caches: { RedisReplicationGroup: { kind: 'replication-group', engine: 'redis', clusterMode: false, tls: false } } },
  { file: 'aws-samples-elasticache-snapshot.json', parameters: { EnableSnapshotting: 'False' }, caches: { RedisReplicationGroup: { kind: 'replication-group', engine: 'redis', tls: false } } },
  {
    file: 'widdix-elasticache-redis.yaml',
    parameters: { ParentVPCStack: 'vpc', ParentClientStack: 'client', EngineVersion: '7.0', AuthToken: 'corpus-auth-token-0123456789' },
    caches: { ReplicationGroup: { kind: 'replication-group', engine: 'redis', tls: true, authToken: 'corpus-auth-token-0123456789' } },
  },
  {
    file: 'widdix-elasticache-memcached.yaml',
    parameters: { ParentVPCStack: 'vpc', ParentClientStack: 'client', EngineVersion: '1.6.17', NumCacheNodes: '2' },
    caches: { CacheCluster: { kind: 'memcached', engine: 'memcached' } },
  },
];

describe.each(cases)('$file', ({ file, parameters, caches }) => {
  test('starts every cache it declares, each answers a client', async () => {
    const engine = await LocalEngine.start(corpus(file), { parameters, stateDir: stateDir() });
    try {
      expect(Object.keys(engine.endpoints.caches).sort()).toEqual(Object.keys(caches).sort());
      for (const [id, expected] of Object.entries(caches)) {
        const cache = engine.cache(id);
        expect(cache).toMatchObject(expected);
        if (cache.engine === 'memcached') await probeMemcached(id, cache);
        else await probeRedis(id, cache);
      }
    } finally {
      await engine.stop();
    }
  });
});

test('widdix redis: values that break the template\'s constraints are all reported in one error, before anything starts', async () => {
  const dir = stateDir();
  const e = await LocalEngine.start(corpus('widdix-elasticache-redis.yaml'), {
    stateDir: dir,
    parameters: { ParentVPCStack: 'vpc', EngineVersion: '8.0', NumReplicas: '9', AuthToken: 'x'.repeat(129) },
  }).catch((x: Error) => x);
  expect(e).toBeInstanceOf(TemplateError);
  expect((e as TemplateError).message.split('\n').slice(1)).toEqual([
    "  - Parameters.EngineVersion: value '8.0' is not one of the AllowedValues: 7.0, 6.2, 6.0, 5.0.6, 5.0.5, 5.0.4, 5.0.3, 5.0.0, 4.0.10",
    `  - Parameters.AuthToken: value '${'x'.repeat(129)}' is longer than MaxLength 128`,
    "  - Parameters.NumReplicas: value '9' is above MaxValue 5",
  ]);
});

test('widdix memcached: a node count from a parameter drives the !If on AZMode', async () => {
  const engine = await LocalEngine.start(corpus('widdix-elasticache-memcached.yaml'), {
    parameters: { ParentVPCStack: 'vpc', ParentClientStack: 'client', EngineVersion: '1.6.17', NumCacheNodes: '3' },
  });
  try {
    expect(engine.cache('CacheCluster').nodes).toHaveLength(3);
  } finally {
    await engine.stop();
  }
});
