import { Template } from 'aws-cdk-lib/assertions';
import { MemcachedCluster } from '../../src/memcached/memcached-cluster';
import { resourcesUnder, stackWithVpc } from '../helpers/stack';

// Golden template of the library's resources (not the test VPC): any change to what the library renders by default
// shows up here in review.
describe('MemcachedCluster golden template', () => {
  test('minimal: new MemcachedCluster(stack, "Cache", { vpc })', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc });
    expect(resourcesUnder(Template.fromStack(stack).toJSON(), 'Cache')).toMatchSnapshot();
  });
});

