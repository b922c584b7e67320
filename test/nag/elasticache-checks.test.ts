import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnParameter, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCacheCluster, CfnReplicationGroup, CfnServerlessCache, CfnSubnetGroup, CfnUser, CfnUserGroup } from 'aws-cdk-lib/aws-elasticache';
import { NagRuleCompliance } from 'cdk-nag';
import { EngineType } from '../../src/engine';
import { engineSupport } from '../../src/engine-support';
import { GlobalDatastore } from '../../src/global/global-datastore';
import { SecondaryReplicationGroup } from '../../src/global/secondary-replication-group';
import { MemcachedCluster } from '../../src/memcached/memcached-cluster';
import { ElastiCacheChecks } from '../../src/nag/elasticache-checks';
import { RULES } from '../../src/nag/rules';
import { REGION_AVAILABILITY } from '../../src/nag/rules/region-availability';
import { AccessString } from '../../src/rbac/access-string';
import { PasswordUser } from '../../src/rbac/user';
import { UserGroup } from '../../src/rbac/user-group';
import { ClusterMode } from '../../src/replication-group/options';
import { ReplicationGroup } from '../../src/replication-group/replication-group';
import { ServerlessCache } from '../../src/serverless/serverless-cache';
import { SizingPreset } from '../../src/sizing';
import { Offerings, OFFERINGS, withOfferings } from '../../src/spec';
import { EMPTY_OFFERINGS, SYNTHETIC_OFFERINGS } from '../fixtures/offerings.synthetic';
import { stackWithVpc } from '../helpers/stack';

/** Unacknowledged ElastiCache findings: `rule path` (path relative to the stack). */
function findings(scope: Stack, pack = new ElastiCacheChecks()): string[] {
  return pack.validateScope(scope).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
}

function rulesOn(stack: Stack, id: string): string[] {
  return findings(stack).filter((f) => f.endsWith(` ${stack.node.path}/${id}`)).map((f) => f.split(' ')[0]);
}

