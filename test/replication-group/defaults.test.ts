import { Duration, RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CacheEngine, ClusterMode, IReplicationGroup, NetworkType, NodeType, ParameterGroup, RedisEngineVersion, ReplicationGroup,
  SubnetGroup, TransitEncryptionMode, ValkeyEngineVersion,
} from '../../src';
import { logicalIdOf, stackWithVpc } from '../helpers/stack';

const RG = 'AWS::ElastiCache::ReplicationGroup';

test('cluster mode enabled groups are resharded online on a template change (UpdatePolicy UseOnlineResharding); others have no update policy', () => {
  const { stack, vpc } = stackWithVpc();
  new ReplicationGroup(stack, 'Sharded', { vpc, clusterMode: ClusterMode.ENABLED });
  new ReplicationGroup(stack, 'Single', { vpc });
  const groups = Template.fromStack(stack).findResources(RG);
  const policies = Object.entries(groups).map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.UpdatePolicy]);
  expect(policies).toEqual([['Sharded', { UseOnlineResharding: true }], ['Single', undefined]]);
});

describe('ReplicationGroup defaults', () => {
  const { stack, vpc } = stackWithVpc();
  new ReplicationGroup(stack, 'Cache', { vpc });
  const template = Template.fromStack(stack);

  test('renders every secure default explicitly', () => {
    template.hasResourceProperties(RG, {
      Engine: 'valkey',
      EngineVersion: '8.2',
      CacheNodeType: 'cache.r7g.large',
      Port: 6379,
      ClusterMode: 'disabled',
      NumCacheClusters: 2,
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      SnapshotRetentionLimit: 15,
      AutoMinorVersionUpgrade: true,
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^CacheSubnets') },
      CacheParameterGroupName: { Ref: Match.stringLikeRegexp('^CacheParameters') },
    });
  });

  test('takes a final snapshot on deletion and replacement', () => {
    template.hasResource(RG, { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
  });

  test('the AUTH token is a Secrets Manager dynamic reference, never plaintext', () => {
    const rg = Object.values(template.findResources(RG))[0];
    const token = JSON.stringify(rg.Properties.AuthToken);
    expect(token).toContain('{{resolve:secretsmanager:');
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true, IncludeSpace: false },
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheKey'), 'Arn'] },
    });
  });

  test('the KMS key rotates and is retained', () => {
    template.hasResource('AWS::KMS::Key', { Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
  });

  test('a subnet group of the private subnets is created', () => {
    template.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    template.hasResourceProperties('AWS::ElastiCache::SubnetGroup', {
      SubnetIds: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }],
    });
  });

  test('the parameter group sets cluster-enabled from the cluster mode', () => {
    template.hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey8',
      Properties: { 'cluster-enabled': 'no' },
    });
  });

  test('the security group has no ingress (but from the AUTH token rotation function) and no egress', () => {
    const sgs = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('ElastiCache') } });
    const [sg] = Object.values(sgs);
    expect(sg.Properties.SecurityGroupIngress).toBeUndefined();
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32' })]);
    // The only ingress: the rotation function's connection test (AUTH with the pending token).
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6379,
      ToPort: 6379,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CacheAuthTokenRotation[0-9a-f]{8}SecurityGroup'), 'GroupId'] },
    });
  });
});

