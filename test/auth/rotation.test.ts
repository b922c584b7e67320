import { DescribeReplicationGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-elasticache';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AUTH_TOKEN_SECRET_TAG, encodeCommand, findReplicationGroup } from '../../src/auth/rotation/rotate-secret.lambda';
import { CacheSecretRotation, RotationTargetType } from '../../src/auth/rotation/secret-rotation';
import { ClusterMode } from '../../src/replication-group/options';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { stackWithVpc } from '../helpers/stack';

describe('AUTH token rotation (default)', () => {
  const { stack, vpc } = stackWithVpc();
  const cache = new ReplicationGroup(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);
  const FN = /^CacheAuthTokenRotation[0-9a-f]{8}Function/;

  test('rotates the generated token every 30 days with the shared library function', () => {
    expect(cache.authTokenRotation).toBeDefined();
    expect(cache.authTokenRotation!.node.scope).toBe(stack);
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
      RotationLambdaARN: { 'Fn::GetAtt': [Match.stringLikeRegexp(FN.source), 'Arn'] },
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('the group is tagged with the ARN of its secret (no cycle: the group already references the secret)', () => {
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Tags: Match.arrayWith([{ Key: CacheSecretRotation.AUTH_TOKEN_SECRET_TAG, Value: { Ref: Match.stringLikeRegexp('^CacheAuthToken') } }]),
    });
  });

  test('the function: Node.js 24 in the VPC, no reserved concurrency, DLQ, KMS, JSON logs, tracing, no per-group environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      ReservedConcurrentExecutions: Match.absent(),
      Timeout: 900,
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheAuthTokenRotation[0-9a-f]{8}Key'), 'Arn'] },
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON', LogGroup: { Ref: Match.stringLikeRegexp('^CacheAuthTokenRotation[0-9a-f]{8}Logs') } }),
      VpcConfig: { SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }], SecurityGroupIds: Match.anyValue() },
      Environment: { Variables: { TARGET: 'replication-group', PASSWORD_LENGTH: '64', AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1' } },
    });
  });

  test('the role has no AWS managed policy and no inline policy; the function waits for its policy', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('Rotation') } }))[0];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) => id.startsWith('CacheAuthTokenRotation'))).toEqual([]);
    const fn = Object.entries(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }))[0][1];
    expect(fn.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^CacheAuthTokenRotation[0-9a-f]{8}Policy/)]));
  });

  test('the schedule waits for the permissions and the invoke permission of Secrets Manager', () => {
    const schedule = Object.values(template.findResources('AWS::SecretsManager::RotationSchedule'))[0];
    expect(schedule.DependsOn).toEqual(expect.arrayContaining([
      expect.stringMatching(/Policy/), expect.stringMatching(/Targets1/), expect.stringMatching(/InvokeBySecretsManager/),
    ]));
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', { Principal: 'secretsmanager.amazonaws.com', SourceAccount: '123456789012' });
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
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6379, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheAuthTokenRotation[0-9a-f]{8}SecurityGroup'), 'GroupId'] },
    });
  });

  test('the function may modify only the groups, read only the secrets and use only the keys it rotates', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Sid: 'RotatedSecrets', Resource: { Ref: Match.stringLikeRegexp('^CacheAuthToken') } }),
          Match.objectLike({
            Sid: 'ReplicationGroups',
            Action: ['elasticache:ModifyReplicationGroup', 'elasticache:ListTagsForResource'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':replicationgroup:$'), { Ref: Match.stringLikeRegexp('^Cache') }])] },
          }),
          Match.objectLike({
            Sid: 'SecretKeys',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          }),
        ],
      },
    });
  });
});

