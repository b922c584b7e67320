import { execSync } from 'node:child_process';
import { LocalEngine } from '../src/local';
(async () => {
  for (let i = 0; i < 15; i++) {
    execSync('rm -rf /tmp/st9');
    const t0 = performance.now();
    const e = await LocalEngine.start({ Resources: { Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', ClusterMode: 'enabled', NumNodeGroups: 3, ReplicasPerNodeGroup: 2, TransitEncryptionEnabled: true, AuthToken: 'benchmark-auth-token-0123456789' } } } }, { stateDir: '/tmp/st9' } as any);
    const ms = performance.now() - t0;
    console.log(`run ${i}: ${Math.round(ms)} ms`);
    if (ms > 1200) { execSync('rm -rf /tmp/st9-logs; cp -r /tmp/st9/run /tmp/st9-logs'); await e.stop(); break; }
    await e.stop();
  }
})();
