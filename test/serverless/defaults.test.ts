import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { FakeUserGroup } from './helpers';
import { CacheEngine, EngineType } from '../../src/engine';
import { MemcachedEngineVersion, RedisEngineVersion, ValkeyEngineVersion } from '../../src/engine-version';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { ServerlessCacheBase } from '../../src/serverless/serverless-cache-base';
import { asMetric, logicalIdOf, stackWithVpc } from '../helpers/stack';

const SC = 'AWS::ElastiCache::ServerlessCache';

describe('ServerlessCache defaults', () => {
  const { stack, vpc } = stackWithVpc();
  const cache = new ServerlessCache(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);

  test('Valkey 8 with a rotating customer-managed key, private subnets, own security group', () => {
    template.hasResourceProperties(SC, {
      Engine: 'valkey',
      MajorEngineVersion: '8',
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }],
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] }],
      CacheUsageLimits: Match.absent(),
      SnapshotRetentionLimit: Match.absent(),
      UserGroupId: Match.absent(),
    });
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('a generated lowercase name of at most 40 characters', () => {
    const name = Object.values(template.findResources(SC))[0].Properties.ServerlessCacheName as string;
    expect(name).toMatch(/^[a-z][a-z0-9]*$/);
    expect(name.length).toBeLessThanOrEqual(40);
  });

  test('deleted with the stack by default', () => {
    template.hasResource(SC, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('the security group has no ingress and no egress', () => {
    const [sg] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('ElastiCache serverless') } }));
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
  });

  test('endpoints: endpoint and readerEndpoint from the CFN attributes, ports 6379 and 6380', () => {
    expect(stack.resolve(cache.endpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'Endpoint.Address'] });
    expect(stack.resolve(cache.endpoint.port)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'Endpoint.Port'] });
    expect(stack.resolve(cache.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ReaderEndpoint.Address'] });
    expect(stack.resolve(cache.readerEndpoint.port)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ReaderEndpoint.Port'] });
    expect([cache.port, cache.readerPort]).toEqual([6379, 6380]);
    expect(stack.resolve(cache.serverlessCacheName)).toEqual({ Ref: logicalIdOf(cache) });
    expect(stack.resolve(cache.serverlessCacheArn)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ARN'] });
    expect(stack.resolve(cache.serverlessCacheStatus)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'Status'] });
    expect(stack.resolve(cache.fullEngineVersion)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'FullEngineVersion'] });
    expect(ServerlessCache.isServerlessCache(cache)).toBe(true);
    expect(ServerlessCache.isServerlessCache(stack)).toBe(false);
  });

  test('allowDefaultPortFrom opens both 6379 and 6380 in one rule', () => {
    const { stack: s, vpc: v } = stackWithVpc();
    const c = new ServerlessCache(s, 'Cache', { vpc: v });
    c.connections.allowDefaultPortFrom(new ec2.SecurityGroup(s, 'App', { vpc: v }));
    Template.fromStack(s).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { IpProtocol: 'tcp', FromPort: 6379, ToPort: 6380 });
  });

  test('metrics use the clusterId dimension (not CacheClusterId nor ServerlessCacheName)', () => {
    const m = asMetric(cache.metricProcessingUnitsConsumed());
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('ElastiCacheProcessingUnits');
    expect(stack.resolve(m.dimensions)).toEqual({ clusterId: { Ref: logicalIdOf(cache) } });
    expect(m.statistic).toBe('Sum');
    const names = [cache.metricCacheHitCount(), cache.metricCacheMissCount(), cache.metricCacheHitRate(), cache.metricDataStored(),
      cache.metricNetworkBytesIn(), cache.metricNetworkBytesOut(), cache.metricActiveConnections(), cache.metricWriteRequestLatency(),
      cache.metricReadRequestLatency(), cache.metricThrottledCmds()].map(asMetric).map((x) => `${x.metricName}/${x.statistic}`);
    expect(names).toEqual(['CacheHits/Sum', 'CacheMisses/Sum', 'CacheHitRate/Average', 'BytesUsedForCache/Maximum', 'NetworkBytesIn/Sum',
      'NetworkBytesOut/Sum', 'CurrConnections/Maximum', 'SuccessfulWriteRequestLatency/Average', 'SuccessfulReadRequestLatency/Average', 'ThrottledCmds/Sum']);
  });

  test('grantConnect grants elasticache:Connect on the cache ARN', () => {
    const { stack: s, vpc: v } = stackWithVpc();
    const c = new ServerlessCache(s, 'Cache', { vpc: v });
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    c.grantConnect(role);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: ['elasticache:Connect', 'elasticache:DescribeServerlessCaches'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalIdOf(c), 'ARN'] } }] },
    });
  });
});