describe('AUTH token rotation (shared)', () => {
  test('one function per stack and VPC for every cache; one per subnet selection', () => {
    const { stack, vpc } = stackWithVpc();
    const caches = [0, 1, 2].map((i) => new ReplicationGroup(stack, `Cache${i}`, { vpc }));
    const same = new ReplicationGroup(stack, 'Same', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } });
    const sameAgain = new ReplicationGroup(stack, 'SameAgain', { vpc, vpcSubnets: { subnets: vpc.privateSubnets } });
    const isolated = new ReplicationGroup(stack, 'OneAz', { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0]] } });
    const template = Template.fromStack(stack);
    expect(caches[1].authTokenRotation).toBe(caches[0].authTokenRotation);
    expect(caches[2].authTokenRotation).toBe(caches[0].authTokenRotation);
    expect(sameAgain.authTokenRotation).toBe(same.authTokenRotation);
    expect(isolated.authTokenRotation).not.toBe(same.authTokenRotation);
    // three rotation functions (default, explicit subnets, one subnet)
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 6);
    // each cache lets its rotation function in on its port
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 6);
  });

  test('the targets are spread over policies of at most 15 secrets (6,144-character limit of a managed policy)', () => {
    const { stack, vpc } = stackWithVpc();
    for (let i = 0; i < 16; i++) new ReplicationGroup(stack, `Cache${i}`, { vpc });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', { Properties: { Description: Match.stringLikeRegexp('^Secrets, keys') } });
    const sizes = Object.values(policies).map((p: any) => [].concat(p.Properties.PolicyDocument.Statement[0].Resource).length);
    expect(sizes).toEqual([15, 1]);
  });

  test('addSecret() with replicationGroupArn: the public way to share the function', () => {
    const { stack, vpc } = stackWithVpc();
    const rotation = new CacheSecretRotation(stack, 'R', { targetType: RotationTargetType.AUTH_TOKEN, vpc });
    const secret = new secretsmanager.Secret(stack, 'S');
    rotation.addSecret('Rotation', secret, { replicationGroupArn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:g' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReplicationGroups', Resource: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:g' })]) },
    });
  });

  test('a function given replicationGroupId keeps the per-group environment', () => {
    const { stack, vpc } = stackWithVpc();
    new CacheSecretRotation(stack, 'R', {
      targetType: RotationTargetType.AUTH_TOKEN, vpc, replicationGroupId: 'my-group', testEndpointAddress: 'my-group.example', testEndpointPort: 6380,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REPLICATION_GROUP_ID: 'my-group', ENDPOINT_ADDRESS: 'my-group.example', ENDPOINT_PORT: '6380' }) },
    });
  });
});

