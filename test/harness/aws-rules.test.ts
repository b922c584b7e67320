import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { templateErrors } from './validate-template';
import {
  CacheEngine, GlobalDatastore, MemcachedCluster, MemcachedEngineVersion, NetworkType, NodeType, ParameterGroup, RedisEngineVersion, ReplicationGroup,
  SecondaryReplicationGroup, ServerlessCache, TransitEncryptionMode, ValkeyEngineVersion,
} from '../../src';
import { stackWithVpc } from '../helpers/stack';

const REDIS_6_2 = CacheEngine.redis(RedisEngineVersion.VER_6_2);

describe('rules of issue 12 (deploy failures the registry schemas cannot see)', () => {
  test('Redis OSS below 7.0 with TLS renders no TransitEncryptionMode (AWS rejects it there)', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, engine: REDIS_6_2 });
    const props = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::ReplicationGroup'))[0].Properties;
    expect(props.TransitEncryptionEnabled).toBe(true);
    expect(props.TransitEncryptionMode).toBeUndefined();
  });

  test('Redis OSS 7.0 and Valkey keep TransitEncryptionMode required', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Redis7', { vpc, engine: CacheEngine.redis(RedisEngineVersion.VER_7_0) });
    new ReplicationGroup(stack, 'Valkey', { vpc });
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::ElastiCache::ReplicationGroup'));
    expect(groups.map((g) => g.Properties.TransitEncryptionMode)).toEqual(['required', 'required']);
  });

  test("'preferred' below Redis OSS 7.0 is an error", () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', {
      vpc, engine: REDIS_6_2, transitEncryptionMode: TransitEncryptionMode.PREFERRED, authTokenEnabled: false,
    })).toThrow("[ReplicationGroup.TransitModeVersion] transitEncryptionMode 'preferred' is not supported on Redis OSS 6.2: ElastiCache accepts a transit encryption mode from Redis OSS 7.0 (and on Valkey); leave it unset (TLS is then required) or use Redis OSS 7.0 or later (at TestStack/Cache)");
  });

  test('an asymmetric KMS key as encryptionKey is an error (replication group and serverless)', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'Rsa', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT });
    const message = 'encryptionKey must be a symmetric KMS key (KeySpec SYMMETRIC_DEFAULT), got a key of spec RSA_2048: ElastiCache supports symmetric customer managed keys only';
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, encryptionKey: key })).toThrow(`[ReplicationGroup.EncryptionKeySpec] ${message}`);
    expect(() => new ServerlessCache(stack, 'Serverless', { vpc, encryptionKey: key })).toThrow(`[ServerlessCache.EncryptionKeySpec] ${message}`);
    const globalDatastore = new GlobalDatastore(stack, 'Global', { primary: new ReplicationGroup(stack, 'Primary', { vpc }) });
    const other = new Stack(stack.node.root as App, 'West', { env: { account: '123456789012', region: 'us-west-2' } });
    const westKey = new kms.Key(other, 'Rsa', { keySpec: kms.KeySpec.RSA_2048, keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT });
    expect(() => new SecondaryReplicationGroup(other, 'Cache', { globalDatastore, vpc: new ec2.Vpc(other, 'Vpc', { maxAzs: 2 }), encryptionKey: westKey }))
      .toThrow(`[SecondaryReplicationGroup.EncryptionKeySpec] ${message}`);
  });

  test.each([['cache.m3.large'], ['cache.r3.large'], ['cache.t1.micro'], ['cache.m1.small'], ['cache.c1.xlarge'], ['cache.m2.xlarge']])(
    'previous-generation node type %s is an error', (name) => {
      const { stack, vpc } = stackWithVpc();
      expect(() => new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.of(name) })).toThrow(
        `[MemcachedCluster.PreviousGenerationNodeType] nodeType ${name} is previous generation: ElastiCache no longer creates clusters on it; use a current node type such as cache.t4g.small`);
      expect(NodeType.of(name).previousGeneration).toBe(true);
    });

  test('a parameter out of its allowed values, and one ElastiCache does not let you modify, are errors', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, parameters: { 'maxmemory-policy': 'lru', 'reserved-memory-percent': '120', 'maxmemory': '100' } })).toThrow(
      "[ReplicationGroup.Parameter] parameters['maxmemory-policy'] must be one of volatile-lru, allkeys-lru, volatile-lfu, allkeys-lfu, volatile-random, allkeys-random, volatile-ttl, noeviction, got 'lru'; "
      + "parameters['reserved-memory-percent'] must be an integer between 0 and 100, got '120'; "
      + "parameters['maxmemory'] cannot be set: ElastiCache does not let a parameter group change 'maxmemory' (valkey8) (at TestStack/Cache)");
    expect(() => new MemcachedCluster(stack, 'Memcached', { vpc, parameters: { binding_protocol: 'http' } })).toThrow(
      "[MemcachedCluster.Parameter] parameters['binding_protocol'] must be one of ascii, binary, auto, got 'http'");
  });

  test('a ParameterGroup with a bad value fails at synthesis', () => {
    const stack = new Stack();
    const group = new ParameterGroup(stack, 'Params', { engine: CacheEngine.VALKEY_8_2 });
    group.addParameter('activedefrag', 'maybe');
    expect(() => Template.fromStack(stack)).toThrow(
      "[ParameterGroup.Parameter] parameters['activedefrag'] must be one of yes, no, got 'maybe' (at Default/Params)");
  });

  test('a parameter group of another family than the engine is an error', () => {
    const { stack, vpc } = stackWithVpc();
    const parameterGroup = new ParameterGroup(stack, 'Params', { engine: CacheEngine.valkey(ValkeyEngineVersion.VER_7_2) });
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, parameterGroup })).toThrow(
      '[ReplicationGroup.ParameterGroupFamily] parameterGroup is of family valkey7, but valkey 8.2 needs a parameter group of family valkey8 (at TestStack/Cache)');
  });

  test('dual-stack and IPv6 need IPv6 subnets and an engine that supports them', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, networkType: NetworkType.DUAL_STACK })).toThrow(
      "[ReplicationGroup.NetworkType] networkType 'dual_stack' needs subnets with an IPv6 CIDR block, but TestStack/Vpc/PrivateSubnet1, TestStack/Vpc/PrivateSubnet2 have none; "
      + 'create the VPC with ipProtocol: ec2.IpProtocol.DUAL_STACK or use networkType ipv4 (at TestStack/Cache)');
    const dual = stackWithVpc({ dualStack: true });
    expect(() => new MemcachedCluster(dual.stack, 'Old', {
      vpc: dual.vpc, engine: CacheEngine.memcached(MemcachedEngineVersion.of('1.6.6')), networkType: NetworkType.IPV6, transitEncryption: false,
    })).not.toThrow();
    expect(() => new ReplicationGroup(dual.stack, 'Redis6', {
      vpc: dual.vpc, engine: CacheEngine.redis(RedisEngineVersion.of('6.0')), networkType: NetworkType.IPV6,
    })).toThrow("[ReplicationGroup.NetworkType] networkType 'ipv6' needs redis 6.2 or later, got redis 6.0");
  });
});