function newStack(): Stack {
  return new Stack(new App(), 'S', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A replication group that passes every rule, as L1. */
const GOOD_RG = {
  replicationGroupDescription: 'good',
  engine: 'valkey',
  engineVersion: '8.2',
  cacheNodeType: 'cache.r7g.large',
  numCacheClusters: 2,
  multiAzEnabled: true,
  automaticFailoverEnabled: true,
  atRestEncryptionEnabled: true,
  kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
  transitEncryptionEnabled: true,
  authToken: '{{resolve:secretsmanager:token}}',
  snapshotRetentionLimit: 15,
  cacheSubnetGroupName: 'subnets',
  securityGroupIds: ['sg-12345678'],
  logDeliveryConfigurations: [{
    logType: 'slow-log', logFormat: 'json', destinationType: 'cloudwatch-logs', destinationDetails: { cloudWatchLogsDetails: { logGroup: 'slow' } },
  }],
};
const GOOD_MEMCACHED = {
  engine: 'memcached',
  engineVersion: '1.6.22',
  cacheNodeType: 'cache.r7g.large',
  numCacheNodes: 2,
  azMode: 'cross-az',
  transitEncryptionEnabled: true,
  cacheSubnetGroupName: 'subnets',
  vpcSecurityGroupIds: ['sg-12345678'],
};
const GOOD_SERVERLESS = {
  engine: 'valkey', serverlessCacheName: 'good', kmsKeyId: GOOD_RG.kmsKeyId, securityGroupIds: ['sg-12345678'], majorEngineVersion: '8',
};

type Build = (stack: Stack) => void;
const rg = (overrides: object): Build => (stack) => { new CfnReplicationGroup(stack, 'X', { ...GOOD_RG, ...overrides }); };
const mc = (overrides: object): Build => (stack) => { new CfnCacheCluster(stack, 'X', { ...GOOD_MEMCACHED, ...overrides }); };
const sl = (overrides: object): Build => (stack) => { new CfnServerlessCache(stack, 'X', { ...GOOD_SERVERLESS, ...overrides }); };
const user = (props: Partial<ConstructorParameters<typeof CfnUser>[2]>): Build => (stack) => {
  new CfnUser(stack, 'X', { engine: 'redis', userId: 'u1', userName: 'default', accessString: 'off -@all', ...props });
};

/** [rule ids reported, compliant, non-compliant] — the non-compliant case breaks only these rules. */
const CASES: Array<[string, string, Build, Build]> = [
  ['ElastiCache-MultiAZ', 'replication group', rg({}), rg({ multiAzEnabled: false })],
  ['ElastiCache-MultiAZ', 'Memcached cross-az', mc({}), mc({ azMode: 'single-az' })],
  ['ElastiCache-ReplicasPerShard', 'cluster mode disabled', rg({}), rg({ numCacheClusters: 1, multiAzEnabled: true })],
  ['ElastiCache-ReplicasPerShard', 'cluster mode enabled', rg({ numCacheClusters: undefined, numNodeGroups: 3, replicasPerNodeGroup: 1 }),
    rg({ numCacheClusters: undefined, numNodeGroups: 3, replicasPerNodeGroup: 0 })],
  ['ElastiCache-ReplicasPerShard', 'pinned AZs', rg({ preferredCacheClusterAZs: ['us-east-1a', 'us-east-1b'] }),
    rg({ preferredCacheClusterAZs: ['us-east-1a', 'us-east-1a'] })],
  ['ElastiCache-CustomerManagedKey', 'replication group', rg({}), rg({ kmsKeyId: undefined })],
  ['ElastiCache-CustomerManagedKey', 'serverless', sl({}), sl({ kmsKeyId: undefined })],
  ['ElastiCache-TLSRequired', 'replication group', rg({}), rg({ transitEncryptionMode: 'preferred' })],
  ['ElastiCache-TLSRequired', 'Memcached', mc({}), mc({ transitEncryptionEnabled: false })],
  ['ElastiCache-AuthRequired', 'RBAC user group', rg({ authToken: undefined, userGroupIds: ['app-users'] }), rg({ authToken: undefined })],
  ['ElastiCache-DefaultUserDisabled', 'user group', (s) => { new CfnUserGroup(s, 'X', { engine: 'redis', userGroupId: 'g', userIds: ['g-default', 'app'] }); },
    (s) => { new CfnUserGroup(s, 'X', { engine: 'redis', userGroupId: 'g', userIds: ['default', 'app'] }); }],
  ['ElastiCache-DefaultUserDisabled', 'user named default', user({ accessString: 'on ~* +@all', passwords: ['a-password-of-16-chars'] }),
    user({ accessString: 'on ~* +@all', noPasswordRequired: true })],
  ['ElastiCache-BackupRetention', 'replication group', rg({ snapshotRetentionLimit: 35 }), rg({ snapshotRetentionLimit: 7 })],
  ['ElastiCache-CurrentGenerationNodeType[cache.t2.micro],ElastiCache-NonBurstableNodeType', 'T2', rg({ cacheNodeType: 'cache.m7g.large' }), rg({ cacheNodeType: 'cache.t2.micro' })],
  ['ElastiCache-CurrentGenerationNodeType[cache.m3.large]', 'M3', rg({}), rg({ cacheNodeType: 'cache.m3.large' })],
  ['ElastiCache-NonBurstableNodeType', 'T4g', rg({}), rg({ cacheNodeType: 'cache.t4g.small' })],
  ['ElastiCache-EngineVersionSupported', 'Redis OSS', rg({ engine: 'redis', engineVersion: '7.1' }), rg({ engine: 'redis', engineVersion: '5.0.6' })],
  ['ElastiCache-EngineVersionSupported', 'Redis OSS, engine left out', rg({ engine: undefined, engineVersion: '7.0' }), rg({ engine: undefined, engineVersion: '4.0.10' })],
  ['ElastiCache-LogDelivery', 'replication group', rg({}), rg({ logDeliveryConfigurations: undefined })],
  ['ElastiCache-SecurityGroup', 'replication group', rg({}), rg({ securityGroupIds: undefined })],
  ['ElastiCache-SecurityGroup', 'Memcached', mc({}), mc({ vpcSecurityGroupIds: [] })],
  // Needs the Region offerings data (src/spec/regions.ts); the me-central-1 case is in test/harness/region.test.ts.
  // RegionAvailability on a synthetic table, whether or not the data is built in: the describe block below.
  ...(OFFERINGS ? [['ElastiCache-RegionAvailability[valkey-8.3]', 'engine version not offered', rg({}), rg({ engineVersion: '8.3' })] as [string, string, Build, Build]] : []),
];

describe('ElastiCacheChecks rules', () => {
  test.each(CASES)('%s (%s): the compliant resource passes every rule, the other fails this one only', (rule, _case, good, bad) => {
    const passing = newStack();
    good(passing);
    expect(findings(passing)).toEqual([]);
    const failing = newStack();
    bad(failing);
    expect(rulesOn(failing, 'X')).toEqual(rule.split(','));
  });

  test('PrivateSubnets: a subnet group over public subnets fails, over isolated subnets passes (findings name the subnets)', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC }, { name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new CfnSubnetGroup(stack, 'Public', { description: 'public', subnetIds: vpc.publicSubnets.map((s) => s.subnetId) });
    new CfnSubnetGroup(stack, 'Private', { description: 'private', subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId) });
    const found = findings(stack);
    expect(found.filter((f) => f.endsWith('S/Private'))).toEqual([]);
    expect(found.filter((f) => f.endsWith('S/Public'))).toEqual([
      expect.stringMatching(/^ElastiCache-PrivateSubnets\[VpcpublicSubnet1Subnet[0-9A-F]{8}\] S\/Public$/),
      expect.stringMatching(/^ElastiCache-PrivateSubnets\[VpcpublicSubnet2Subnet[0-9A-F]{8}\] S\/Public$/),
    ]);
  });

  test('a public subnet is recognised by its route to the internet gateway even without MapPublicIpOnLaunch', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false }] });
    new CfnSubnetGroup(stack, 'Public', { description: 'public', subnetIds: vpc.publicSubnets.map((s) => s.subnetId) });
    expect(rulesOn(stack, 'Public')).toEqual([expect.stringMatching(/^ElastiCache-PrivateSubnets\[/)]);
  });

  test('every rule has an id, a source URL in its explanation and at least one test case here', () => {
    const tested = new Set(CASES.flatMap(([rule]) => rule.split(',').map((r) => r.replace(/\[.*$/, '')))
      .concat('ElastiCache-PrivateSubnets', 'ElastiCache-RegionAvailability'));
    for (const rule of RULES) {
      expect(rule.explanation).toMatch(/https:\/\//);
      expect(tested).toContain(`ElastiCache-${rule.id}`);
    }
    expect(RULES.length).toBe(14);
  });

  test('property overrides and plain CfnResources are read as deployed', () => {
    const stack = newStack();
    const overridden = new CfnReplicationGroup(stack, 'Overridden', GOOD_RG);
    overridden.addPropertyOverride('TransitEncryptionEnabled', false);
    new CfnResource(stack, 'Plain', {
      type: 'AWS::ElastiCache::ReplicationGroup',
      properties: { ...Stack.of(stack).resolve((new CfnReplicationGroup(new Stack(), 'T', GOOD_RG) as any)._toCloudFormation()).Resources.T.Properties, MultiAZEnabled: false },
    });
    expect(rulesOn(stack, 'Overridden')).toEqual(['ElastiCache-TLSRequired']);
    expect(rulesOn(stack, 'Plain')).toEqual(['ElastiCache-MultiAZ']);
  });

  test('a value known only at deploy time is reported as the rule failing to validate, naming nothing secret', () => {
    const stack = newStack();
    const retention = new CfnParameter(stack, 'Retention', { type: 'Number' });
    new CfnReplicationGroup(stack, 'X', { ...GOOD_RG, snapshotRetentionLimit: retention.valueAsNumber });
    const report = new ElastiCacheChecks(undefined, { verbose: true }).validateScope(stack);
    const backup = report.violations.find((v) => v.ruleName === 'ElastiCache-BackupRetention');
    expect(backup?.description).toContain('SnapshotRetentionLimit is {"Ref":"Retention"}, known only at deploy time; the rule needs a literal value');
  });

  test('verbose adds the explanation and its source', () => {
    const stack = newStack();
    rg({ multiAzEnabled: false })(stack);
    const [v] = new ElastiCacheChecks(undefined, { verbose: true }).validateScope(stack).violations;
    expect(v.description).toContain('https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html');
  });

  test('acknowledgements are honoured: a rule, and one finding of a rule', () => {
    const stack = newStack();
    const cache = new CfnReplicationGroup(stack, 'X', { ...GOOD_RG, multiAzEnabled: false, cacheNodeType: 'cache.t2.micro' });
    Validations.of(cache).acknowledge({ id: 'ElastiCache-MultiAZ', reason: 'development cache' });
    Validations.of(cache).acknowledge({ id: 'ElastiCache-CurrentGenerationNodeType[cache.t2.micro]', reason: 'existing reserved nodes' });
    expect(rulesOn(stack, 'X')).toEqual(['ElastiCache-NonBurstableNodeType']);
  });
});

