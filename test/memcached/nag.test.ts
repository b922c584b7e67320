import { CfnCacheCluster } from 'aws-cdk-lib/aws-elasticache';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MemcachedCluster } from '../../src/memcached/memcached-cluster';
import { NAG_PACKS } from '../helpers/nag';
import { stackWithVpc } from '../helpers/stack';

// cdk-nag v3: packs are policy-validation plugins; validateScope() returns the unacknowledged findings.
const packs = NAG_PACKS.map((p) => [p.name, p.create] as const);

describe('MemcachedCluster cdk-nag', () => {
  test.each(packs)('%s: no unacknowledged error on the resources the library creates', (_name, pack) => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    new MemcachedCluster(stack, 'Cache', { vpc });
    const report = pack().validateScope(stack);
    const ours = report.violations
      .filter((v) => v.severity === 'error')
      .flatMap((v) => v.violatingResources.filter((r) => r.constructPath?.startsWith('TestStack/Cache/')).map((r) => `${v.ruleName} ${r.constructPath}`));
    expect(ours).toEqual([]);
  });

  test('AEC5 is acknowledged with a reason only while the port is 11211', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    new MemcachedCluster(stack, 'Cache', { vpc });
    new MemcachedCluster(stack, 'Custom', { vpc, port: 11311 });
    const report = new AwsSolutionsChecks().validateScope(stack);
    const aec5 = report.violations.filter((v) => v.ruleName === 'AwsSolutions-AEC5').flatMap((v) => v.violatingResources.map((r) => r.constructPath));
    expect(aec5).toEqual([]);
    const { stack: stack2, vpc: vpc2 } = stackWithVpc({ flowLogs: true });
    const c = new MemcachedCluster(stack2, 'Cache', { vpc: vpc2 });
    const acks = c.node.findChild('Resource').node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(JSON.stringify(acks)).toContain('AwsSolutions-AEC5');
    expect(JSON.stringify(acks)).toContain('0500-memcached-port');
  });

  test('sanity: the pack flags AEC5 on a bare Memcached CfnCacheCluster on 11211', () => {
    const { stack } = stackWithVpc({ flowLogs: true });
    new CfnCacheCluster(stack, 'Bare', { engine: 'memcached', cacheNodeType: 'cache.r7g.large', numCacheNodes: 1, port: 11211 });
    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-AEC1', 'AwsSolutions-AEC5']));
  });
});
