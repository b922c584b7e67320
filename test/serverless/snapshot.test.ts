import { Template } from 'aws-cdk-lib/assertions';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { stackWithVpc } from '../helpers/stack';

// Golden template: any change to what the library renders by default shows up here in review.
describe('ServerlessCache golden template', () => {
  test('minimal: new ServerlessCache(stack, "Cache", { vpc })', () => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc });
    expect(maskAssetHashes(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });
});

/** The test VPC's custom resource asset hash changes with aws-cdk-lib: mask it. */
function maskAssetHashes(template: any): any {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}\.zip/g, '<asset-hash>.zip'));
}