describe('ElastiCacheChecks on the library', () => {
  test.each([
    ['ReplicationGroup (defaults)', (stack: Stack, vpc: ec2.IVpc) => new ReplicationGroup(stack, 'Cache', { vpc })],
    ['ReplicationGroup (cluster mode enabled)', (stack: Stack, vpc: ec2.IVpc) => new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED })],
    ['ReplicationGroup (Redis OSS user group with users)', (stack: Stack, vpc: ec2.IVpc) => new ReplicationGroup(stack, 'Cache', {
      vpc,
      userGroup: new UserGroup(stack, 'Users', {
        engine: EngineType.REDIS,
        users: [new PasswordUser(stack, 'App', { engine: EngineType.REDIS, accessString: AccessString.readWrite('app:'), vpc })],
      }),
    })],
    ['MemcachedCluster (defaults)', (stack: Stack, vpc: ec2.IVpc) => new MemcachedCluster(stack, 'Cache', { vpc })],
    ['ServerlessCache (defaults)', (stack: Stack, vpc: ec2.IVpc) => new ServerlessCache(stack, 'Cache', { vpc })],
  ])('%s: no finding', (_name, build) => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    build(stack, vpc);
    expect(findings(stack)).toEqual([]);
  });

  test('Aspects.of(app).add(new ElastiCacheChecks()) (cdk-nag v2 style): findings are error annotations on their resources', () => {
    const stack = newStack();
    new CfnReplicationGroup(stack, 'Bad', { ...GOOD_RG, multiAzEnabled: false });
    new CfnReplicationGroup(stack, 'Good', GOOD_RG);
    const acknowledged = new CfnReplicationGroup(stack, 'Acknowledged', { ...GOOD_RG, multiAzEnabled: false });
    Validations.of(acknowledged).acknowledge({ id: 'ElastiCache-MultiAZ', reason: 'development cache' });
    Aspects.of(stack).add(new ElastiCacheChecks());
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('^ElastiCache-'));
    expect(errors.map((e) => `${e.id} ${e.entry.data}`)).toEqual([
      `/S/Bad ElastiCache-MultiAZ: ${RULES[0].info}`,
    ]);
  });

  test('SizingPreset.DEVELOPMENT: the development shape is reported (single node, short backups, burstable)', () => {
    const { stack, vpc } = stackWithVpc({ flowLogs: true });
    new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT });
    expect(findings(stack)).toEqual([
      'ElastiCache-MultiAZ TestStack/Cache/Resource',
      'ElastiCache-ReplicasPerShard TestStack/Cache/Resource',
      'ElastiCache-BackupRetention TestStack/Cache/Resource',
      'ElastiCache-NonBurstableNodeType TestStack/Cache/Resource',
    ]);
  });

  test('a global datastore: the primary, the global group and a secondary (which inherits engine, encryption, auth) pass', () => {
    const app = new App();
    const primaryStack = new Stack(app, 'Primary', { env: { account: '123456789012', region: 'us-east-1' }, crossRegionReferences: true });
    const primary = new ReplicationGroup(primaryStack, 'Cache', { vpc: new ec2.Vpc(primaryStack, 'Vpc', { maxAzs: 2 }) });
    const global = new GlobalDatastore(primaryStack, 'Global', { primary, globalReplicationGroupIdSuffix: 'sessions' });
    const secondaryStack = new Stack(app, 'Secondary', { env: { account: '123456789012', region: 'eu-west-1' }, crossRegionReferences: true });
    new SecondaryReplicationGroup(secondaryStack, 'Cache', { globalDatastore: global, vpc: new ec2.Vpc(secondaryStack, 'Vpc', { maxAzs: 2 }) });
    expect(findings(primaryStack)).toEqual([]);
    expect(findings(secondaryStack)).toEqual([]);
    // The secondary is still checked for what it sets itself.
    const bare = newStack();
    new CfnReplicationGroup(bare, 'X', { replicationGroupDescription: 'secondary', globalReplicationGroupId: 'ldgnf-sessions', numCacheClusters: 2 });
    expect(rulesOn(bare, 'X')).toEqual(['ElastiCache-MultiAZ', 'ElastiCache-SecurityGroup']);
  });

  test('Validations.of(app).addPlugins(new ElastiCacheChecks(app)): synthesis writes the report with the findings', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'elasticache-checks-'));
    // Report without failing the process (the CDK sets process.exitCode otherwise).
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'S');
    new CfnReplicationGroup(stack, 'X', { ...GOOD_RG, multiAzEnabled: false });
    Validations.of(app).addPlugins(new ElastiCacheChecks(app));
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'policy-validation-report.json'), 'utf8'));
    const plugin = report.pluginReports.find((p: any) => p.summary.pluginName === 'ElastiCache');
    expect(plugin.summary.status).toBe('failure');
    expect(plugin.summary.metadata).toBeUndefined(); // no "requires a construct tree" error
    expect(plugin.violations.map((v: any) => v.ruleName)).toEqual(['ElastiCache-MultiAZ']);
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

