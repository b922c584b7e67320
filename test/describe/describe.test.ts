import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { ClusterMode, ReplicationGroup } from '../../src';
import { describeCommand } from '../../src/cli/describe';
import { describeTemplate } from '../../src/describe/model';
import { renderMermaid } from '../../src/describe/render-mermaid';
import { renderText } from '../../src/describe/render-text';
import { stackWithVpc } from '../helpers/stack';

const FIXTURE = join(__dirname, 'fixtures', 'three-caches.template.json');
const template = JSON.parse(readFileSync(FIXTURE, 'utf8'));

describe('describe: template -> caches', () => {
  const caches = describeTemplate(template);

  test('finds the sharded group, the disabled group and the Memcached cluster', () => {
    expect(caches.map((c) => [c.name, c.kind, c.clusterMode])).toEqual([
      ['sessions', 'ReplicationGroup', 'enabled'],
      ['Catalog', 'ReplicationGroup', 'disabled'],
      ['pages', 'MemcachedCluster', undefined],
    ]);
  });

  test('3 shards x (primary + 2 replicas) with the even slot split of the seed', () => {
    const s = caches[0].shards;
    expect(s.map((x) => x.slots)).toEqual(['0-5460', '5461-10922', '10923-16383']);
    expect(s.every((x) => x.nodes.map((n) => n.role).join() === 'primary,replica,replica')).toBe(true);
    expect(caches[0].endpoints.map((e) => e.kind)).toEqual(['configuration']);
    expect([caches[0].encryptionAtRest, caches[0].encryptionInTransit, caches[0].auth])
      .toEqual(['on (customer-managed KMS key)', 'TLS required', 'AUTH token']);
  });

  test('the disabled group has primary and reader endpoints, AZs and RBAC', () => {
    const c = caches[1];
    expect(c.shards[0].nodes.map((n) => `${n.role}@${n.availabilityZone}`)).toEqual(['primary@us-east-1a', 'replica@us-east-1b', 'replica@us-east-1c']);
    expect(c.endpoints.map((e) => e.kind)).toEqual(['primary', 'reader']);
    expect(c.auth).toBe('RBAC user group');
  });

  test('given slots, shard AZs and serverless caches', () => {
    const [rg, svl] = describeTemplate({
      Resources: {
        G: {
          Type: 'AWS::ElastiCache::ReplicationGroup',
          Properties: {
            Engine: 'valkey',
            ClusterMode: 'enabled',
            NumNodeGroups: 2,
            ReplicasPerNodeGroup: 1,
            NodeGroupConfiguration: [
              { NodeGroupId: '0001', Slots: '0-999', PrimaryAvailabilityZone: 'eu-west-1a', ReplicaAvailabilityZones: ['eu-west-1b'] },
              { NodeGroupId: '0002', Slots: '1000-16383', PrimaryAvailabilityZone: 'eu-west-1b', ReplicaAvailabilityZones: ['eu-west-1a'] },
            ],
          },
        },
        S: { Type: 'AWS::ElastiCache::ServerlessCache', Properties: { Engine: 'valkey', MajorEngineVersion: '8', ServerlessCacheName: 'svl' } },
        Member: { Type: 'AWS::ElastiCache::CacheCluster', Properties: { ReplicationGroupId: { Ref: 'G' }, Engine: 'redis' } },
      },
    });
    expect(rg.shards.map((s) => [s.slots, s.slotsGiven, s.nodes[0].availabilityZone])).toEqual([['0-999', true, 'eu-west-1a'], ['1000-16383', true, 'eu-west-1b']]);
    expect(svl.kind).toBe('ServerlessCache');
    expect(svl.endpoints.map((e) => e.kind)).toEqual(['endpoint', 'reader']);
    expect(renderText([svl])).toContain('Serverless cache');
  });

  test('a template without caches says so', () => {
    expect(renderText(describeTemplate({ Resources: {} }))).toMatch(/No ElastiCache cache/);
  });
});

describe('describe: drawings (golden files)', () => {
  test('terminal drawing in the seed box style', () => {
    expect(renderText(describeTemplate(template))).toBe(readFileSync(join(__dirname, 'fixtures', 'three-caches.txt'), 'utf8'));
  });

  test('Mermaid for docs', () => {
    expect(renderMermaid(describeTemplate(template))).toBe(readFileSync(join(__dirname, 'fixtures', 'three-caches.mmd'), 'utf8'));
  });

  test('every line of a frame has the same width', () => {
    for (const frame of renderText(describeTemplate(template)).trim().split('\n\n')) {
      const widths = new Set(frame.split('\n').map((l) => [...l].length));
      expect(widths.size).toBe(1);
    }
  });
});

describe('describe: a template synthesized by the library', () => {
  test('draws the construct as rendered', () => {
    const { stack, vpc } = stackWithVpc();
    new ReplicationGroup(stack, 'Cache', { vpc, clusterMode: ClusterMode.ENABLED, numShards: 3, replicasPerShard: 2 });
    const [c] = describeTemplate(Template.fromStack(stack).toJSON());
    expect(c.shards).toHaveLength(3);
    expect(c.shards[2].slots).toBe('10923-16383');
    expect([c.encryptionAtRest, c.encryptionInTransit, c.auth]).toEqual(['on (customer-managed KMS key)', 'TLS required', 'AUTH token']);
  });
});

describe('cdk-elasticache describe', () => {
  async function run(args: string[]): Promise<string> {
    let out = '';
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => {
      out += String(chunk);
      return true;
    });
    try {
      await describeCommand().exitOverride().parseAsync(args, { from: 'user' });
    } finally {
      spy.mockRestore();
    }
    return out;
  }

  test('--template draws, --mermaid emits the flowchart', async () => {
    expect(await run(['--template', FIXTURE])).toBe(renderText(describeTemplate(template)));
    expect(await run(['--template', FIXTURE, '--mermaid'])).toMatch(/^flowchart TB\n/);
  });

  test('an unreadable template is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'describe-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'Resources: {}');
    await expect(run(['--template', bad])).rejects.toThrow(/cannot read template .*JSON expected/);
  });
});
