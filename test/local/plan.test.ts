import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterMode, NodeType, ReplicationGroup, ReplicationGroupProps } from '../../src';
import { plan, renderPlan } from '../../src/local';
import { stackWithVpc } from '../helpers/stack';

// Expectations come from "Update requires" in the CloudFormation resource reference
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html,
// ...-cachecluster.html) and the registry schemas' createOnlyProperties; see src/local/plan/update-behavior.ts.

const RG = 'AWS::ElastiCache::ReplicationGroup';

function rg(props: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { Resources: { Cache: { Type: RG, Properties: { ReplicationGroupDescription: 'd', Engine: 'valkey', ...props }, ...extra } } };
}

function library(props: Partial<ReplicationGroupProps>) {
  const { stack, vpc } = stackWithVpc();
  new ReplicationGroup(stack, 'Cache', { vpc, ...props });
  return stack; // plan() synthesizes a Stack itself and knows the construct paths
}

function change(p: ReturnType<typeof plan>, id: string, property: string) {
  return p.resources.find((r) => r.logicalId === id)?.changes.find((c) => c.property === property);
}

describe('plan(): replication groups built with the library', () => {
  const cmd = { clusterMode: ClusterMode.DISABLED, replicasPerShard: 1 };
  const cme = { clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 1 };

  test('cluster mode disabled, one more replica: NumCacheClusters 2 -> 3 in place, nothing replaced', () => {
    const p = plan(library(cmd), library({ ...cmd, replicasPerShard: 2 }));
    expect(p.replacements).toEqual([]);
    expect(p.resources).toHaveLength(1);
    expect(p.resources[0]).toMatchObject({ type: RG, action: 'update', behavior: 'no-interruption', dataLoss: false, path: 'TestStack/Cache/Resource' });
    expect(p.resources[0].changes).toEqual([{ property: 'NumCacheClusters', behavior: 'no-interruption', before: 2, after: 3 }]);
  });

  test('cluster mode enabled, one more replica per shard: ReplicasPerNodeGroup is create-only, the group is replaced and its data lost', () => {
    const p = plan(library(cme), library({ ...cme, replicasPerShard: 2 }));
    const id = p.resources[0].logicalId;
    expect(p.replacements).toEqual([id]);
    expect(change(p, id, 'ReplicasPerNodeGroup')).toEqual({ property: 'ReplicasPerNodeGroup', behavior: 'replacement', before: 1, after: 2 });
    // The library's RemovalPolicy.SNAPSHOT renders UpdateReplacePolicy Snapshot: a final snapshot keeps the data.
    expect(p.resources[0]).toMatchObject({ action: 'replace', dataLoss: false });
    expect(p.resources[0].note).toContain('UpdateReplacePolicy Snapshot');
  });

  test('cluster mode enabled, one more shard: resharded online (the library sets UpdatePolicy UseOnlineResharding), nothing replaced', () => {
    const p = plan(library(cme), library({ ...cme, numShards: 4 }));
    expect(p.replacements).toEqual([]);
    expect(change(p, p.resources[0].logicalId, 'NumNodeGroups'))
      .toMatchObject({ behavior: 'no-interruption', before: 3, after: 4, note: 'online resharding (UpdatePolicy UseOnlineResharding)' });
  });

  test('vertical scaling (CacheNodeType) is in place', () => {
    const p = plan(library({}), library({ nodeType: NodeType.R7G_XLARGE }));
    expect(p.replacements).toEqual([]);
    expect(change(p, p.resources[0].logicalId, 'CacheNodeType'))
      .toEqual({ property: 'CacheNodeType', behavior: 'no-interruption', before: 'cache.r7g.large', after: 'cache.r7g.xlarge' });
  });

  test('same props: no change', () => {
    const p = plan(library({}), library({}));
    expect(p).toEqual({ resources: [], replacements: [], dataLoss: [] });
    expect(renderPlan(p)).toBe('No change to the ElastiCache resources.\n');
  });
});