describe('ServerlessCache overrides', () => {
  test.each([
    [CacheEngine.valkey(ValkeyEngineVersion.VER_7_2), 'valkey', '7'],
    [CacheEngine.redis(RedisEngineVersion.VER_7_1), 'redis', '7'],
    [CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22), 'memcached', '1.6'],
  ])('engine %s renders Engine and MajorEngineVersion', (engine, type, major) => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc, engine });
    Template.fromStack(stack).hasResourceProperties(SC, { Engine: type, MajorEngineVersion: major });
  });

  test('Memcached serverless opens 11211-11212', () => {
    const { stack, vpc } = stackWithVpc();
    const c = new ServerlessCache(stack, 'Cache', { vpc, engine: CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22) });
    c.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'App', { vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11211, ToPort: 11212 });
  });

  test('every setting is rendered', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    const group = new FakeUserGroup(stack, 'Users', EngineType.VALKEY);
    new ServerlessCache(stack, 'Cache', {
      vpc,
      vpcSubnets: { subnets: [vpc.privateSubnets[0]] },
      securityGroups: [sg],
      serverlessCacheName: 'sessions',
      description: 'Session store',
      cacheUsageLimits: {
        dataStorageMinimumSize: Size.gibibytes(1),
        dataStorageMaximumSize: Size.gibibytes(100),
        requestRateLimitMinimum: 1000,
        requestRateLimitMaximum: 100000,
      },
      encryptionKey: key,
      userGroup: group,
      snapshotRetention: Duration.days(7),
      dailySnapshotTime: '04:30',
      finalSnapshotName: 'sessions-final',
      snapshotArnsToRestore: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:snap'],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const t = Template.fromStack(stack);
    t.hasResource(SC, {
      Properties: {
        ServerlessCacheName: 'sessions',
        Description: 'Session store',
        CacheUsageLimits: { DataStorage: { Minimum: 1, Maximum: 100, Unit: 'GB' }, ECPUPerSecond: { Minimum: 1000, Maximum: 100000 } },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
        SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }],
        SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'GroupId'] }],
        UserGroupId: 'users',
        SnapshotRetentionLimit: 7,
        DailySnapshotTime: '04:30',
        FinalSnapshotName: 'sessions-final',
        SnapshotArnsToRestore: ['arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:snap'],
      },
      DeletionPolicy: 'Retain',
    });
    t.resourceCountIs('AWS::KMS::Key', 1); // only MyKey: the cache created no key of its own
  });

  test('only a maximum storage limit', () => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc, cacheUsageLimits: { dataStorageMaximumSize: Size.gibibytes(10) } });
    Template.fromStack(stack).hasResourceProperties(SC, { CacheUsageLimits: { DataStorage: { Maximum: 10, Unit: 'GB' }, ECPUPerSecond: Match.absent() } });
  });

  test.each([
    ['valkey cache, redis group', CacheEngine.VALKEY_8_2, EngineType.REDIS],
    ['valkey cache, valkey group', CacheEngine.VALKEY_8_2, EngineType.VALKEY],
    ['redis cache, redis group', CacheEngine.redis(RedisEngineVersion.VER_7_1), EngineType.REDIS],
    ['redis cache, group of unknown engine', CacheEngine.redis(RedisEngineVersion.VER_7_1), undefined],
  ])('user group compatibility: %s is accepted', (_name, engine, groupEngine) => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc, engine, userGroup: new FakeUserGroup(stack, 'Users', groupEngine) });
    Template.fromStack(stack).hasResourceProperties(SC, { UserGroupId: 'users' });
  });
});

describe('ServerlessCache import', () => {
  const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });

  test('by name', () => {
    const c = ServerlessCacheBase.fromServerlessCacheName(stack, 'ByName', 'sessions');
    expect(stack.resolve(c.serverlessCacheArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:111111111111:serverlesscache:sessions']],
    });
    expect(stack.resolve(asMetric(c.metric('CacheHits')).dimensions)).toEqual({ clusterId: 'sessions' });
  });

  test('by ARN', () => {
    const c = ServerlessCacheBase.fromServerlessCacheArn(stack, 'ByArn', 'arn:aws:elasticache:eu-west-1:111111111111:serverlesscache:orders');
    expect(c.serverlessCacheName).toBe('orders');
  });

  test('with attributes: security groups, engine ports, endpoints', () => {
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const c = ServerlessCacheBase.fromServerlessCacheAttributes(stack, 'Attrs', {
      serverlessCacheName: 'mc',
      engine: CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_22),
      securityGroups: [sg],
      endpointAddress: 'mc-abc.serverless.euw1.cache.amazonaws.com',
    }) as any;
    expect(c.endpoint.socketAddress).toBe('mc-abc.serverless.euw1.cache.amazonaws.com:11211');
    expect(c.readerEndpoint.socketAddress).toBe('mc-abc.serverless.euw1.cache.amazonaws.com:11212');
    c.connections.allowDefaultPortFrom(new ec2.SecurityGroup(stack, 'App', { vpc }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11211, ToPort: 11212 });
  });

  test('name and ARN together, or neither, are rejected', () => {
    expect(() => ServerlessCacheBase.fromServerlessCacheAttributes(stack, 'Both', { serverlessCacheName: 'a', serverlessCacheArn: 'arn:aws:elasticache:eu-west-1:1:serverlesscache:a' }))
      .toThrow('[ServerlessCache.Import] give only one of serverlessCacheName and serverlessCacheArn (at S/Both)');
    expect(() => ServerlessCacheBase.fromServerlessCacheAttributes(stack, 'None', {}))
      .toThrow('[ServerlessCache.Import] give serverlessCacheName or serverlessCacheArn (at S/None)');
  });

  test('endpoint of an import without the address throws', () => {
    const c = ServerlessCacheBase.fromServerlessCacheName(stack, 'NoAddr', 'x') as any;
    expect(() => c.endpoint).toThrow('[ServerlessCache.Import] endpointAddress was not given to fromServerlessCacheAttributes() (at S/NoAddr)');
  });
});