describe('engine support window', () => {
  test.each([
    ['redis', '4.0.10', '2026-01-31', 'standard'],
    ['redis', '4.0.10', '2026-02-01', 'extended'],
    ['redis', '5.0.6', '2029-02-01', 'ended'],
    ['redis', '5.0.5', '2025-01-01', 'ended'],
    ['redis', '6.2', '2027-01-31', 'standard'],
    ['redis', '6.2', '2027-02-01', 'ended'],
    ['redis', '3.2.6', '2023-08-01', 'ended'],
    ['redis', '7.1', '2030-01-01', 'standard'],
    ['valkey', '7.2', '2030-01-01', 'standard'],
    ['valkey', '7.1', '2025-01-01', 'ended'],
    ['memcached', '1.6.22', '2030-01-01', 'standard'],
    ['memcached', '1.4.4', '2025-01-01', 'ended'],
  ])('%s %s on %s: %s', (engine, version, date, status) => {
    expect(engineSupport(engine, version, new Date(`${date}T12:00:00Z`)).status).toBe(status);
  });
});

describe('ElastiCache-RegionAvailability on a SYNTHETIC offerings table (test/fixtures/offerings.synthetic.ts: made-up Regions, not AWS data)', () => {
  /** Findings of the pack with `table` as the Region data, for a resource built in a stack of `region` (undefined: agnostic). */
  function findingsWith(table: Offerings | undefined, region: string | undefined, build: Build): string[] {
    const stack = new Stack(new App(), 'S', region ? { env: { account: '123456789012', region } } : {});
    build(stack);
    return withOfferings(table, () => findings(stack));
  }
  const findingsIn = (region: string | undefined, build: Build) => findingsWith(SYNTHETIC_OFFERINGS, region, build);

  test('compliant: the Region offers the node type and ElastiCache the engine version (replication group and cache cluster)', () => {
    expect(findingsIn('xx-synthetic-1', rg({ cacheNodeType: 'cache.r7g.xlarge', engineVersion: '8.0' }))).toEqual([]);
    expect(findingsIn('xx-synthetic-2', rg({ cacheNodeType: 'cache.r7g.large', engineVersion: '8.2' }))).toEqual([]);
    expect(findingsIn('xx-synthetic-1', mc({ cacheNodeType: 'cache.r7g.xlarge' }))).toEqual([]);
  });

  test('non-compliant: a node type the Region does not offer, an engine version ElastiCache does not offer, both (findings name them)', () => {
    expect(findingsIn('xx-synthetic-2', rg({ cacheNodeType: 'cache.r7g.xlarge' }))).toEqual(['ElastiCache-RegionAvailability[cache.r7g.xlarge@xx-synthetic-2] S/X']);
    expect(findingsIn('xx-synthetic-1', rg({ engineVersion: '7.9' }))).toEqual(['ElastiCache-RegionAvailability[valkey-7.9] S/X']);
    expect(findingsIn('xx-synthetic-2', rg({ cacheNodeType: 'cache.r7g.xlarge', engineVersion: '7.9' }))).toEqual([
      'ElastiCache-RegionAvailability[cache.r7g.xlarge@xx-synthetic-2] S/X', 'ElastiCache-RegionAvailability[valkey-7.9] S/X',
    ]);
    expect(findingsIn('xx-synthetic-2', mc({ cacheNodeType: 'cache.r7g.xlarge' }))).toEqual(['ElastiCache-RegionAvailability[cache.r7g.xlarge@xx-synthetic-2] S/X']);
  });

  test('what the data does not know passes: a Region, a node type, a version newer than the data, an engine without versions', () => {
    expect(findingsIn('xx-synthetic-9', rg({ cacheNodeType: 'cache.r7g.xlarge' }))).toEqual([]);
    expect(findingsIn('xx-synthetic-2', rg({ cacheNodeType: 'cache.r9g.large' }))).toEqual(['ElastiCache-CurrentGenerationNodeType[cache.r9g.large] S/X']);
    expect(findingsIn('xx-synthetic-1', rg({ engineVersion: '9.9' }))).toEqual([]);
    expect(findingsIn('xx-synthetic-1', mc({ engineVersion: '1.4.5' }))).toEqual([]);
  });

  test('not applicable: an environment-agnostic stack, and no data or an empty table (no finding, no false error)', () => {
    const bad = rg({ cacheNodeType: 'cache.r7g.xlarge', engineVersion: '7.9' });
    expect(findingsIn(undefined, bad)).toEqual([]);
    expect(findingsWith(undefined, 'xx-synthetic-2', bad)).toEqual([]);
    expect(findingsWith(EMPTY_OFFERINGS, 'xx-synthetic-2', bad)).toEqual([]);
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'xx-synthetic-2' } });
    const node = new CfnReplicationGroup(stack, 'X', { ...GOOD_RG, cacheNodeType: 'cache.r7g.xlarge', engineVersion: '7.9' });
    expect(withOfferings(undefined, () => REGION_AVAILABILITY.check(node))).toBe(NagRuleCompliance.NOT_APPLICABLE);
    expect(withOfferings(EMPTY_OFFERINGS, () => REGION_AVAILABILITY.check(node))).toBe(NagRuleCompliance.NOT_APPLICABLE);
    expect(withOfferings(SYNTHETIC_OFFERINGS, () => REGION_AVAILABILITY.check(node))).toEqual(['cache.r7g.xlarge@xx-synthetic-2', 'valkey-7.9']);
  });
});
