import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { Construct } from 'constructs';
import { harnessCoverage, validateTemplate } from './validate-template';
import { EXAMPLE_CONTEXT, ExampleStack } from '../../examples/example-stack';
import { AccessString, GlobalDatastore, IamUser, ReplicationGroup, ServerlessCache, UserGroup } from '../../src';
import { stackWithVpc } from '../helpers/stack';

describe('the schema harness', () => {
  test('every Template.fromStack goes through it (jest setup file): a bad L1 property fails the synth of the test', () => {
    const stack = new Stack();
    new CfnReplicationGroup(stack, 'Bad', { replicationGroupDescription: 'x', engine: 'redis', engineVersion: '6.2', transitEncryptionEnabled: true, transitEncryptionMode: 'required' });
    expect(() => Template.fromStack(stack)).toThrow(
      "The synthesized template breaks 1 CloudFormation/ElastiCache rule(s):\n  Bad (AWS::ElastiCache::ReplicationGroup) TransitEncryptionMode 'required' is not supported on Redis OSS 6.2");
  });

  test('validateTemplate on a hand-written template: unknown property and missing required property', () => {
    expect(() => validateTemplate({
      Resources: {
        Q: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30, Colour: 'red' } },
        L: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction' } },
      },
    })).toThrow(
      /Q \(AWS::SQS::Queue\) Properties: unknown property 'Colour'\n {2}L \(AWS::Lambda::Permission\) Properties: must have required property 'FunctionName'/);
  });

  test('the example stack (every construct of the library) is clean, and every resource type it renders has a schema', () => {
    const app = new App({ context: EXAMPLE_CONTEXT });
    const stack = new ExampleStack(app, 'HarnessExample', { env: { account: '123456789012', region: 'us-east-1' } });
    Template.fromStack(stack);
    const unknown = [...harnessCoverage.unknown].filter((t) => !t.startsWith('Custom::'));
    expect(unknown).toEqual([]);
    // ElastiCache, KMS, Secrets Manager, Lambda, SQS, EC2, Logs, IAM, CloudWatch, SNS, Application Auto Scaling...
    expect([...harnessCoverage.validated].filter((t) => t.startsWith('AWS::ElastiCache::')).sort()).toEqual(expect.arrayContaining([
      'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::SubnetGroup',
    ]));
    console.log(`harness: ${harnessCoverage.validated.size} resource types validated: ${[...harnessCoverage.validated].sort().join(', ')}`);
  });
});

describe('generated names stay within ElastiCache limits for long construct paths', () => {
  test('serverless cache, users, user groups and a global datastore under deep, long ids', () => {
    const { stack, vpc } = stackWithVpc();
    const deep = new Construct(new Construct(stack, 'A'.repeat(60)), 'Very-Long_Construct.Id'.repeat(3));
    new ServerlessCache(deep, 'ServerlessCacheWithAVeryLongConstructIdIndeed', { vpc });
    const user = new IamUser(deep, 'UserWithAVeryLongConstructIdThatGoesOnAndOn', { accessString: AccessString.readOnly('app:') });
    const group = new UserGroup(deep, 'GroupWithAVeryLongConstructIdThatGoesOnAndOn', { users: [user] });
    const primary = new ReplicationGroup(deep, 'CacheWithAVeryLongConstructIdThatGoesOnAndOn', { vpc, userGroup: group });
    new GlobalDatastore(deep, 'GlobalWithAVeryLongConstructIdThatGoesOnAndOn', { primary });
    const json = Template.fromStack(stack).toJSON(); // the harness checks ids, names and patterns
    const names = Object.values(json.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)
      .flatMap((r) => [r.Properties?.ServerlessCacheName, r.Properties?.UserId, r.Properties?.UserGroupId])
      .filter((n): n is string => typeof n === 'string');
    expect(names.length).toBeGreaterThanOrEqual(3);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(40);
  });
});