describe('ReplicationGroup overrides', () => {
  test('connections.allowDefaultPortFrom opens the cache port to the application only', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, port: 6390 });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc });
    cache.connections.allowDefaultPortFrom(app);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 6390,
      ToPort: 6390,
      IpProtocol: 'tcp',
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^App'), 'GroupId'] },
    });
  });

  test('cluster mode enabled renders shards, replicas and cluster-enabled yes', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 4, replicasPerShard: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties(RG, { ClusterMode: 'enabled', NumNodeGroups: 4, ReplicasPerNodeGroup: 2, NumCacheClusters: Match.absent() });
    t.hasResourceProperties('AWS::ElastiCache::ParameterGroup', { Properties: { 'cluster-enabled': 'yes' } });
    expect(stack.resolve(cache.configurationEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ConfigurationEndPoint.Address'] });
    expect(() => cache.primaryEndpoint).toThrow(/primaryEndpoint is only available with cluster mode disabled; this group has clusterMode 'enabled'; use configurationEndpoint/);
  });

  test('cluster mode enabled defaults to 3 shards', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED });
    Template.fromStack(stack).hasResourceProperties(RG, { NumNodeGroups: 3, ReplicasPerNodeGroup: 1 });
  });

  test('shards with slots and zones render NodeGroupConfiguration', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      clusterMode: ClusterMode.ENABLED,
      replicasPerShard: 1,
      shards: [
        { slots: '0-8191', primaryAvailabilityZone: 'us-east-1a', replicaAvailabilityZones: ['us-east-1b'] },
        { slots: '8192-16383', primaryAvailabilityZone: 'us-east-1b', replicaAvailabilityZones: ['us-east-1a'] },
      ],
    });
    Template.fromStack(stack).hasResourceProperties(RG, {
      NumNodeGroups: 2,
      NodeGroupConfiguration: [
        { NodeGroupId: '0001', Slots: '0-8191', PrimaryAvailabilityZone: 'us-east-1a', ReplicaAvailabilityZones: ['us-east-1b'], ReplicaCount: 1 },
        { NodeGroupId: '0002', Slots: '8192-16383', PrimaryAvailabilityZone: 'us-east-1b', ReplicaAvailabilityZones: ['us-east-1a'], ReplicaCount: 1 },
      ],
    });
  });

  test('compatible mode keeps one shard', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.COMPATIBLE });
    Template.fromStack(stack).hasResourceProperties(RG, { ClusterMode: 'compatible', NumNodeGroups: 1 });
  });

  test('every secure default can be turned off', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      replicasPerShard: 0,
      multiAz: false,
      automaticFailover: false,
      atRestEncryption: false,
      transitEncryption: false,
      authTokenEnabled: false,
      snapshotRetention: Duration.days(0),
      autoMinorVersionUpgrade: false,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const t = Template.fromStack(stack);
    t.hasResource(RG, {
      Properties: {
        NumCacheClusters: 1,
        MultiAZEnabled: false,
        AutomaticFailoverEnabled: false,
        AtRestEncryptionEnabled: false,
        KmsKeyId: Match.absent(),
        TransitEncryptionEnabled: false,
        TransitEncryptionMode: Match.absent(),
        AuthToken: Match.absent(),
        SnapshotRetentionLimit: 0,
        AutoMinorVersionUpgrade: false,
      },
      DeletionPolicy: 'Delete',
    });
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
  });

  test('engine, node type, port, windows, restore, networking and notifications', () => {
    const { stack, vpc } = stackWithVpc({ dualStack: true });
    const topic = new sns.Topic(stack, 'Topic');
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      engine: CacheEngine.redis(RedisEngineVersion.VER_7_1),
      nodeType: NodeType.M7G_XLARGE,
      port: 6380,
      snapshotWindow: '03:00-04:00',
      maintenanceWindow: 'Sun:05:00-Sun:06:30',
      snapshotName: 'my-snapshot',
      networkType: NetworkType.DUAL_STACK,
      replicationGroupId: 'My-Cache',
      description: 'sessions',
      notificationTopic: topic,
      transitEncryptionMode: TransitEncryptionMode.REQUIRED,
    });
    Template.fromStack(stack).hasResourceProperties(RG, {
      Engine: 'redis',
      EngineVersion: '7.1',
      CacheNodeType: 'cache.m7g.xlarge',
      Port: 6380,
      SnapshotWindow: '03:00-04:00',
      PreferredMaintenanceWindow: 'sun:05:00-sun:06:30',
      SnapshotName: 'my-snapshot',
      NetworkType: 'dual_stack',
      ReplicationGroupId: 'my-cache',
      ReplicationGroupDescription: 'sessions',
      NotificationTopicArn: { Ref: Match.stringLikeRegexp('^Topic') },
    });
  });

  test('a given key, subnet group, security groups and parameter group are used instead of new ones', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const subnetGroup = new SubnetGroup(stack, 'MySubnets', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
    const sg = new ec2.SecurityGroup(stack, 'MySg', { vpc });
    const pg = ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.valkey8');
    new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey: key, subnetGroup, securityGroups: [sg], parameterGroup: pg });
    const t = Template.fromStack(stack);
    // No cache key: only the given one and the key of the stack's shared AUTH-token rotation function.
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter((id) => !/^CacheAuthTokenRotation[0-9a-f]{8}Key/.test(id))).toEqual([expect.stringMatching(/^MyKey/)]);
    t.resourceCountIs('AWS::ElastiCache::SubnetGroup', 1);
    t.resourceCountIs('AWS::ElastiCache::ParameterGroup', 0);
    t.hasResourceProperties(RG, {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] },
      CacheSubnetGroupName: { Ref: Match.stringLikeRegexp('^MySubnets') },
      SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^MySg'), 'GroupId'] }],
      CacheParameterGroupName: 'default.valkey8',
    });
  });

  test('user parameters are merged into the created parameter group', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      engine: CacheEngine.valkey(ValkeyEngineVersion.VER_7_2),
      parameters: { 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ex' },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::ParameterGroup', {
      CacheParameterGroupFamily: 'valkey7',
      Properties: { 'cluster-enabled': 'no', 'maxmemory-policy': 'allkeys-lru', 'notify-keyspace-events': 'Ex' },
    });
  });

  test('a given AUTH token is used as given and no secret is created', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, authToken: SecretValue.secretsManager('my-token') });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    t.hasResourceProperties(RG, { AuthToken: '{{resolve:secretsmanager:my-token:SecretString:::}}' });
  });

  test('r6gd node types turn data tiering on', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R6GD_XLARGE });
    Template.fromStack(stack).hasResourceProperties(RG, { DataTieringEnabled: true });
  });

  test('primary and reader endpoints with cluster mode disabled', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    expect(stack.resolve(cache.primaryEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'PrimaryEndPoint.Address'] });
    expect(stack.resolve(cache.readerEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(cache), 'ReaderEndPoint.Address'] });
    expect(() => cache.configurationEndpoint).toThrow(/configurationEndpoint is only available with cluster mode enabled/);
    expect(stack.resolve(cache.replicationGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:', { Ref: logicalIdOf(cache) }]],
    });
  });

  test('fromReplicationGroupAttributes imports a group', () => {
    const { stack, vpc } = stackWithVpc();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const imported = ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', {
      replicationGroupId: 'existing', securityGroups: [sg], port: 6390, primaryEndpointAddress: 'primary.example',
    });
    expect(imported.replicationGroupId).toBe('existing');
    expect(stack.resolve(imported.replicationGroupArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:replicationgroup:existing']],
    });
    imported.connections.allowDefaultPortFrom(ec2.Peer.ipv4('10.0.0.0/16'));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', FromPort: 6390, ToPort: 6390, IpProtocol: 'tcp' }],
    });
  });

  test('IReplicationGroup carries the endpoints: given addresses are used, missing ones and the wrong mode throw naming what to use', () => {
    const { stack, vpc } = stackWithVpc();
    const groups: IReplicationGroup[] = [
      ReplicationGroup.fromReplicationGroupAttributes(stack, 'Imported', { replicationGroupId: 'existing', port: 6390, primaryEndpointAddress: 'primary.example' }),
      new ReplicationGroup(stack, 'Cme', { vpc, clusterMode: ClusterMode.ENABLED }),
    ];
    expect([groups[0].primaryEndpoint.hostname, groups[0].primaryEndpoint.port]).toEqual(['primary.example', 6390]);
    expect(() => groups[0].readerEndpoint).toThrow(/\[ReplicationGroup.Import\] readerEndpointAddress was not given to fromReplicationGroupAttributes\(\)/);
    expect(stack.resolve(groups[1].configurationEndpoint.hostname)).toEqual({ 'Fn::GetAtt': [logicalIdOf(groups[1]), 'ConfigurationEndPoint.Address'] });
    expect(() => groups[1].primaryEndpoint).toThrow(/primaryEndpoint is only available with cluster mode disabled.*use configurationEndpoint/);
  });
});

