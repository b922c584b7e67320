import { Template } from 'aws-cdk-lib/assertions';
import { ClusterMode, ReplicationGroup } from '../../src';
import { resourcesUnder, stackWithVpc } from '../helpers/stack';

// Golden templates: any change to what the library renders by default shows up here in review.
describe('ReplicationGroup golden templates', () => {
  test('minimal: new ReplicationGroup(stack, "Cache", { vpc })', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc });
    expect(resourcesUnder(Template.fromStack(stack).toJSON(), 'Cache')).toMatchSnapshot();
  });

  test('cluster mode enabled', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 2 });
    expect(resourcesUnder(Template.fromStack(stack).toJSON(), 'Cache')).toMatchSnapshot();
  });
});

