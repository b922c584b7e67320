import { readFileSync } from 'node:fs';
import { LocalEngine } from '../src/local';
const shards = Number(process.env.SHARDS ?? 30);
const cpu = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
(async () => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const e = await LocalEngine.start({ Resources: { Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', ClusterMode: 'enabled', NumNodeGroups: shards, ReplicasPerNodeGroup: 2, TransitEncryptionEnabled: process.env.TLS !== '0', AuthToken: process.env.TLS !== '0' ? 'benchmark-auth-token-0123456789' : undefined } } } });
  const up = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const { execSync } = require('node:child_process');
  const out = execSync(`ps -C valkey-server -o pid=`).toString().trim().split(/\s+/).map(Number);
  const total = out.reduce((a: number, p: number) => a + cpu(p), 0);
  console.error(`up ${Math.round(up)} ms; node cpu ${Math.round((c.user + c.system) / 1000)} ms; ${out.length} servers cpu ${total} ms`);
  await e.stop();
})();
