import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTopology, loadTemplate, TemplateError } from '../../../src/local';
import { parseKeyValues, readParametersFile } from '../../../src/local/template/parameters';
import { parseTemplateText } from '../../../src/local/template/parse';
import { RedisCacheSpec } from '../../../src/local/topology/model';

const dir = mkdtempSync(join(tmpdir(), 'template-reading-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

function problemsOf(input: Parameters<typeof loadTemplate>[0], values?: Parameters<typeof loadTemplate>[1]): string[] {
  try {
    buildTopology(loadTemplate(input, values));
  } catch (e) {
    if (e instanceof TemplateError) return e.message.split('\n').slice(1).map((l) => l.replace(/^ {2}- /, ''));
    throw e;
  }
  throw new Error('template was accepted');
}

const YAML = `
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  NodeType:
    Type: String
    AllowedPattern: "cache\\\\.[a-z0-9]+\\\\.[a-z0-9]+"
    ConstraintDescription: must be a cache node type
  Token:
    Type: String
    NoEcho: true
    MinLength: 16
  Version:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /cache/version
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Not [!Condition IsProd]
Mappings:
  Sizes:
    dev: { Replicas: 1 }
    prod: { Replicas: 2 }
Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: !Sub "\${AWS::StackName} cache"
      Engine: redis
      CacheNodeType: !Ref NodeType
      EngineVersion: !Ref Version
      NumCacheClusters: !If [IsProd, 3, !FindInMap [Sizes, !Ref Env, Replicas]]
      TransitEncryptionEnabled: true
      AuthToken: !Ref Token
      AutomaticFailoverEnabled: !If [IsProd, true, !Ref AWS::NoValue]
  ProdOnly:
    Type: AWS::ElastiCache::CacheCluster
    Condition: IsProd
    Properties:
      Engine: memcached
      CacheNodeType: !Ref NodeType
      NumCacheNodes: 1
`;

describe('YAML with short forms', () => {
  test('every short form becomes its long form', () => {
    const t = parseTemplateText(`Resources:
  R:
    Type: X
    Properties:
      A: !Ref P
      B: !GetAtt Res.Primary.Address
      C: !Sub "\${AWS::Region}-x"
      D: !Join ["", [a, !Ref B]]
      E: !If [C, !FindInMap [M, k1, k2], !Ref AWS::NoValue]
      F: !Select [0, !Split [",", !ImportValue x]]
      G: !Base64 abc
      H: !GetAZs ""
      I: !Cidr [!GetAtt V.CidrBlock, 4, 8]
      J: !And [!Equals [a, b], !Or [!Not [!Condition C], !Condition D]]
`);
    expect(t.Resources!.R.Properties).toEqual({
      A: { Ref: 'P' },
      B: { 'Fn::GetAtt': ['Res', 'Primary.Address'] },
      C: { 'Fn::Sub': '${AWS::Region}-x' },
      D: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] },
      E: { 'Fn::If': ['C', { 'Fn::FindInMap': ['M', 'k1', 'k2'] }, { Ref: 'AWS::NoValue' }] },
      F: { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'x' }] }] },
      G: { 'Fn::Base64': 'abc' },
      H: { 'Fn::GetAZs': '' },
      I: { 'Fn::Cidr': [{ 'Fn::GetAtt': ['V', 'CidrBlock'] }, 4, 8] },
      J: { 'Fn::And': [{ 'Fn::Equals': ['a', 'b'] }, { 'Fn::Or': [{ 'Fn::Not': [{ Condition: 'C' }] }, { Condition: 'D' }] }] },
    });
  });

  test('a file that is neither JSON nor YAML is named with the reason', () => {
    const path = file('bad.yaml', 'Resources: [a\nb: c\n');
    expect(() => loadTemplate(path)).toThrow(`Cannot read template '${path}': not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
    const json = file('bad.json', '{"Resources": }');
    expect(() => loadTemplate(json)).toThrow(`Cannot read template '${json}': not valid JSON:`);
  });
});

describe('parameters, conditions, mappings', () => {
  const path = file('params.yaml', YAML);
  const good = { NodeType: 'cache.t4g.micro', Token: 'a-long-enough-token-123', Version: '7.1' };

  test('given values, defaults, FindInMap, Fn::If, NoValue and pseudo parameters apply', () => {
    const dev = buildTopology(loadTemplate(path, { parameters: good }));
    expect(dev.caches.map((c) => c.logicalId)).toEqual(['Cache']);
    const cache = dev.caches[0] as RedisCacheSpec;
    expect(cache.shards[0].replicas).toBe(0);
    expect(cache.engineVersion).toBe('7.1');
    expect(cache.authToken).toBe(good.Token);
    const prod = buildTopology(loadTemplate(path, { parameters: { ...good, Env: 'prod' } }));
    expect(prod.caches.map((c) => c.logicalId)).toEqual(['Cache', 'ProdOnly']);
    expect((prod.caches[0] as RedisCacheSpec).shards[0].replicas).toBe(2);
  });

  test('a resource whose Condition is false is not created', () => {
    const topo = buildTopology(loadTemplate(path, { parameters: good }));
    expect(topo.caches.find((c) => c.logicalId === 'ProdOnly')).toBeUndefined();
  });

  test('every problem in one error, each naming the resource and property; NoEcho values never shown', () => {
    const problems = problemsOf(path, { parameters: { Env: 'staging', NodeType: 'm5.large', Token: 'short-secret', Unknown: 'x' } });
    expect(problems).toEqual([
      'Parameters.Unknown: is not declared in the template (declared: Env, NodeType, Token, Version)',
      "Parameters.Env: value 'staging' is not one of the AllowedValues: dev, prod",
      "Parameters.NodeType: value 'm5.large' does not match AllowedPattern 'cache\\.[a-z0-9]+\\.[a-z0-9]+' (must be a cache node type)",
      'Parameters.Token: the value (not shown: NoEcho) is shorter than MinLength 16',
      'Cache.EngineVersion: parameter \'Version\' is of type AWS::SSM::Parameter::Value<String>: its value is read from SSM Parameter Store, which the local engine cannot reach; give the value with --parameters Version=<value> (option `parameters` of LocalEngine.start)',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  test('a parameter without Default is required only where the engine reads it', () => {
    const problems = problemsOf(path, { parameters: { Token: good.Token, Version: '7.1' } });
    expect(problems).toEqual([
      "Cache.CacheNodeType: parameter 'NodeType' has no value and no Default: give it with --parameters NodeType=<value> (option `parameters` of LocalEngine.start)",
    ]);
  });

  test('unknown conditions, mappings, imports and references are each reported', () => {
    const problems = problemsOf({
      Conditions: { C: { 'Fn::Equals': ['a', 'a'] } },
      Mappings: { M: { k: { v: '1' } } },
      Resources: {
        A: {
          Type: 'AWS::ElastiCache::CacheCluster',
          Condition: 'Missing',
          Properties: { Engine: 'memcached', NumCacheNodes: 1 },
        },
        B: {
          Type: 'AWS::ElastiCache::CacheCluster',
          Properties: {
            Engine: { 'Fn::FindInMap': ['M', 'k', 'w'] },
            CacheNodeType: { 'Fn::ImportValue': 'shared-node-type' },
            Port: { 'Fn::If': ['Nope', 1, 2] },
            ClusterName: { Ref: 'Nothing' },
          },
        },
      },
    });
    expect(problems).toEqual([
      "A.Condition: condition 'Missing' is not declared in Conditions (declared: C)",
      "B.Engine: Fn::FindInMap: mapping 'M'.'k' has no key 'w' (keys: v)",
      "B.CacheNodeType: Fn::ImportValue 'shared-node-type' has no value: give it with --imports shared-node-type=<value> (option `imports` of LocalEngine.start)",
      "B.Port: condition 'Nope' is not declared in Conditions (declared: C)",
      "B.ClusterName: Ref to 'Nothing', which is neither a parameter nor a resource of the template",
    ]);
  });

  test('imports and a Ref to a resource whose condition is false', () => {
    const template = {
      Conditions: { Off: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Params: { Type: 'AWS::ElastiCache::ParameterGroup', Condition: 'Off', Properties: { CacheParameterGroupFamily: 'redis7', Description: 'x', Properties: {} } },
        C: {
          Type: 'AWS::ElastiCache::CacheCluster',
          Properties: { Engine: { 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}-engine' } }, NumCacheNodes: 1, CacheParameterGroupName: { Ref: 'Params' } },
        },
      },
    };
    expect(problemsOf(template, { imports: { 'local-engine': 'redis' } })).toEqual([
      "C.CacheParameterGroupName: Ref to 'Params', which is not created: its Condition 'Off' is false",
    ]);
    const { CacheParameterGroupName: _, ...props } = template.Resources.C.Properties;
    const ok = buildTopology(loadTemplate({ Resources: { C: { Type: 'AWS::ElastiCache::CacheCluster', Properties: props } } }, { imports: { 'local-engine': 'redis' } }));
    expect(ok.caches[0].engine).toBe('redis');
  });
});

describe('parameter arguments and files', () => {
  test('Key=Value, the AWS CLI shorthand and file://', () => {
    const cfn = file('cfn-params.json', JSON.stringify([{ ParameterKey: 'A', ParameterValue: '1' }, { ParameterKey: 'B', ParameterValue: 'x=y' }]));
    const pipeline = file('pipeline.json', JSON.stringify({ Parameters: { C: '3' } }));
    expect(parseKeyValues(['X=a=b', 'ParameterKey=Y,ParameterValue=2', `file://${cfn}`], '--parameters')).toEqual({ X: 'a=b', Y: '2', A: '1', B: 'x=y' });
    expect(readParametersFile(pipeline)).toEqual({ C: '3' });
    expect(() => parseKeyValues(['nokey'], '--parameters')).toThrow("--parameters: 'nokey' is not Key=Value (or file://path.json)");
    const bad = file('bad-params.json', JSON.stringify([{ ParameterKey: 'A' }]));
    expect(() => readParametersFile(bad)).toThrow(`parameters file '${bad}': entry 0 needs ParameterKey and ParameterValue`);
  });
});

