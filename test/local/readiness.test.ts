import { readdirSync, readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { stateDir } from './helpers';
import { LocalEngine, TemplateError } from '../../src/local';
import { isAlive } from '../../src/local/state/processes';

test('a template without any cache is an error, and nothing is left running', async () => {
  const dir = stateDir();
  const e = await LocalEngine.start(
    { Resources: { Topic: { Type: 'AWS::SNS::Topic' }, Params: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: 'redis7', Description: 'x', Properties: {} } } } },
    { stateDir: dir },
  ).catch((x: Error) => x);
  expect(e).toBeInstanceOf(TemplateError);
  expect((e as Error).message).toBe(
    'Template rejected by the local engine (1 problem):\n' +
      '  - (template): has no cache to run: no AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster or AWS::ElastiCache::ServerlessCache (its resources: 2)',
  );
  expect(readdirSync(dir)).toEqual([]);
});

test('a one-node group whose node dies while starting is never reported ready', async () => {
  const dir = stateDir();
  const template = {
    Resources: {
      DefaultUser: { Type: 'AWS::ElastiCache::User', Properties: { UserId: 'd', UserName: 'default', Engine: 'redis', AccessString: 'on ~* +gett', Passwords: ['p'.repeat(16)] } },
      Group: { Type: 'AWS::ElastiCache::UserGroup', Properties: { UserGroupId: 'g', Engine: 'redis', UserIds: [{ Ref: 'DefaultUser' }] } },
      One: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'one', NumCacheClusters: 1, TransitEncryptionEnabled: true, UserGroupIds: [{ Ref: 'Group' }] } },
    },
  };
  const before = new Set(readdirSync('/proc').filter((p) => /^\d+$/.test(p)));
  const e = await LocalEngine.start(template, { stateDir: dir }).catch((x: Error) => x);
  expect(e).toBeInstanceOf(Error);
  // Rejected before start (access string checked against the engine's grammar) or when the node dies: either way it names it.
  expect((e as Error).message).toMatch(/One-0001-001|\+gett/);
  const leftovers = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && !before.has(p))
    .filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    });
  expect(leftovers.map(Number).filter(isAlive)).toEqual([]);
});

test('cluster mode: when start returns, every node lists every replica in CLUSTER SLOTS and every replica link is up', async () => {
  const engine = await LocalEngine.start({
    Resources: {
      Cache: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { ReplicationGroupDescription: 'ready', Engine: 'valkey', ClusterMode: 'enabled', NumNodeGroups: 3, ReplicasPerNodeGroup: 2, TransitEncryptionEnabled: true, AuthToken: 'readiness-token-012345' },
      },
    },
  });
  try {
    const c = engine.cache('Cache');
    const ca = readFileSync(c.caFile!, 'utf8');
    // Immediately: no retry, no wait.
    const views = await Promise.all(
      c.nodes.map(async (n) => {
        const r = new Redis({ host: n.host, port: n.port, tls: { ca, servername: 'localhost' }, password: c.authToken!, lazyConnect: true });
        await r.connect();
        const slots = (await r.call('CLUSTER', 'SLOTS')) as unknown[][];
        const link = /master_link_status:up/.test(await r.info('replication'));
        r.disconnect();
        return { role: n.role, replicasListed: slots.map((s) => s.length - 3), link };
      }),
    );
    for (const v of views) {
      expect(v.replicasListed).toEqual([2, 2, 2]);
      if (v.role === 'replica') expect(v.link).toBe(true);
    }
  } finally {
    await engine.stop();
  }
});