// The default key and AUTH token are a plain kms.Key and secretsmanager.Secret
// (docs/decisions/0007-plain-key-and-secret.md).
describe('ReplicationGroup generated key and AUTH token', () => {
  const ROOT = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:root']] };

  test('the key policy: the account administers the key, Secrets Manager (for the AUTH token) and CloudWatch Logs of the account may use it', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc });
    const keys = Template.fromStack(stack).findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('^Encrypts ElastiCache') } });
    expect(Object.values(keys).map((k: any) => k.Properties.KeyPolicy)).toEqual([{
      Version: '2012-10-17',
      Statement: [
        { Action: 'kms:*', Effect: 'Allow', Principal: { AWS: ROOT }, Resource: '*' },
        // What Secret adds to the key it is given.
        {
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          Resource: '*',
        },
        {
          Action: ['kms:CreateGrant', 'kms:DescribeKey'],
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: ROOT },
          Resource: '*',
        },
        {
          Sid: 'AllowCloudWatchLogsOfThisAccount',
          Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']] } } },
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Resource: '*',
        },
      ],
    }]);
  });

  test('encryptionKey and authTokenSecret are the kms.Key and Secret the cache created', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const key = cache.encryptionKey!;
    const secret = cache.authTokenSecret!;
    expect(key).toBeInstanceOf(kms.Key);
    expect(secret).toBeInstanceOf(secretsmanager.Secret);
    expect(key).toBe(cache.node.findChild('Key'));
    expect(secret).toBe(cache.node.findChild('AuthToken'));
    const keyLogicalId = stack.getLogicalId(key.node.defaultChild as kms.CfnKey);
    expect(secret.encryptionKey).toBe(key);
    expect(key.node.path).toBe('TestStack/Cache/Key');
    expect(stack.resolve(key.keyArn)).toEqual({ 'Fn::GetAtt': [keyLogicalId, 'Arn'] });
    expect(stack.resolve(key.keyId)).toEqual({ Ref: keyLogicalId });
    expect(stack.resolve(secret.secretArn)).toEqual({ Ref: expect.stringMatching(/^CacheAuthToken/) });
    expect(stack.resolve(secret.secretFullArn)).toEqual(stack.resolve(secret.secretArn));
    // The name Secret gives a secret of its stack: the generated name without the ARN's suffix.
    expect(JSON.stringify(stack.resolve(secret.secretName))).toMatch(/^\{"Fn::Join":\["-",/);
    Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  test('grantRead on authTokenSecret: the grantee reads the secret and decrypts it through Secrets Manager, as with Secret', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const app = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    cache.authTokenSecret!.grantRead(app);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^App') }],
      PolicyDocument: {
        Statement: [{ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^CacheAuthToken') } }],
      },
    });
    // kms.Key puts the grant to a ViaServicePrincipal in the key policy: so does the cache's key.
    t.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Action: 'kms:Decrypt',
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^App'), 'Arn'] } },
          Resource: '*',
        }]),
      },
    });
    // A principal of this account needs no statement in the secret's resource policy.
    expect(JSON.stringify(t.findResources('AWS::SecretsManager::ResourcePolicy'))).not.toContain('App');
  });

  test('addToResourcePolicy on encryptionKey and authTokenSecret adds to the policies the cache renders', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, authTokenRotation: Duration.days(0) });
    const other = new iam.AccountPrincipal('111111111111');
    // Without rotation there is no resource policy until a statement needs one, as with Secret.
    expect(cache.node.findChild('AuthToken').node.tryFindChild('Policy')).toBeUndefined();
    expect(cache.encryptionKey!.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], principals: [other], resources: ['*'] })).statementAdded).toBe(true);
    cache.authTokenSecret!.addToResourcePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], principals: [other], resources: ['*'] }));
    const t = Template.fromStack(stack);
    const account = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::111111111111:root']] } };
    t.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([{ Action: 'kms:Decrypt', Effect: 'Allow', Principal: account, Resource: '*' }]) } });
    t.hasResourceProperties('AWS::SecretsManager::ResourcePolicy', {
      SecretId: { Ref: Match.stringLikeRegexp('^CacheAuthToken') },
      ResourcePolicy: { Statement: [{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Principal: account, Resource: '*' }] },
    });
    expect(Object.keys(t.findResources('AWS::SecretsManager::ResourcePolicy'))).toEqual([expect.stringMatching(/^CacheAuthTokenPolicy/)]);
  });

  test('aliases and schedules land where kms.Key and Secret put them; identical statements once', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, authTokenRotation: Duration.days(0) });
    cache.encryptionKey!.addAlias('alias/sessions');
    const rotationLambda = lambda.Function.fromFunctionArn(stack, 'Fn', 'arn:aws:lambda:us-east-1:123456789012:function:f');
    // RotationSchedule denies the account root DeleteSecret: so does the call after it, once.
    cache.authTokenSecret!.addRotationSchedule('MyRotation', { rotationLambda });
    cache.authTokenSecret!.denyAccountRootDelete();
    const t = Template.fromStack(stack);
    expect(Object.keys(t.findResources('AWS::KMS::Alias'))).toEqual([expect.stringMatching(/^CacheKeyAlias[0-9A-F]{8}$/)]);
    expect(Object.keys(t.findResources('AWS::SecretsManager::RotationSchedule'))).toEqual([expect.stringMatching(/^CacheAuthTokenMyRotation[0-9A-F]{8}$/)]);
    const policies = Object.values(t.findResources('AWS::SecretsManager::ResourcePolicy'));
    expect(policies.map((p: any) => p.Properties.ResourcePolicy.Statement.length)).toEqual([1]);
  });

  test('a statement without principal added to a resource policy fails validation, as with PolicyDocument', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    cache.encryptionKey!.addToResourcePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] }));
    expect(() => Template.fromStack(stack)).toThrow(/at least one IAM principal/);
  });

  test('a given key is granted to Secrets Manager for the secret, as Secret does', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const cache = new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey: key });
    expect(cache.encryptionKey).toBe(key);
    expect(cache.authTokenSecret!.encryptionKey).toBe(key);
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
          Principal: { AWS: ROOT },
        })]),
      },
    });
  });

  test('logical ids follow renameLogicalId and overrideLogicalId', () => {
    const { stack, vpc } = stackWithVpc();
    const cache = new ReplicationGroup(stack, 'Cache', { vpc });
    const keyResource = cache.node.findChild('Key').node.defaultChild as kms.CfnKey;
    stack.renameLogicalId(stack.getLogicalId(keyResource), 'RenamedKey');
    (cache.node.findChild('Parameters').node.defaultChild as kms.CfnKey).overrideLogicalId('MyParameters');
    const t = Template.fromStack(stack);
    t.hasResource('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('^Encrypts ElastiCache') } });
    expect(Object.keys(t.findResources('AWS::KMS::Key'))).toContain('RenamedKey');
    expect(Object.keys(t.findResources('AWS::ElastiCache::ParameterGroup'))).toEqual(['MyParameters']);
    t.hasResourceProperties(RG, { KmsKeyId: { 'Fn::GetAtt': ['RenamedKey', 'Arn'] }, CacheParameterGroupName: { Ref: 'MyParameters' } });
  });
});