describe('plan(): property by property (AWS::ElastiCache::ReplicationGroup)', () => {
  test.each([
    ['Port', 6379, 6380, 'replacement'],
    ['CacheSubnetGroupName', 'a', 'b', 'replacement'],
    ['AtRestEncryptionEnabled', false, true, 'replacement'],
    ['KmsKeyId', 'k1', 'k2', 'replacement'],
    ['SnapshotName', 's1', 's2', 'replacement'],
    ['DataTieringEnabled', false, true, 'replacement'],
    ['NetworkType', 'ipv4', 'dual_stack', 'replacement'],
    ['ReplicationGroupId', 'a', 'b', 'replacement'],
    ['TransitEncryptionEnabled', false, true, 'no-interruption'],
    ['EngineVersion', '7.2', '8.0', 'no-interruption'],
    ['CacheParameterGroupName', 'p1', 'p2', 'no-interruption'],
    ['SnapshotRetentionLimit', 1, 7, 'no-interruption'],
    ['MultiAZEnabled', false, true, 'no-interruption'],
    ['ClusterMode', 'disabled', 'compatible', 'no-interruption'],
  ])('%s %p -> %p: %s', (property, before, after, behavior) => {
    const p = plan(rg({ [property]: before }), rg({ [property]: after }));
    expect(change(p, 'Cache', property)).toEqual({ property, behavior, before, after });
  });

  test('Engine redis -> valkey: in-place upgrade', () => {
    const p = plan(rg({ Engine: 'redis' }), rg({ Engine: 'valkey' }));
    expect(p.replacements).toEqual([]);
    expect(change(p, 'Cache', 'Engine')).toEqual({
      property: 'Engine',
      behavior: 'no-interruption',
      before: 'redis',
      after: 'valkey',
      note: 'redis -> valkey is an in-place upgrade (with a parameter group of the valkey family)',
    });
  });

  test('NumNodeGroups: replacement without UseOnlineResharding, in place with it', () => {
    expect(change(plan(rg({ NumNodeGroups: 3 }), rg({ NumNodeGroups: 4 })), 'Cache', 'NumNodeGroups')?.behavior).toBe('replacement');
    const online = { UpdatePolicy: { UseOnlineResharding: true } };
    expect(change(plan(rg({ NumNodeGroups: 3 }, online), rg({ NumNodeGroups: 4 }, online)), 'Cache', 'NumNodeGroups'))
      .toMatchObject({ behavior: 'no-interruption', note: 'online resharding (UpdatePolicy UseOnlineResharding)' });
  });

  test('AuthToken: adding it replaces, changing it does not; the values are never shown', () => {
    const added = plan(rg({}), rg({ AuthToken: 'x'.repeat(32) }));
    expect(change(added, 'Cache', 'AuthToken')).toEqual({
      property: 'AuthToken',
      behavior: 'replacement',
      after: '(secret)',
      note: 'adding an AuthToken replaces the replication group; changing it rotates it in place',
    });
    const rotated = plan(rg({ AuthToken: 'x'.repeat(32) }), rg({ AuthToken: 'y'.repeat(32) }));
    expect(change(rotated, 'Cache', 'AuthToken')?.behavior).toBe('no-interruption');
    expect(JSON.stringify(rotated) + renderPlan(rotated)).not.toMatch(/xxxx|yyyy/);
  });

  test('a replaced subnet group replaces the group that references it', () => {
    const t = (name: string) => ({
      Resources: {
        Subnets: { Type: 'AWS::ElastiCache::SubnetGroup', Properties: { CacheSubnetGroupName: name, Description: 'd', SubnetIds: ['s'] } },
        Cache: { Type: RG, Properties: { ReplicationGroupDescription: 'd', CacheSubnetGroupName: { Ref: 'Subnets' } } },
      },
    });
    const p = plan(t('one'), t('two'));
    expect(p.replacements).toEqual(['Subnets', 'Cache']);
    expect(change(p, 'Cache', 'CacheSubnetGroupName')).toMatchObject({ behavior: 'replacement', note: 'changes: Subnets is replaced' });
    expect(p.dataLoss).toEqual(['Cache']);
  });
});

