import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { LocalEngine } from '../src/local';
(async () => {
  const e = await LocalEngine.start({ Resources: { Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', ClusterMode: 'enabled', NumNodeGroups: Number(process.env.SH ?? 2), ReplicasPerNodeGroup: 1, TransitEncryptionEnabled: true, AuthToken: 'benchmark-auth-token-0123456789' } } } });
  const c = e.cache('Big');
  const n = c.nodes[0];
  const r = new Redis({ host: n.host, port: n.port, tls: { ca: readFileSync(c.caFile!, 'utf8'), servername: 'localhost' }, password: c.authToken! });
  console.log(JSON.stringify(await r.call('CLUSTER', 'SHARDS')));
  console.log(JSON.stringify(await r.call('CLUSTER', 'SLOTS')));
  console.log(await r.call('CLUSTER', 'NODES'));
  console.log('nodes', c.nodes.map((x) => x.port));
  r.disconnect();
  await e.stop();
})();