describe('cloud assembly', () => {
  test('every stack of manifest.json, nested stacks with their parameters, exports between stacks', () => {
    const out = join(dir, 'cdk.out');
    file('cdk.out/manifest.json', JSON.stringify({
      version: '36.0.0',
      artifacts: {
        Consumer: { type: 'aws:cloudformation:stack', dependencies: ['Producer'], properties: { templateFile: 'Consumer.template.json' } },
        Producer: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Producer.template.json', stackName: 'producer-stack' } },
        Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
      },
    }));
    file('cdk.out/Producer.template.json', JSON.stringify({
      Resources: {
        Cache: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', NumCacheNodes: 2 }, Metadata: { 'aws:cdk:path': 'Producer/Cache/Resource' } },
      },
      Outputs: { Engine: { Value: 'valkey', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-engine' } } } },
    }));
    file('cdk.out/Consumer.template.json', JSON.stringify({
      Resources: {
        // Same logical id as in Producer: renamed with the stack name.
        Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: { 'Fn::ImportValue': 'producer-stack-engine' }, NumCacheClusters: 1, ReplicationGroupDescription: 'x' } },
        Nested: {
          Type: 'AWS::CloudFormation::Stack',
          Properties: { TemplateURL: 'https://example.com/x', Parameters: { Replicas: '2' } },
          Metadata: { 'aws:asset:path': 'ConsumerNested.nested.template.json' },
        },
      },
    }));
    file('cdk.out/ConsumerNested.nested.template.json', JSON.stringify({
      Parameters: { Replicas: { Type: 'Number' } },
      Resources: {
        Inner: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { NumCacheClusters: { 'Fn::Sub': ['${R}', { R: { 'Fn::Select': [0, [{ Ref: 'Replicas' }]] } }] }, ReplicationGroupDescription: 'x' } },
      },
    }));
    const topo = buildTopology(loadTemplate(out));
    expect(topo.caches.map((c) => [c.logicalId, c.engine, c.path])).toEqual([
      ['Cache', 'memcached', 'Producer/Cache/Resource'],
      ['ConsumerCache', 'valkey', undefined],
      ['Inner', 'redis', undefined],
    ]);
    expect((topo.caches[2] as RedisCacheSpec).shards[0].replicas).toBe(1);
    expect(problemsOf(out, { parameters: { 'Consumer:Nope': '1' } })).toEqual([
      "Parameters.Consumer:Nope: is not declared by stack 'Consumer' (stacks: producer-stack, Consumer)",
    ]);
  });
});
