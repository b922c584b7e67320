import { LocalEngine } from '../src/local';
(async () => {
  const e = await LocalEngine.start({ Resources: { Big: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', Engine: 'valkey', CacheNodeType: 'cache.r7g.large', ClusterMode: 'enabled', NumNodeGroups: 30, ReplicasPerNodeGroup: 2, TransitEncryptionEnabled: true, AuthToken: 'benchmark-auth-token-0123456789' } } } }, { stateDir: '/tmp/st90' } as any);
  await new Promise((r) => setTimeout(r, 1000));
  require('child_process').execSync('rm -rf /tmp/st90-logs; cp -r /tmp/st90/run /tmp/st90-logs');
  await e.stop();
})();
