import { Template } from 'aws-cdk-lib/assertions';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { resourcesUnder, stackWithVpc } from '../helpers/stack';

// Golden template of the library's resources (not the test VPC): any change to what the library renders by default
// shows up here in review.
describe('ServerlessCache golden template', () => {
  test('minimal: new ServerlessCache(stack, "Cache", { vpc })', () => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc });
    expect(resourcesUnder(Template.fromStack(stack).toJSON(), 'Cache')).toMatchSnapshot();
  });
});

