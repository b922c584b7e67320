import { Template } from 'aws-cdk-lib/assertions';
import { ClusterMode, ReplicationGroup } from '../../src';
import { stackWithVpc } from '../helpers/stack';

// Golden templates: any change to what the library renders by default shows up here in review.
describe('ReplicationGroup golden templates', () => {
  test('minimal: new ReplicationGroup(stack, "Cache", { vpc })', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc });
    expect(cacheResources(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });

  test('cluster mode enabled', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 2 });
    expect(cacheResources(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });
});

/** The resources the library created (the test VPC is not ours to freeze); asset hashes masked. */
function cacheResources(template: any): any {
  const resources = Object.fromEntries(Object.entries(template.Resources).filter(([id]) => id.startsWith('Cache')));
  return JSON.parse(JSON.stringify(resources).replace(/[0-9a-f]{64}\.zip/g, '<asset-hash>.zip'));
}
