import { Lazy } from 'aws-cdk-lib';
import { NodeType } from '../../src/node-type';
import { Sizing, SizingPreset, SizingSpec } from '../../src/sizing';

describe('SizingPreset', () => {
  test.each<[SizingPreset, SizingSpec, string[]]>([
    [SizingPreset.DEVELOPMENT, {
      nodeType: NodeType.T4G_SMALL, clusterModeEnabled: false, numShards: 1, replicasPerShard: 0, multiAz: false, snapshotRetentionDays: 1,
    }, [
      'AwsSolutions-AEC4',
      'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup',
      'NIST.800.53.R4-ElastiCacheRedisClusterAutomaticBackup',
      'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
    ]],
    [SizingPreset.SMALL_PRODUCTION, {
      nodeType: NodeType.R7G_LARGE, clusterModeEnabled: false, numShards: 1, replicasPerShard: 2, multiAz: true, snapshotRetentionDays: 15,
    }, []],
    [SizingPreset.SHARDED_PRODUCTION, {
      nodeType: NodeType.R7G_XLARGE, clusterModeEnabled: true, numShards: 3, replicasPerShard: 2, multiAz: true, snapshotRetentionDays: 15,
    }, []],
    [SizingPreset.MEMORY_HEAVY, {
      nodeType: NodeType.R6GD_XLARGE, clusterModeEnabled: true, numShards: 3, replicasPerShard: 2, multiAz: true, snapshotRetentionDays: 15,
    }, []],
  ])('%s', (preset, spec, findings) => {
    expect(preset.spec).toEqual(spec);
    expect(preset.impliedNagFindings).toEqual(findings);
    expect(preset.description.length).toBeGreaterThan(10);
    expect(String(preset)).toBe(preset.name);
  });

  test('DEVELOPMENT is one small burstable node', () => {
    expect(SizingPreset.DEVELOPMENT.spec.nodeType.burstable).toBe(true);
    expect(SizingPreset.MEMORY_HEAVY.spec.nodeType.dataTiering).toBe(true);
  });

  test('fromRecommendation copies the calculator output, 15 days of backups by default', () => {
    const rec = Sizing.forWorkload({ dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000, nodeFamilies: ['r6g'] });
    const preset = SizingPreset.fromRecommendation(rec);
    expect(preset.name).toBe('CUSTOM');
    expect(preset.spec).toEqual({
      nodeType: NodeType.R6G_XLARGE, clusterModeEnabled: true, numShards: 3, replicasPerShard: 2, multiAz: true, snapshotRetentionDays: 15,
    });
    expect(preset.impliedNagFindings).toEqual([]);
    expect(preset.description).toBe('From the sizing calculator: 3 shard(s) of cache.r6g.xlarge with 2 replica(s) each.');
    expect(SizingPreset.fromRecommendation(rec, 7).spec.snapshotRetentionDays).toBe(7);
  });

  test('custom', () => {
    const spec: SizingSpec = {
      nodeType: NodeType.of('cache.r9g.large'), clusterModeEnabled: true, numShards: 2, replicasPerShard: 1, multiAz: true, snapshotRetentionDays: 35,
    };
    const preset = SizingPreset.custom(spec, 'mine');
    expect(preset.spec).toEqual(spec);
    expect(preset.spec).not.toBe(spec);
    expect(preset.description).toBe('mine');
    expect(SizingPreset.custom(spec).description).toBe('Custom sizing');
  });

  test('custom accepts unresolved tokens', () => {
    const n = Lazy.number({ produce: () => 2 });
    expect(() => SizingPreset.custom({
      nodeType: NodeType.R7G_LARGE, clusterModeEnabled: true, numShards: n, replicasPerShard: n, multiAz: true, snapshotRetentionDays: n,
    })).not.toThrow();
  });

  const good: SizingSpec = SizingPreset.SMALL_PRODUCTION.spec;
  test.each<[Partial<SizingSpec>, string]>([
    [{ numShards: 0, clusterModeEnabled: true }, '[SizingPreset.InvalidSpec] numShards must be an integer between 1 and 500, got 0'],
    [{ numShards: 2 }, '[SizingPreset.InvalidSpec] numShards must be 1 when clusterModeEnabled is false, got 2'],
    [{ replicasPerShard: 6 }, '[SizingPreset.InvalidSpec] replicasPerShard must be an integer between 0 and 5, got 6'],
    [{ replicasPerShard: 1.5 }, '[SizingPreset.InvalidSpec] replicasPerShard must be an integer between 0 and 5, got 1.5'],
    [{ replicasPerShard: 0 }, '[SizingPreset.InvalidSpec] replicasPerShard must be >= 1 when multiAz is true'],
    [{ snapshotRetentionDays: 36 }, '[SizingPreset.InvalidSpec] snapshotRetentionDays must be an integer between 0 and 35, got 36'],
    [{ clusterModeEnabled: true, numShards: 100, replicasPerShard: 5 }, '[SizingPreset.InvalidSpec] numShards × (1 + replicasPerShard) must be <= 500 nodes, got 600'],
    [{ nodeType: NodeType.T2_SMALL }, '[SizingPreset.InvalidSpec] nodeType cache.t2.small is previous generation'],
    [{ nodeType: 'cache.r7g.large' as unknown as NodeType }, '[SizingPreset.InvalidSpec] nodeType must be a NodeType'],
  ])('custom rejects %j', (override, message) => {
    expect(() => SizingPreset.custom({ ...good, ...override })).toThrow(message);
  });
});
