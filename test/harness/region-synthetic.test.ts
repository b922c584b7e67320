import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  CacheEngine, GlobalDatastore, MemcachedCluster, NodeType, ReplicationGroup, SecondaryReplicationGroup, SizingPreset, ValkeyEngineVersion,
} from '../../src';
import { Offerings, withOfferings } from '../../src/spec';
import { EMPTY_OFFERINGS, SYNTHETIC_OFFERINGS } from '../fixtures/offerings.synthetic';

/*
 * The constructs' Region rules on a SYNTHETIC table (test/fixtures/offerings.synthetic.ts: made-up Regions
 * xx-synthetic-1 and xx-synthetic-2, not AWS data), so they run whether or not the library was built with cfn-lint's
 * data. The same cases on the real data: test/harness/region.test.ts (skipped without the data file).
 */

function stackIn(region?: string, app = new App(), id = 'TestStack'): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(app, id, region ? { env: { account: '123456789012', region }, crossRegionReferences: true } : {});
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) };
}

/** The message `fn` throws, run with `offerings` as the Region data. */
function errorWith(offerings: Offerings | undefined, fn: () => void): string {
  try {
    withOfferings(offerings, fn);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

function regionWarnings(stack: Stack): Array<{ id: string; message: string }> {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('EngineVersionOffered|\\.Region\\]'))
    .map((w) => ({ id: w.id, message: String(w.entry.data) }));
}

const DATA = 'cfn-lint data of 1999-12-31';
const AGNOSTIC = 'the stack is environment-agnostic, so its Region is not checked: give the stack an env with a region to check it';

describe('Region rules of the constructs (synthetic offerings table)', () => {
  test('ReplicationGroup: a node type the concrete Region does not offer is an error naming property, value, Region and what is offered', () => {
    const { stack, vpc } = stackIn('xx-synthetic-2');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT }))).toBe(
      `[ReplicationGroup.Region] nodeType cache.t4g.small is not offered in xx-synthetic-2 (ElastiCache node types by Region, ${DATA}); `
      + 'node types of that size offered there: cache.t3.small (at TestStack/Cache)');
  });

  test('ReplicationGroup: a node type with no type of its size in the Region gets no alternatives', () => {
    const { stack, vpc } = stackIn('xx-synthetic-2');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.R7G_XLARGE }))).toBe(
      `[ReplicationGroup.Region] nodeType cache.r7g.xlarge is not offered in xx-synthetic-2 (ElastiCache node types by Region, ${DATA}) (at TestStack/Cache)`);
  });

  test('ReplicationGroup: an engine version ElastiCache does not offer is an error; both problems in one error', () => {
    const engine = CacheEngine.valkey(ValkeyEngineVersion.of('7.9'));
    const one = stackIn('xx-synthetic-1');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new ReplicationGroup(one.stack, 'Cache', { vpc: one.vpc, engine }))).toBe(
      `[ReplicationGroup.EngineVersionOffered] engine valkey 7.9 is not an engine version ElastiCache offers (${DATA}: 7.2, 8.0, 8.2) (at TestStack/Cache)`);
    const two = stackIn('xx-synthetic-2');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new ReplicationGroup(two.stack, 'Cache', { vpc: two.vpc, engine, preset: SizingPreset.DEVELOPMENT }))).toBe([
      `[ReplicationGroup.Region] nodeType cache.t4g.small is not offered in xx-synthetic-2 (ElastiCache node types by Region, ${DATA}); `
      + 'node types of that size offered there: cache.t3.small (at TestStack/Cache)',
      `[ReplicationGroup.EngineVersionOffered] engine valkey 7.9 is not an engine version ElastiCache offers (${DATA}: 7.2, 8.0, 8.2) (at TestStack/Cache)`,
    ].join('\n'));
  });

  test('what the data offers, or does not know, passes: the Region offering the type, the defaults, a Region, node type or version unknown to it', () => {
    const cases: Array<[string, (stack: Stack, vpc: ec2.Vpc) => void]> = [
      ['xx-synthetic-1', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT })],
      ['xx-synthetic-2', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc })],
      ['xx-synthetic-2', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.VER_8_2) })],
      ['xx-synthetic-9', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT })],
      ['xx-synthetic-2', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, nodeType: NodeType.of('cache.r9g.large') })],
      ['xx-synthetic-2', (stack, vpc) => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.of('9.9')) })],
    ];
    for (const [region, build] of cases) {
      const { stack, vpc } = stackIn(region);
      expect(errorWith(SYNTHETIC_OFFERINGS, () => build(stack, vpc))).toBe('no error');
      expect(regionWarnings(stack)).toEqual([]);
    }
  });

  test('an environment-agnostic stack gets warnings instead (node type missing in some Region, engine version not offered), none for the defaults', () => {
    const { stack, vpc } = stackIn();
    withOfferings(SYNTHETIC_OFFERINGS, () => {
      new ReplicationGroup(stack, 'Dev', { vpc, preset: SizingPreset.DEVELOPMENT });
      new ReplicationGroup(stack, 'Old', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.of('7.9')) });
      new ReplicationGroup(stack, 'Default', { vpc });
    });
    expect(regionWarnings(stack)).toEqual([
      { id: '/TestStack/Dev', message: `nodeType cache.t4g.small is not offered in 1 of 2 Regions (xx-synthetic-2); ${AGNOSTIC} [ack: cdk-elasticache:ReplicationGroup.Region]` },
      {
        id: '/TestStack/Old',
        message: `engine valkey 7.9 is not an engine version ElastiCache offers (${DATA}: 7.2, 8.0, 8.2) [ack: cdk-elasticache:ReplicationGroup.EngineVersionOffered]`,
      },
    ]);
  });

  test('MemcachedCluster: the same rule, its own code', () => {
    const { stack, vpc } = stackIn('xx-synthetic-2');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new MemcachedCluster(stack, 'Cache', { vpc, nodeType: NodeType.T4G_SMALL }))).toBe(
      `[MemcachedCluster.Region] nodeType cache.t4g.small is not offered in xx-synthetic-2 (ElastiCache node types by Region, ${DATA}); `
      + 'node types of that size offered there: cache.t3.small (at TestStack/Cache)');
    const ok = stackIn('xx-synthetic-1');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => new MemcachedCluster(ok.stack, 'Cache', { vpc: ok.vpc, nodeType: NodeType.T4G_SMALL }))).toBe('no error');
  });

  test("SecondaryReplicationGroup: its Region must offer the primary's node type", () => {
    const app = new App();
    const primary = stackIn('xx-synthetic-1', app, 'Primary');
    const secondary = stackIn('xx-synthetic-2', app, 'Secondary');
    expect(errorWith(SYNTHETIC_OFFERINGS, () => {
      const group = new ReplicationGroup(primary.stack, 'Cache', { vpc: primary.vpc, nodeType: NodeType.R7G_XLARGE });
      const globalDatastore = new GlobalDatastore(primary.stack, 'Global', { primary: group, globalReplicationGroupIdSuffix: 'sessions' });
      new SecondaryReplicationGroup(secondary.stack, 'Cache', { globalDatastore, vpc: secondary.vpc });
    })).toBe(
      `[SecondaryReplicationGroup.Region] nodeType cache.r7g.xlarge is not offered in xx-synthetic-2 (ElastiCache node types by Region, ${DATA}) (at Secondary/Cache)`);
  });

  test('no data, or an empty table: the Region rules are off (no error, no warning) for the same constructs', () => {
    for (const table of [undefined, EMPTY_OFFERINGS]) {
      const engine = CacheEngine.valkey(ValkeyEngineVersion.of('7.9'));
      const concrete = stackIn('xx-synthetic-2');
      expect(errorWith(table, () => new ReplicationGroup(concrete.stack, 'Cache', { vpc: concrete.vpc, engine, preset: SizingPreset.DEVELOPMENT })))
        .toBe('no error');
      expect(errorWith(table, () => new MemcachedCluster(concrete.stack, 'Memcached', { vpc: concrete.vpc, nodeType: NodeType.T4G_SMALL }))).toBe('no error');
      const agnostic = stackIn();
      expect(errorWith(table, () => new ReplicationGroup(agnostic.stack, 'Cache', { vpc: agnostic.vpc, engine, preset: SizingPreset.DEVELOPMENT })))
        .toBe('no error');
      expect(regionWarnings(concrete.stack)).toEqual([]);
      expect(regionWarnings(agnostic.stack)).toEqual([]);
    }
  });
});
