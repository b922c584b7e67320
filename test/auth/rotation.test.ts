import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { encodeCommand } from '../../src/auth/rotation/rotate-secret.lambda';
import { ClusterMode } from '../../src/replication-group/options';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { stackWithVpc } from '../helpers/stack';

describe('AUTH token rotation (default)', () => {
  const { stack, vpc } = stackWithVpc();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);

  test('rotates the generated token every 30 days with the library function', () => {
    expect(cache.authTokenRotation).toBeDefined();
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheAuthTokenRotationFunction'), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('the function: Node.js 24 in the VPC, reserved concurrency, DLQ, KMS, JSON logs, tracing', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: 1,
      Timeout: 900,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^CacheAuthTokenRotationLogs') } }),
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }], SecurityGroupIds: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          TARGET: 'replication-group',
          REPLICATION_GROUP_ID: { Ref: Match.stringLikeRegexp('^Cache') },
          ENDPOINT_ADDRESS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cache'), 'PrimaryEndPoint.Address'] },
          ENDPOINT_PORT: '6379',
        }),
      },
    });
  });

  test('the role has no AWS managed policy and no inline policy; the function waits for its policy', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('Rotation') } }))[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => id.startsWith('CacheAuthTokenRotation'))).toEqual([]);
    const fn = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }))[0][1];
    expect(fn.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^CacheAuthTokenRotationPolicy/)]));
  });

  test('log group: KMS and one year; DLQ: KMS and TLS only', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('security group: egress 443 and the cache port to the cache only; the cache lets the function in', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('Rotation function'),
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' })],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      FromPort: 6379, DestinationSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] },
    });
  });

  test('the function may modify only this replication group', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['elasticache:ModifyReplicationGroup', 'elasticache:DescribeReplicationGroups'],
          Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':replicationgroup:$'), { Ref: Match.stringLikeRegexp('^Cache') }])] },
        })]),
      },
    });
  });
});

describe('AUTH token rotation (overrides)', () => {
  test('custom interval', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, authTokenRotation: Duration.days(7) });
    Template.fromStack(stack).hasResourceProperties('AWS::SecretsManager::RotationSchedule', { RotationRules: { ScheduleExpression: 'rate(7 days)' } });
  });

  test('Duration.days(0) turns rotation off', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, authTokenRotation: Duration.days(0) });
    expect(cache.authTokenRotation).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  test('cluster mode enabled: the connection test uses the configuration endpoint', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ENDPOINT_ADDRESS: { 'Fn::GetAtt': [Match.anyValue(), 'ConfigurationEndPoint.Address'] } }) },
    });
  });

  test('no rotation when the user gives the token or turns AUTH off', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, authTokenEnabled: false });
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });
});

describe('rotation handler', () => {
  test('AUTH is encoded in RESP', () => {
    expect(encodeCommand(['AUTH', 'user', 'pässword'])).toBe('*3\r\n$4\r\nAUTH\r\n$4\r\nuser\r\n$9\r\npässword\r\n');
  });
});
