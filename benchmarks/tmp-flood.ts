import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { LocalEngine } from '../src/local';
const cpu = () => execSync(`ps -C valkey-server -o pid=`).toString().trim().split(/\s+/).map(Number).reduce((a, p) => { try { const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' '); return a + (Number(f[11]) + Number(f[12])) * 10; } catch { return a; } }, 0);
(async () => {
  const e = await LocalEngine.start({ Resources: { Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', ClusterMode: 'enabled', NumNodeGroups: 30, ReplicasPerNodeGroup: 2, TransitEncryptionEnabled: true, AuthToken: 'benchmark-auth-token-0123456789' } } } });
  const rc = (e as any).running.runtimes[0];
  const set = (ms: number) => Promise.all(rc.nodes.filter((n: any) => n.role === 'replica').map((n: any) => n.admin.call('CONFIG', 'SET', 'cluster-node-timeout', String(ms))));
  for (const ms of [5000, 1000, 5000, 1000]) {
    await set(ms);
    await new Promise((r) => setTimeout(r, 500));
    const c0 = cpu();
    await new Promise((r) => setTimeout(r, 2000));
    console.log(`replica timeout ${ms}: servers ${cpu() - c0} ms CPU in 2 s`);
  }
  await e.stop();
})();
