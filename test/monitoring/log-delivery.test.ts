import { RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CacheEngine, NodeType, RedisEngineVersion, ReplicationGroup } from '../../src';
import { LogDelivery, LogFormat } from '../../src/monitoring/log-delivery';
import { findingsUnder, nagFindings } from '../helpers/nag';
import { stackWithVpc } from '../helpers/stack';

const RG = 'AWS::ElastiCache::ReplicationGroup';
const LG = 'AWS::Logs::LogGroup';

/** The log groups of the log delivery (other features, e.g. token rotation, have their own). */
function deliveryGroups(t: Template): { [id: string]: any } {
  return Object.fromEntries(Object.entries(t.findResources(LG)).filter(([id]) => /^Cache(Slow|Engine)Log/.test(id)));
}

describe('log delivery', () => {
  test('slow log is delivered by default: JSON, its own encrypted log group kept one year', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc });
    const t = Template.fromStack(stack);
    const groups = Object.values(deliveryGroups(t));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      Properties: {
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^CacheKey/), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    expect(groups[0].Properties.LogGroupName).toBeUndefined();
    t.hasResourceProperties(RG, {
      LogDeliveryConfigurations: [{
        LogType: 'slow-log',
        LogFormat: 'json',
        DestinationType: 'cloudwatch-logs',
        DestinationDetails: { CloudWatchLogsDetails: { LogGroup: { Ref: Match.stringLikeRegexp('^CacheSlowLog') } } },
      }],
    });
  });

  test('the cache key lets CloudWatch Logs of the region use it, scoped by the logs encryption context', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowCloudWatchLogsOfThisAccount',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: Match.arrayWith(['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*']),
          Condition: {
            ArnLike: {
              'kms:EncryptionContext:aws:logs:arn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']],
              },
            },
          },
        })]),
      },
    });
  });

  test('slow and engine logs together synthesize two distinct log groups', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      slowLog: LogDelivery.cloudWatch({ format: LogFormat.TEXT }),
      engineLog: LogDelivery.cloudWatch({ retention: logs.RetentionDays.THREE_MONTHS }),
    });
    const t = Template.fromStack(stack);
    const groups = deliveryGroups(t);
    expect(Object.keys(groups)).toHaveLength(2);
    // No fixed names: CloudFormation generates two different ones (terraform-aws-modules #16).
    for (const g of Object.values(groups)) expect(g.Properties.LogGroupName).toBeUndefined();
    const rg = Object.values(t.findResources(RG))[0];
    const configs = rg.Properties.LogDeliveryConfigurations;
    expect(configs.map((c: any) => [c.LogType, c.LogFormat])).toEqual([['slow-log', 'text'], ['engine-log', 'json']]);
    const refs = configs.map((c: any) => c.DestinationDetails.CloudWatchLogsDetails.LogGroup.Ref);
    expect(new Set(refs).size).toBe(2);
    expect(refs.every((r: string) => r in groups)).toBe(true);
    expect(groups[refs[1]].Properties.RetentionInDays).toBe(90);
  });

  test('both log types can be turned off', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, slowLog: LogDelivery.disabled() });
    const t = Template.fromStack(stack);
    expect(deliveryGroups(t)).toEqual({});
    t.hasResourceProperties(RG, { LogDeliveryConfigurations: Match.absent() });
  });

  test('an existing log group and an own key are used as given', () => {
    const { stack, vpc } = stackWithVpc();
    const key = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true });
    const existing = logs.LogGroup.fromLogGroupName(stack, 'Existing', 'my-engine-log');
    new ReplicationGroup(stack, 'Cache', {
      vpc,
      slowLog: LogDelivery.cloudWatch({ encryptionKey: key, removalPolicy: RemovalPolicy.DESTROY }),
      engineLog: LogDelivery.cloudWatch({ logGroup: existing }),
    });
    const t = Template.fromStack(stack);
    const groups = Object.values(deliveryGroups(t));
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ Properties: { KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^LogsKey/), 'Arn'] } }, DeletionPolicy: 'Delete' });
    const rg = Object.values(t.findResources(RG))[0];
    expect(rg.Properties.LogDeliveryConfigurations[1].DestinationDetails.CloudWatchLogsDetails.LogGroup).toBe('my-engine-log');
  });

  test('a DESTROY cache gets DESTROY log groups; without at-rest encryption no key is created', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, atRestEncryption: false, removalPolicy: RemovalPolicy.DESTROY });
    const t = Template.fromStack(stack);
    const groups = Object.values(deliveryGroups(t));
    expect(groups).toHaveLength(1);
    expect(groups[0].DeletionPolicy).toBe('Delete');
    expect(groups[0].Properties.KmsKeyId).toBeUndefined();
  });

  test('an engine without slow log support gets no default slow log', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R6G_LARGE, engine: CacheEngine.redis(RedisEngineVersion.of('5.0.6')) });
    expect(deliveryGroups(Template.fromStack(stack))).toEqual({});
  });
});

describe('log delivery validation', () => {
  test.each([
    ['slowLog', '5.0.6', /\[ReplicationGroup.LogDeliveryEngine\] slowLog needs Redis OSS 6.0 or later/],
    ['engineLog', '6.0', /\[ReplicationGroup.LogDeliveryEngine\] engineLog needs Redis OSS 6.2 or later/],
  ])('%s on Redis %s is rejected', (prop, version, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new ReplicationGroup(stack, 'Cache', {
      vpc,
      nodeType: NodeType.R6G_LARGE,
      engine: CacheEngine.redis(RedisEngineVersion.of(version)),
      slowLog: prop === 'slowLog' ? LogDelivery.cloudWatch() : LogDelivery.disabled(),
      engineLog: prop === 'engineLog' ? LogDelivery.cloudWatch() : undefined,
    })).toThrow(message);
  });

  test('engine log on Redis 6.2 is accepted', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', {
      vpc, nodeType: NodeType.R6G_LARGE, engine: CacheEngine.redis(RedisEngineVersion.of('6.2')), engineLog: LogDelivery.cloudWatch(),
    });
    expect(Object.keys(deliveryGroups(Template.fromStack(stack)))).toHaveLength(2);
  });

  test('one log group for both log types is rejected', () => {
    const { stack, vpc } = stackWithVpc();
    const group = new logs.LogGroup(stack, 'Shared', { retention: logs.RetentionDays.ONE_YEAR });
    expect(() => new ReplicationGroup(stack, 'Cache', {
      vpc,
      slowLog: LogDelivery.cloudWatch({ logGroup: group }),
      engineLog: LogDelivery.cloudWatch({ logGroup: group }),
    })).toThrow(/\[ReplicationGroup.LogDeliveryDistinct\] slowLog and engineLog must deliver to different log groups/);
  });
});

describe('log groups and cdk-nag', () => {
  test('the log groups and their key raise no finding in any pack', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    new ReplicationGroup(stack, 'Cache', { vpc, engineLog: LogDelivery.cloudWatch() });
    const findings = nagFindings(stack);
    expect(findingsUnder(findings, 'TestStack/Cache/SlowLog')).toEqual([]);
    expect(findingsUnder(findings, 'TestStack/Cache/EngineLog')).toEqual([]);
    expect(findingsUnder(findings, 'TestStack/Cache/Key')).toEqual([]);
  });
});
