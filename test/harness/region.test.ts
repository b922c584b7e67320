import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnReplicationGroup } from 'aws-cdk-lib/aws-elasticache';
import { CacheEngine, ElastiCacheChecks, NodeType, ReplicationGroup, SizingPreset, ValkeyEngineVersion } from '../../src';
import { OFFERINGS } from '../../src/spec';

/*
 * With the data the library was built with (src/spec/region-offerings.generated.ts, from cfn-lint's data file; see
 * scripts/region-offerings.ts). Without a data file the Region checks are off and these tests are skipped.
 */
const withData = OFFERINGS ? describe : describe.skip;
if (!OFFERINGS) console.warn('No Region offerings data: test/harness/region.test.ts is skipped (scripts/region-offerings.ts)');

function stackIn(region?: string): { stack: Stack; vpc: ec2.Vpc } {
  const stack = new Stack(new App(), 'TestStack', region ? { env: { account: '123456789012', region } } : {});
  return { stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) };
}

withData('Region awareness (cfn-lint data)', () => {
  test("SizingPreset.DEVELOPMENT's cache.t4g.small fails in me-central-1 with a clear message", () => {
    const { stack, vpc } = stackIn('me-central-1');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT })).toThrow(
      new RegExp(`^\\[ReplicationGroup\\.Region\\] nodeType cache\\.t4g\\.small is not offered in me-central-1 \\(ElastiCache node types by Region, cfn-lint data of ${OFFERINGS!.date}\\); node types of that size offered there: `));
  });

  test('the same preset passes in us-east-1, and the defaults pass in every Region of the data', () => {
    const { stack, vpc } = stackIn('us-east-1');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, preset: SizingPreset.DEVELOPMENT })).not.toThrow();
    for (const region of Object.keys(OFFERINGS!.nodeTypes)) {
      const s = stackIn(region);
      expect(() => new ReplicationGroup(s.stack, 'Cache', { vpc: s.vpc })).not.toThrow();
    }
  });

  test('an environment-agnostic stack gets a warning where the node type is missing somewhere, none for the default', () => {
    const { stack, vpc } = stackIn();
    new ReplicationGroup(stack, 'Dev', { vpc, preset: SizingPreset.DEVELOPMENT });
    new ReplicationGroup(stack, 'Default', { vpc });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('is not offered in'));
    expect(warnings.map((w) => w.id)).toEqual(['/TestStack/Dev']);
    expect(String(warnings[0].entry.data)).toMatch(/^nodeType cache\.t4g\.small is not offered in \d+ of \d+ Regions \(.*me-central-1.*\); the stack is environment-agnostic/);
  });

  test('an engine version ElastiCache does not offer is an error in a concrete Region', () => {
    const { stack, vpc } = stackIn('us-east-1');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.of('8.3')) })).toThrow(
      '[ReplicationGroup.EngineVersionOffered] engine valkey 8.3 is not an engine version ElastiCache offers');
  });

  test('Valkey 9.1, which the data lists, is in the catalog', () => {
    expect(OFFERINGS!.engineVersions.valkey).toContain(ValkeyEngineVersion.VER_9_1.version);
    const { stack, vpc } = stackIn('us-east-1');
    expect(() => new ReplicationGroup(stack, 'Cache', { vpc, engine: CacheEngine.valkey(ValkeyEngineVersion.VER_9_1), nodeType: NodeType.R7G_LARGE })).not.toThrow();
  });

  test('ElastiCacheChecks RegionAvailability: compliant in us-east-1, non-compliant in me-central-1', () => {
    const findingsIn = (region: string) => {
      const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region } });
      new CfnReplicationGroup(stack, 'X', { replicationGroupDescription: 'x', engine: 'valkey', engineVersion: '8.2', cacheNodeType: 'cache.t4g.small' });
      return new ElastiCacheChecks().validateScope(stack).violations.filter((v) => v.ruleName.startsWith('ElastiCache-RegionAvailability'))
        .map((v) => v.ruleName);
    };
    expect(findingsIn('us-east-1')).toEqual([]);
    expect(findingsIn('me-central-1')).toEqual(['ElastiCache-RegionAvailability[cache.t4g.small@me-central-1]']);
  });
});