describe('the template rules of the harness (src/spec/template-rules.ts) on hand-written L1 templates', () => {
  const rg = (props: object) => ({ Resources: { Rg: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { ReplicationGroupDescription: 'x', ...props } } } });

  test('TransitEncryptionMode below Redis OSS 7.0', () => {
    expect(templateErrors(rg({ Engine: 'redis', EngineVersion: '6.2', TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' }))).toEqual([
      "Rg (AWS::ElastiCache::ReplicationGroup) TransitEncryptionMode 'required' is not supported on Redis OSS 6.2: ElastiCache accepts a transit encryption mode from Redis OSS 7.0 (and on Valkey); leave it unset (TLS is then required) or use Redis OSS 7.0 or later",
    ]);
  });

  test('an unknown property, a wrong type and a value outside a registry enum', () => {
    expect(templateErrors(rg({ Engin: 'valkey', NumCacheClusters: 'two', DataTieringEnabled: 'yes' }))).toEqual([
      "Rg (AWS::ElastiCache::ReplicationGroup) Properties: unknown property 'Engin'",
      'Rg (AWS::ElastiCache::ReplicationGroup) Properties.DataTieringEnabled: must be boolean',
      'Rg (AWS::ElastiCache::ReplicationGroup) Properties.DataTieringEnabled: must be equal to one of the allowed values: ["true","false"]',
      'Rg (AWS::ElastiCache::ReplicationGroup) Properties.NumCacheClusters: must be integer',
      'Rg (AWS::ElastiCache::ReplicationGroup) Properties.NumCacheClusters: must match pattern "^-?[0-9]+$"',
    ]);
  });

  test('a secondary of a global datastore sets nothing it inherits; an asymmetric key; a generated id too long', () => {
    const template = {
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' } },
        Primary: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: { ReplicationGroupDescription: 'x', ReplicationGroupId: `a${'b'.repeat(40)}`, AtRestEncryptionEnabled: true, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
        },
        Secondary: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: { ReplicationGroupDescription: 'x', GlobalReplicationGroupId: 'g', Engine: 'valkey', CacheNodeType: 'cache.r7g.large' },
        },
      },
    };
    expect(templateErrors(template)).toEqual([
      `Primary (AWS::ElastiCache::ReplicationGroup) ReplicationGroupId must be 1-40 letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'a${'b'.repeat(40)}'`,
      'Primary (AWS::ElastiCache::ReplicationGroup) KmsKeyId must be a symmetric KMS key (KeySpec SYMMETRIC_DEFAULT), got a key of spec RSA_2048: ElastiCache supports symmetric customer managed keys only',
      'Secondary (AWS::ElastiCache::ReplicationGroup) joins a global datastore (GlobalReplicationGroupId) and must not set Engine, CacheNodeType: a secondary inherits them from the primary',
    ]);
  });
});
