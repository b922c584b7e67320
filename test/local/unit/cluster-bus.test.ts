import { keepsClientPortsApart, plaintextBus, RedisNodePlan, renderNodesConf, renderRedisConf } from '../../../src/local/redis/config';
import { RedisCacheSpec } from '../../../src/local/topology/model';

// With TLS required, the nodes of a cluster talk over a plaintext bus on loopback; clients and replication keep TLS
// (docs/decisions/0104).
const node: RedisNodePlan = { name: 'C-0001-001', host: '127.0.0.1', shard: 0, index: 0, port: 7000, busPort: 7001, nodeId: 'a'.repeat(40), dir: '/tmp/x' };
const tls = { caFile: '/t/ca.pem', certFile: '/t/s.pem', keyFile: '/t/s.key', ca: '' };
const spec = (mode: 'required' | 'preferred' | undefined) =>
  ({ logicalId: 'C', kind: 'replication-group', clusterMode: true, tls: mode !== undefined, tlsMode: mode, parameters: {}, users: [], shards: [] }) as unknown as RedisCacheSpec;
const conf = (mode: 'required' | 'preferred' | undefined, version: string, flavour = 'valkey', plainPort?: number) =>
  renderRedisConf({
    spec: spec(mode), node: { ...node, plainPort }, tls: mode ? tls : undefined, aclFile: '/t/acl', adminPassword: 'x', maxmemory: '1mb', binary: { flavour, version },
  }).split('\n');

test('Valkey and Redis >= 7.2 keep the plaintext and TLS client ports apart; Redis 7.0 does not', () => {
  expect(keepsClientPortsApart({ flavour: 'valkey', version: '8.0.1' })).toBe(true);
  expect(keepsClientPortsApart({ flavour: 'redis', version: '7.2.4' })).toBe(true);
  expect(keepsClientPortsApart({ flavour: 'redis', version: '8.0.2' })).toBe(true);
  expect(keepsClientPortsApart({ flavour: 'redis', version: '7.0.15' })).toBe(false);
  expect(keepsClientPortsApart({ flavour: 'redis', version: '6.2.14' })).toBe(false);
});

test('TLS required: plaintext bus, no plaintext client port, TLS replication', () => {
  expect(plaintextBus(spec('required'), node)).toBe(true);
  const lines = conf('required', '8.0.1');
  expect(lines).toEqual(expect.arrayContaining(['port 0', 'tls-port 7000', 'tls-replication yes', 'tls-cluster no', 'cluster-port 7001']));
  expect(lines.filter((l) => l.startsWith('cluster-announce-port') || l.startsWith('cluster-announce-tls-port'))).toEqual([]);
});

test('TLS required on Redis 7.0: the one announced client port is the TLS port', () => {
  expect(conf('required', '7.0.15', 'redis')).toEqual(expect.arrayContaining(['tls-cluster no', 'cluster-announce-port 7000']));
});

test('TLS preferred keeps the TLS bus (how its two client ports are announced); no TLS, no TLS anywhere', () => {
  expect(plaintextBus(spec('preferred'), { plainPort: 7002 })).toBe(false);
  expect(conf('preferred', '8.0.1', 'valkey', 7002)).toEqual(expect.arrayContaining(['tls-cluster yes', 'cluster-announce-tls-port 7000', 'cluster-announce-port 7002']));
  expect(plaintextBus(spec(undefined), node)).toBe(false);
  expect(conf(undefined, '8.0.1').filter((l) => l.startsWith('tls'))).toEqual([]);
});

test('nodes.conf with a plaintext bus: the TLS client port as an aux field, next to the shard id', () => {
  const p = { nodeId: 'p'.repeat(40), port: 0, busPort: 0 };
  const a = { nodeId: 'a'.repeat(40), port: 7000, busPort: 7001 };
  const s = 's'.repeat(40);
  expect(renderNodesConf([{ node: a, slots: [[0, 16383]], epoch: 1 }], a, undefined, true)).toBe(
    `${a.nodeId} 127.0.0.1:7000@7001,,tcp-port=0,tls-port=7000 myself,master - 0 0 1 connected 0-16383\nvars currentEpoch 1 lastVoteEpoch 0\n`,
  );
  const withShard = renderNodesConf(
    [{ node: p, slots: [[0, 16383]], epoch: 1, placeholder: true, shardId: s }, { node: a, slots: [], masterId: p.nodeId, epoch: 0, shardId: s }],
    a,
    '127.0.0.1:1@1',
    true,
  );
  expect(withShard.split('\n').slice(0, 2)).toEqual([
    `${p.nodeId} 127.0.0.1:1@1,,shard-id=${s} master - 0 0 1 disconnected 0-16383`,
    `${a.nodeId} 127.0.0.1:7000@7001,,shard-id=${s},tcp-port=0,tls-port=7000 myself,slave ${p.nodeId} 0 0 0 connected`,
  ]);
});