describe('AUTH token rotation (permissions of every construction path)', () => {
  const randomPassword = Match.objectLike({ Sid: 'RandomPassword', Action: 'secretsmanager:GetRandomPassword', Resource: '*' });
  const statementsOf = (template: Template) => Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);

  test('built with replicationGroupId, then given addSecret(..., { replicationGroupArn }): createSecret may call GetRandomPassword', () => {
    const { stack, vpc } = stackWithVpc();
    const rotation = new CacheSecretRotation(stack, 'R', { targetType: RotationTargetType.AUTH_TOKEN, vpc, replicationGroupId: 'my-group' });
    rotation.addSecret('Rotation', new secretsmanager.Secret(stack, 'S'), { replicationGroupArn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:g' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { PolicyDocument: { Statement: Match.arrayWith([randomPassword]) } });
    expect(statementsOf(template).filter((s: any) => s.Sid === 'RandomPassword')).toHaveLength(1);
  });

  test('shared function: GetRandomPassword once, however many secrets', () => {
    const { stack, vpc } = stackWithVpc();
    const rotation = new CacheSecretRotation(stack, 'R', { targetType: RotationTargetType.AUTH_TOKEN, vpc });
    for (const g of ['a', 'b']) rotation.addSecret(`Rotation${g}`, new secretsmanager.Secret(stack, `S${g}`), { replicationGroupArn: `arn:aws:elasticache:us-east-1:123456789012:replicationgroup:${g}` });
    expect(statementsOf(Template.fromStack(stack)).filter((s: any) => s.Sid === 'RandomPassword')).toHaveLength(1);
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

  test('cluster mode enabled: tagged too, and the shared function may reach it on its port', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, port: 6390 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Tags: Match.arrayWith([Match.objectLike({ Key: 'cdk-elasticache:auth-token-secret' })]),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 6390, ToPort: 6390 });
  });

  test('reservedConcurrentExecutions opts in to a reservation; 0, negatives and fractions are refused', () => {
    const { stack, vpc } = stackWithVpc();
    new CacheSecretRotation(stack, 'Reserved', { targetType: RotationTargetType.USER_PASSWORD, vpc, reservedConcurrentExecutions: 5 });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 5 });
    for (const bad of [0, -1, 1.5]) {
      expect(() => new CacheSecretRotation(stack, `Bad${String(bad).replace(/\W/g, '')}`, {
        targetType: RotationTargetType.USER_PASSWORD, vpc, reservedConcurrentExecutions: bad,
      })).toThrow(`[CacheSecretRotation.ReservedConcurrency] reservedConcurrentExecutions must be a whole number of at least 1, got ${bad}; `
        + "leave it out to use the account's unreserved pool");
    }
  });

  test('the shared function of a replication group takes a reservation through its CfnFunction (README escape hatch)', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    (cache.authTokenRotation!.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = 5;
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', ReservedConcurrentExecutions: 5 });
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

  /** A fake ElastiCache: pages of groups, tags per ARN, AccessDenied on the groups of other functions. */
  function fakeElastiCache(pages: any[][], tags: Record<string, Array<{ Key: string; Value: string }> | 'denied'>) {
    const calls: string[] = [];
    const client = {
      async send(command: DescribeReplicationGroupsCommand | ListTagsForResourceCommand): Promise<any> {
        if (command instanceof DescribeReplicationGroupsCommand) {
          const page = Number(command.input.Marker ?? '0');
          calls.push(`describe ${page}`);
          return { ReplicationGroups: pages[page], Marker: page + 1 < pages.length ? String(page + 1) : undefined };
        }
        const arn = command.input.ResourceName!;
        calls.push(`tags ${arn}`);
        const found = tags[arn];
        if (found === 'denied') throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
        return { TagList: found ?? [] };
      },
    };
    return { client, calls };
  }
  const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:CacheAuthToken-AbCdEf';
  const group = (id: string, extra: object = {}) => ({
    ReplicationGroupId: id, ARN: `arn:aws:elasticache:us-east-1:123456789012:replicationgroup:${id}`, ...extra,
  });
  const arn = (id: string) => `arn:aws:elasticache:us-east-1:123456789012:replicationgroup:${id}`;

  test('finds the tagged group on a later page, skipping groups it may not read, with the primary endpoint', async () => {
    const { client, calls } = fakeElastiCache([
      [group('other'), group('foreign')],
      [group('mine', { NodeGroups: [{ PrimaryEndpoint: { Address: 'mine.cache.amazonaws.com', Port: 6380 } }] })],
    ], {
      [arn('other')]: [{ Key: AUTH_TOKEN_SECRET_TAG, Value: `${SECRET}x` }],
      [arn('foreign')]: 'denied',
      [arn('mine')]: [{ Key: 'env', Value: 'prod' }, { Key: AUTH_TOKEN_SECRET_TAG, Value: SECRET }],
    });
    await expect(findReplicationGroup(client, SECRET)).resolves.toEqual({ replicationGroupId: 'mine', address: 'mine.cache.amazonaws.com', port: 6380 });
    expect(calls).toEqual(['describe 0', `tags ${arn('other')}`, `tags ${arn('foreign')}`, 'describe 1', `tags ${arn('mine')}`]);
  });

  test('cluster mode enabled: the configuration endpoint', async () => {
    const { client } = fakeElastiCache([[group('cme', {
      ConfigurationEndpoint: { Address: 'clustercfg.cme.cache.amazonaws.com', Port: 6379 },
      NodeGroups: [{ NodeGroupId: '0001' }],
    })]], { [arn('cme')]: [{ Key: AUTH_TOKEN_SECRET_TAG, Value: SECRET }] });
    await expect(findReplicationGroup(client, SECRET)).resolves.toEqual({ replicationGroupId: 'cme', address: 'clustercfg.cme.cache.amazonaws.com', port: 6379 });
  });

  test('no tagged group: a clear error; other errors are not swallowed', async () => {
    const { client } = fakeElastiCache([[group('a')], []], {});
    await expect(findReplicationGroup(client, SECRET)).rejects.toThrow(`no replication group is tagged ${AUTH_TOKEN_SECRET_TAG}=${SECRET}`);
    const failing = {
      async send(command: any): Promise<any> {
        if (command instanceof DescribeReplicationGroupsCommand) return { ReplicationGroups: [group('a')] };
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
    };
    await expect(findReplicationGroup(failing, SECRET)).rejects.toThrow('throttled');
  });

  test('the handler and the construct agree on the tag key', () => {
    expect(AUTH_TOKEN_SECRET_TAG).toBe(CacheSecretRotation.AUTH_TOKEN_SECRET_TAG);
  });
});