describe('plan(): other types, added and removed resources', () => {
  const cc = (props: Record<string, unknown>) => ({
    Resources: { Memcached: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { Engine: 'memcached', CacheNodeType: 'cache.t4g.small', ...props } } },
  });

  test('CacheCluster NumCacheNodes: replacement without preferred zones, some interruption with them', () => {
    expect(change(plan(cc({ NumCacheNodes: 2 }), cc({ NumCacheNodes: 3 })), 'Memcached', 'NumCacheNodes')?.behavior).toBe('replacement');
    const zones = { PreferredAvailabilityZones: ['a', 'b', 'c'] };
    expect(change(plan(cc({ NumCacheNodes: 2, ...zones }), cc({ NumCacheNodes: 3, ...zones })), 'Memcached', 'NumCacheNodes')?.behavior)
      .toBe('some-interruption');
    expect(change(plan(cc({ AZMode: 'single-az' }), cc({ AZMode: 'cross-az' })), 'Memcached', 'AZMode')?.behavior).toBe('some-interruption');
  });

  test('ParameterGroup Properties in place, CacheParameterGroupFamily replaced', () => {
    const pg = (family: string, maxmemory: string) => ({
      Resources: { Params: { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: family, Description: 'd', Properties: { 'maxmemory-policy': maxmemory } } } },
    });
    expect(plan(pg('valkey8', 'allkeys-lru'), pg('valkey8', 'volatile-lru')).resources[0]).toMatchObject({ action: 'update', behavior: 'no-interruption' });
    expect(plan(pg('valkey7', 'allkeys-lru'), pg('valkey8', 'allkeys-lru')).replacements).toEqual(['Params']);
  });

  test('a removed cache loses its data unless DeletionPolicy is Snapshot or Retain; an added one is listed', () => {
    const removed = plan(rg({}), { Resources: {} });
    expect(removed.resources).toEqual([{
      logicalId: 'Cache', type: RG, action: 'remove', changes: [], dataLoss: true, note: 'data lost: no DeletionPolicy Snapshot or Retain', path: undefined,
    }]);
    expect(plan(rg({}, { DeletionPolicy: 'Snapshot' }), { Resources: {} }).dataLoss).toEqual([]);
    const added = plan({ Resources: {} }, rg({}));
    expect(added.resources[0]).toMatchObject({ logicalId: 'Cache', action: 'add', dataLoss: false });
    expect(renderPlan(removed)).toBe(
      `- Cache (${RG}): removed (data lost: no DeletionPolicy Snapshot or Retain)\n\n0 to replace, 0 to update in place, 0 to add, 1 to remove; data lost: Cache\n`);
  });

  test('Memcached keeps no snapshots; a serverless cache keeps a final snapshot only with FinalSnapshotName', () => {
    expect(plan(cc({}), { Resources: {} }).resources[0]).toMatchObject({ dataLoss: true, note: 'data lost: Memcached keeps no snapshots' });
    const serverless = (props: Record<string, unknown>) => ({
      Resources: { S: { Type: 'AWS::ElastiCache::ServerlessCache', DeletionPolicy: 'Snapshot', Properties: { ServerlessCacheName: 's', Engine: 'valkey', ...props } } },
    });
    expect(plan(serverless({}), { Resources: {} }).resources[0]).toMatchObject({ dataLoss: true });
    expect(plan(serverless({ FinalSnapshotName: 'last' }), { Resources: {} }).resources[0]).toMatchObject({ dataLoss: false });
    expect(plan(serverless({ SubnetIds: ['a'] }), serverless({ SubnetIds: ['b'] })).replacements).toEqual(['S']);
  });

  test('non-ElastiCache resources are ignored', () => {
    const t = (v: string) => ({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: v } } } });
    expect(plan(t('a'), t('b')).resources).toEqual([]);
  });
});

describe('cdk-elasticache local plan', () => {
  const CLI = [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', join(__dirname, '../../tsconfig.dev.json'), join(__dirname, '../../src/cli/main.ts')];
  const dir = mkdtempSync(join(tmpdir(), 'plan-'));
  const write = (name: string, t: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(t));
    return file;
  };
  const run = (...args: string[]) => spawnSync(process.execPath, [...CLI, 'local', 'plan', ...args], { encoding: 'utf8' });

  test('--old: prints each change; --fail-on-replacement exits 2; --json', () => {
    const oldFile = write('old.json', rg({ Port: 6379, CacheNodeType: 'cache.r7g.large' }));
    const newFile = write('new.json', rg({ Port: 6380, CacheNodeType: 'cache.r7g.xlarge' }));
    const text = run('--template', newFile, '--old', oldFile);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe([
      `! Cache (${RG}): REPLACEMENT (data lost: no UpdateReplacePolicy Snapshot or Retain)`,
      '    Port: 6379 -> 6380  [REPLACEMENT]',
      '    CacheNodeType: "cache.r7g.large" -> "cache.r7g.xlarge"  [no interruption]',
      '',
      '1 to replace, 0 to update in place, 0 to add, 0 to remove; data lost: Cache',
      '',
    ].join('\n'));
    expect(run('--template', newFile, '--old', oldFile, '--fail-on-replacement').status).toBe(2);
    const json = JSON.parse(run('--template', newFile, '--old', oldFile, '--json').stdout);
    expect(json.replacements).toEqual(['Cache']);
  }, 60_000);

  test('--state-dir: compares with the template the running caches were started from, refuses when it changed since', () => {
    const started = write('started.json', rg({ NumCacheClusters: 2 }));
    const newFile = write('next.json', rg({ NumCacheClusters: 3 }));
    const state = join(dir, 'state');
    mkdirSync(state);
    const startedAt = new Date(Date.now() + 60_000).toISOString();
    writeFileSync(join(state, 'state.json'), JSON.stringify({ pid: 1, controlPort: 1, token: 't', template: started, startedAt }));
    const ok = run('--template', newFile, '--state-dir', state);
    expect(ok.stdout).toContain('    NumCacheClusters: 2 -> 3  [no interruption]');
    utimesSync(started, new Date(Date.now() + 120_000), new Date(Date.now() + 120_000));
    const refused = run('--template', newFile, '--state-dir', state);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`error: the caches in ${state} were started from ${started} at ${startedAt}, and that file has changed since`);
    const none = run('--template', newFile);
    expect(none.stderr).toContain('error: give --old <file> (the template deployed now) or --state-dir <dir> (of running caches)');
  }, 60_000);
});
