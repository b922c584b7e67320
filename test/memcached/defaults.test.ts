import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NetworkType } from '../../src/common/network-type';
import { CacheEngine } from '../../src/engine';
import { MemcachedEngineVersion } from '../../src/engine-version';
import { MemcachedCluster } from '../../src/memcached/memcached-cluster';
import { MemcachedClusterBase } from '../../src/memcached/memcached-cluster-base';
import { AzMode, IpDiscovery } from '../../src/memcached/options';
import { SubnetGroup } from '../../src/network/subnet-group';
import { NodeType } from '../../src/node-type';
import { ParameterGroup } from '../../src/parameter-group';
import { asMetric, logicalIdOf, stackWithVpc } from '../helpers/stack';

const CC = 'AWS::ElastiCache::CacheCluster';

describe('MemcachedCluster defaults', () => {
  const { stack, vpc } = stackWithVpc();
  const cache = new MemcachedCluster(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);

  test('two r7g.large nodes across AZs, Memcached 1.6.22, TLS on, port 11211', () => {
    template.hasResourceProperties(CC, {
      Engine: 'memcached',
      EngineVersion: '1.6.22',
      CacheNodeType: 'cache.r7g.large',
      NumCacheNodes: 2,
      AZMode: 'cross-az',
      Port: 11211,
      TransitEncryptionEnabled: true,
      AutoMinorVersionUpgrade: true,
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnets') },
      CacheParameterGroupName: { Ref: Match.stringLikeRegexp('^CacheParameters') },
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheSecurityGroup'), 'GroupId'] }],
    });
  });

  test('no at-rest encryption, snapshot or auth property is rendered', () => {
    const props = Object.values(template.findResources(CC))[0].Properties;
    for (const key of ['AtRestEncryptionEnabled', 'SnapshotRetentionLimit', 'SnapshotWindow', 'SnapshotArns', 'SnapshotName', 'AuthToken', 'ClusterName', 'PreferredAvailabilityZones']) {
      expect(props[key]).toBeUndefined();
    }
  });

  test('deleted with the stack (no data durability, no snapshots)', () => {
    template.hasResource(CC, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('a memcached1.6 parameter group without parameters', () => {
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { CacheParameterGroupFamily: 'memcached1.6', Properties: Match.absent() });
  });

  test('a subnet group of the private subnets', () => {
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }],
    });
  });

  test('the security group has no ingress and no egress', () => {
    const [sg] = Object.values(template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('ElastiCache memcached') } }));
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
  });

  test('no warning for the default cluster', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('attributes: configuration endpoint from the CFN attributes', () => {
    expect(stack.resolve(cache.configurationEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ConfigurationEndpoint.Address'] });
    expect(stack.resolve(cache.configurationEndpoint.port)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ConfigurationEndpoint.Port'] });
    expect(cache.port).toBe(11211);
    expect(stack.resolve(cache.cacheClusterId)).toEqual({ Ref: logicalIdOf(cache) });
    expect(stack.resolve(cache.cacheClusterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:cluster:', { Ref: logicalIdOf(cache) }]],
    });
  });

  test('node endpoints are derived from the configuration endpoint (.cfg. -> .000N.)', () => {
    const endpoints = cache.nodeEndpoints;
    expect(endpoints).toHaveLength(2);
    const split = { 'Fn::Split': ['.cfg.', { 'Fn::GetAtt': [logicalIdOf(cache), 'ConfigurationEndpoint.Address'] }] };
    expect(stack.resolve(endpoints[1].hostname)).toEqual({
      'Fn::Join': ['', [{ 'Fn::Select': [0, split] }, '.0002.', { 'Fn::Select': [1, split] }]],
    });
    expect(endpoints[0].port).toBe(11211);
    expect(() => cache.nodeEndpoint(3)).toThrow('[MemcachedCluster.NodeEndpoint] nodeNumber must be an integer between 1 and 2, got 3');
  });

  test('connections open the port from a peer', () => {
    const { stack: s, vpc: v } = stackWithVpc();
    const c = new MemcachedCluster(s, 'Cache', { vpc: v });
    const app = new ec2.SecurityGroup(s, 'App', { vpc: v });
    c.connections.allowDefaultPortFrom(app);
    Template.fromStack(s).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11211, ToPort: 11211, IpProtocol: 'tcp' });
  });

  test('metrics: AWS/ElastiCache with the CacheClusterId dimension', () => {
    const m = asMetric(cache.metricCPUUtilization());
    expect(m.namespace).toBe('AWS/ElastiCache');
    expect(m.metricName).toBe('CPUUtilization');
    expect(stack.resolve(m.dimensions)).toEqual({ CacheClusterId: { Ref: logicalIdOf(cache) } });
    expect(m.statistic).toBe('Average');
    expect(asMetric(cache.metricCurrConnections()).statistic).toBe('Maximum');
    expect(asMetric(cache.metricEvictions()).statistic).toBe('Sum');
    expect(asMetric(cache.metricGetHits()).metricName).toBe('GetHits');
    expect(asMetric(cache.metricGetMisses()).metricName).toBe('GetMisses');
    expect(asMetric(cache.metricBytesUsedForCacheItems()).metricName).toBe('BytesUsedForCacheItems');
    const node = cache.metricForNode('CPUUtilization', '0001');
    expect(stack.resolve(node.dimensions)).toEqual({ CacheClusterId: { Ref: logicalIdOf(cache) }, CacheNodeId: '0001' });
  });
});

