import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EXAMPLE_CONTEXT, ExampleStack } from '../../examples/example-stack';
import { ALL_PACKS, nagFindings } from '../../examples/lib/compliance';

describe('the example stack', () => {
  const app = new App({ context: EXAMPLE_CONTEXT });
  const stack = new ExampleStack(app, 'NagExample', { env: { account: '123456789012', region: 'us-east-1' } });

  test('passes the five cdk-nag packs and ElastiCacheChecks, warnings included', () => {
    expect(nagFindings(stack, { packs: ALL_PACKS, severity: 'all' })).toEqual([]);
  });

  test('its network is a CacheNetwork: isolated subnets in three zones, four endpoints, flow logs', () => {
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::Subnet', 3);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
  });
});