describe('MemcachedCluster overrides', () => {
  test('one node defaults to single-az', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc, numNodes: 1 });
    Template.fromStack(stack).hasResourceProperties(CC, { NumCacheNodes: 1, AZMode: 'single-az' });
  });

  test('every setting is rendered', () => {
    const { stack, vpc } = stackWithVpc({ dualStack: true });
    const topic = new sns.Topic(stack, 'Topic');
    new MemcachedCluster(stack, 'Cache', {
      vpc,
      engine: CacheEngine.memcached(MemcachedEngineVersion.VER_1_6_17),
      nodeType: NodeType.M7G_LARGE,
      numNodes: 3,
      azMode: AzMode.CROSS_AZ,
      preferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
      port: 11311,
      parameters: { max_item_size: '10485760' },
      maintenanceWindow: 'SUN:23:00-MON:01:30',
      autoMinorVersionUpgrade: false,
      networkType: NetworkType.DUAL_STACK,
      ipDiscovery: IpDiscovery.IPV6,
      cacheClusterId: 'My-Cache',
      notificationTopic: topic,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const t = Template.fromStack(stack);
    t.hasResource(CC, {
      Properties: {
        ClusterName: 'my-cache',
        EngineVersion: '1.6.17',
        CacheNodeType: 'cache.m7g.large',
        NumCacheNodes: 3,
        PreferredAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1a'],
        Port: 11311,
        PreferredMaintenanceWindow: 'sun:23:00-mon:01:30',
        AutoMinorVersionUpgrade: false,
        NetworkType: 'dual_stack',
        IpDiscovery: 'ipv6',
        NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Topic') },
      },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { max_item_size: '10485760' } });
  });

  test('TLS can be turned off', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc, transitEncryption: false, engine: CacheEngine.memcached(MemcachedEngineVersion.of('1.6.6')) });
    Template.fromStack(stack).hasResourceProperties(CC, { TransitEncryptionEnabled: false, EngineVersion: '1.6.6' });
  });

  test('existing subnet group, security groups and parameter group', () => {
    const { stack, vpc } = stackWithVpc();
    const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
    new MemcachedCluster(stack, 'Cache', {
      vpc,
      subnetGroup: SubnetGroup.fromSubnetGroupName(stack, 'Sn', 'shared'),
      securityGroups: [sg],
      parameterGroup: ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.memcached1.6'),
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::ElastiCache::SubnetGroup', 0);
    t.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    t.hasResourceProperties(CC, {
      CacheSubnetGroupName: 'shared',
      CacheParameterGroupName: 'default.memcached1.6',
      VpcSecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Mine'), 'GroupId'] }],
    });
  });

  test('vpcSubnets selects the subnets of the created subnet group', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc, vpcSubnets: { subnets: [vpc.privateSubnets[0]] } });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::SubnetGroup', { SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }] });
  });

  test('an explicit nodeType warns that changing it replaces the cluster', () => {
    const { stack, vpc } = stackWithVpc();
    new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.M7G_LARGE, cacheClusterId: 'sessions' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Cache', Match.stringLikeRegexp(
      "changing nodeType \\(cache.m7g.large\\) later replaces the Memcached cluster.*with the fixed cacheClusterId 'sessions' CloudFormation cannot replace it"));
  });
});

describe('MemcachedCluster import', () => {
  test('fromMemcachedClusterAttributes', () => {
    const stack = new Stack(undefined, 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const imported = MemcachedClusterBase.fromMemcachedClusterAttributes(stack, 'Imported', {
      cacheClusterId: 'sessions',
      securityGroups: [sg],
      configurationEndpointAddress: 'sessions.abc123.cfg.euw1.cache.amazonaws.com',
    });
    expect(imported.configurationEndpoint.socketAddress).toBe('sessions.abc123.cfg.euw1.cache.amazonaws.com:11211');
    expect(stack.resolve(imported.cacheClusterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:eu-west-1:111111111111:cluster:sessions']],
    });
    expect(stack.resolve(asMetric(imported.metric('Evictions')).dimensions)).toEqual({ CacheClusterId: 'sessions' });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    imported.connections.allowDefaultPortFrom(app);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 11211, ToPort: 11211 });
  });

  test('configurationEndpoint of an import without the address throws', () => {
    const stack = new Stack();
    const imported = MemcachedClusterBase.fromMemcachedClusterAttributes(stack, 'Imported', { cacheClusterId: 'sessions', port: 11311 });
    expect(() => imported.configurationEndpoint).toThrow('[MemcachedCluster.Import] configurationEndpointAddress was not given to fromMemcachedClusterAttributes() (at Default/Imported)');
  });
});
