import * as fc from 'fast-check';
import { violations } from './invariants';
import { EngineType } from '../../src/engine';
import { NodeType } from '../../src/node-type';
import { Sizing, WorkloadProfile } from '../../src/sizing';

describe('the seed worked example', () => {
  // Seed, "How do you size an ElastiCache cluster?": 50 GB data, 100K reads/s, 10K writes/s →
  // cluster mode enabled, 3 shards of r6g.xlarge (26 GB × 3 = 78 GB capacity), 2 replicas per shard.
  const profile: WorkloadProfile = { dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000, nodeFamilies: ['r6g'] };
  const rec = Sizing.forWorkload(profile);

  test('gives exactly the seed answer', () => {
    expect(rec.clusterModeEnabled).toBe(true);
    expect(rec.numShards).toBe(3);
    expect(rec.nodeType).toBe(NodeType.R6G_XLARGE);
    expect(rec.replicasPerShard).toBe(2);
    expect(rec.totalNodes).toBe(9);
    expect(rec.multiAz).toBe(true);
    expect(rec.totalMemoryGib).toBeCloseTo(78.96, 2); // "26 GB * 3 = 78 GB capacity"
  });

  test('satisfies the seed rules', () => {
    expect(violations(profile, rec)).toEqual([]);
  });

  test('explains each choice', () => {
    expect(rec.reasons).toHaveLength(8);
    expect(rec.reasons[0]).toMatch(/^Data: 50 GB planned \(46.57 GiB\) × 1.25 engine overhead = 58.21 GiB footprint; with the 25% buffer 72.76 GiB/);
    expect(rec.reasons[1]).toMatch(/cache.r6g.xlarge .* 9 nodes × 8 size units = 72; next best cache.r6g.large .* 72 units \(same cost: fewer nodes wins\)/);
    expect(rec.reasons[2]).toMatch(/^Shards: 3 — memory needs 3 .* writes need 1/);
    expect(rec.reasons[3]).toMatch(/^Cluster mode enabled/);
    expect(rec.reasons[4]).toMatch(/^Replicas: 2 per shard — 41,667 reads\/s per shard need 1 replica\(s\).*\+1 spare/);
  });

  test('without a family preference, the default (r7g first) gives the same shape on r7g', () => {
    const r = Sizing.forWorkload({ dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000 });
    expect([r.nodeType.name, r.numShards, r.replicasPerShard]).toEqual(['cache.r7g.xlarge', 3, 2]);
  });

  test.each([20, 30])('holds for a %d%% buffer (seed range 20-30%%)', (bufferPercent) => {
    const r = Sizing.forWorkload({ ...profile, bufferPercent });
    expect([r.nodeType.name, r.numShards, r.replicasPerShard, r.clusterModeEnabled]).toEqual(['cache.r6g.xlarge', 3, 2, true]);
  });
});

// A table of workloads: each must give a recommendation that satisfies the seed's rules.
const WORKLOADS: Array<[string, WorkloadProfile]> = [
  ['tiny', { dataSizeGb: 0.1, readsPerSecond: 100, writesPerSecond: 10 }],
  ['empty', { dataSizeGb: 0, readsPerSecond: 0, writesPerSecond: 0 }],
  ['dev single-AZ', { dataSizeGb: 0.5, readsPerSecond: 500, writesPerSecond: 50, multiAz: false, nodeFamilies: ['t4g'] }],
  ['session store', { dataSizeGb: 5, readsPerSecond: 20_000, writesPerSecond: 5_000, peakConnections: 2_000 }],
  ['seed example, default families', { dataSizeGb: 50, readsPerSecond: 100_000, writesPerSecond: 10_000 }],
  ['seed example with growth', { dataSizeGb: 50, growthPercent: 50, readsPerSecond: 100_000, writesPerSecond: 10_000, nodeFamilies: ['r6g'] }],
  ['future size', { dataSizeGb: 10, futureDataSizeGb: 40, readsPerSecond: 1_000, writesPerSecond: 1_000 }],
  ['write heavy', { dataSizeGb: 10, readsPerSecond: 10_000, writesPerSecond: 600_000 }],
  ['read heavy', { dataSizeGb: 10, readsPerSecond: 2_000_000, writesPerSecond: 1_000 }],
  ['large data', { dataSizeGb: 2_000, readsPerSecond: 50_000, writesPerSecond: 20_000 }],
  ['very large data, quota raised', { dataSizeGb: 20_000, readsPerSecond: 100_000, writesPerSecond: 50_000, maxNodes: 500 }],
  ['many connections', { dataSizeGb: 1, readsPerSecond: 1_000, writesPerSecond: 1_000, peakConnections: 500_000 }],
  ['redis engine skips r8g', { dataSizeGb: 100, readsPerSecond: 10_000, writesPerSecond: 10_000, engine: EngineType.REDIS, nodeFamilies: ['r8g', 'r7g'] }],
  ['valkey on r8g', { dataSizeGb: 100, readsPerSecond: 10_000, writesPerSecond: 10_000, nodeFamilies: ['r8g'] }],
  ['data tiering', { dataSizeGb: 500, readsPerSecond: 20_000, writesPerSecond: 2_000, nodeFamilies: ['r6gd'] }],
  ['network bound large items', { dataSizeGb: 5, readsPerSecond: 50_000, writesPerSecond: 5_000, averageItemSizeBytes: 100_000 }],
  ['network optimised family', { dataSizeGb: 5, readsPerSecond: 500_000, writesPerSecond: 100_000, averageItemSizeBytes: 10_000, nodeFamilies: ['c7gn'] }],
  ['no buffer', { dataSizeGb: 30, readsPerSecond: 30_000, writesPerSecond: 3_000, bufferPercent: 0 }],
  ['big buffer', { dataSizeGb: 30, readsPerSecond: 30_000, writesPerSecond: 3_000, bufferPercent: 100 }],
  ['min replicas 3', { dataSizeGb: 8, readsPerSecond: 5_000, writesPerSecond: 500, minReplicasPerShard: 3 }],
  ['single-AZ with reads beyond the primary', { dataSizeGb: 8, readsPerSecond: 300_000, writesPerSecond: 500, multiAz: false }],
  ['x86 family', { dataSizeGb: 60, readsPerSecond: 40_000, writesPerSecond: 8_000, nodeFamilies: ['r5'] }],
  ['general purpose m7g', { dataSizeGb: 3, readsPerSecond: 10_000, writesPerSecond: 10_000, nodeFamilies: ['m7g'] }],
  ['burstable t3', { dataSizeGb: 0.2, readsPerSecond: 2_000, writesPerSecond: 200, nodeFamilies: ['t3'] }],
  ['reserved memory 50% (data tiering write heavy)', { dataSizeGb: 200, readsPerSecond: 5_000, writesPerSecond: 5_000, reservedMemoryPercent: 50 }],
];

describe('workload table', () => {
  test('has at least 20 workloads', () => {
    expect(WORKLOADS.length).toBeGreaterThanOrEqual(20);
  });

  test.each(WORKLOADS)('%s satisfies the seed rules', (_name, profile) => {
    const rec = Sizing.forWorkload(profile);
    expect(violations(profile, rec)).toEqual([]);
  });

  test('specific outcomes', () => {
    const tiny = Sizing.forWorkload(WORKLOADS[0][1]);
    expect([tiny.nodeType.name, tiny.numShards, tiny.replicasPerShard, tiny.clusterModeEnabled]).toEqual(['cache.r7g.large', 1, 2, false]);

    const dev = Sizing.forWorkload(WORKLOADS[2][1]);
    expect(dev.nodeType.family).toBe('t4g');
    expect(dev.replicasPerShard).toBe(0);
    expect(dev.multiAz).toBe(false);

    const writeHeavy = Sizing.forWorkload({ dataSizeGb: 10, readsPerSecond: 10_000, writesPerSecond: 600_000 });
    expect(writeHeavy.clusterModeEnabled).toBe(true);
    expect(writeHeavy.reasons[2]).toMatch(/writes need [2-9]/);

    const redis = Sizing.forWorkload(WORKLOADS[12][1]);
    expect(redis.nodeType.family).toBe('r7g');

    const tiering = Sizing.forWorkload(WORKLOADS[14][1]);
    expect(tiering.nodeType.dataTiering).toBe(true);
    expect(tiering.memoryPerShardGib).toBeCloseTo(tiering.nodeType.memoryGib! + tiering.nodeType.ssdGib!, 5);

    const quota = Sizing.forWorkload(WORKLOADS[10][1]);
    expect(quota.requiresQuotaIncrease).toBe(quota.totalNodes > 90);

    const connections = Sizing.forWorkload(WORKLOADS[11][1]);
    expect(connections.totalNodes).toBeGreaterThanOrEqual(Math.ceil(500_000 / 65_000));
  });
});

describe('per-node throughput model', () => {
  test.each([
    [NodeType.R6G_LARGE, 91_552], // network-bound: 0.75 Gbps / 1 KiB
    [NodeType.R7G_LARGE, 100_000], // seed: ~100K ops/s for a 2-vCPU node
    [NodeType.R6G_XLARGE, 141_421], // sqrt(4 / 2) = 1.41
    [NodeType.R7G_16XLARGE, 200_000], // capped at 2x
    [NodeType.T4G_MICRO, 7_812], // network baseline 0.064 Gbps
    [NodeType.T4G_MEDIUM, 31_250], // network baseline 0.256 Gbps; CPU 2 × 20% = 40K
    [NodeType.C7GN_LARGE, 100_000],
  ])('%s', (node, expected) => {
    expect(Sizing.estimateNodeOpsPerSecond(node)).toBe(expected);
  });

  test('burstable nodes are penalised by their baseline CPU', () => {
    // Large items make the network cap irrelevant? No: small items (64 B) make CPU the bound.
    expect(Sizing.estimateNodeOpsPerSecond(NodeType.T4G_MICRO, 64)).toBe(20_000); // 2 vCPU × 10%
    expect(Sizing.estimateNodeOpsPerSecond(NodeType.T4G_SMALL, 64)).toBe(40_000); // 2 vCPU × 20%
    expect(Sizing.estimateNodeOpsPerSecond(NodeType.R7G_LARGE, 64)).toBe(100_000);
  });

  test('unknown node types have no estimate', () => {
    expect(() => Sizing.estimateNodeOpsPerSecond(NodeType.of('cache.r9g.large'))).toThrow(
      '[Sizing.UnknownNodeType] nodeType cache.r9g.large is not in the node type catalog',
    );
  });
});

describe('validation', () => {
  const base: WorkloadProfile = { dataSizeGb: 10, readsPerSecond: 1_000, writesPerSecond: 1_000 };
  test.each<[Partial<WorkloadProfile>, string]>([
    [{ dataSizeGb: -1 }, '[Sizing.InvalidWorkload] dataSizeGb must be a number >= 0, got -1'],
    [{ dataSizeGb: NaN }, '[Sizing.InvalidWorkload] dataSizeGb must be a number >= 0, got NaN'],
    [{ readsPerSecond: -5 }, '[Sizing.InvalidWorkload] readsPerSecond must be a number >= 0, got -5'],
    [{ writesPerSecond: Infinity }, '[Sizing.InvalidWorkload] writesPerSecond must be a number >= 0, got Infinity'],
    [{ peakConnections: 1.5 }, '[Sizing.InvalidWorkload] peakConnections must be an integer >= 0, got 1.5'],
    [{ growthPercent: -10 }, '[Sizing.InvalidWorkload] growthPercent must be a number >= 0, got -10'],
    [{ bufferPercent: 150 }, '[Sizing.InvalidWorkload] bufferPercent must be a number between 0 and 100, got 150'],
    [{ reservedMemoryPercent: 95 }, '[Sizing.InvalidWorkload] reservedMemoryPercent must be a number between 0 and 90, got 95'],
    [{ minReplicasPerShard: 6 }, '[Sizing.InvalidWorkload] minReplicasPerShard must be an integer between 0 and 5, got 6'],
    [{ maxNodes: 501 }, '[Sizing.InvalidWorkload] maxNodes must be an integer between 1 and 500, got 501'],
    [{ averageItemSizeBytes: 0 }, '[Sizing.InvalidWorkload] averageItemSizeBytes must be a number >= 1, got 0'],
    [{ growthPercent: 10, futureDataSizeGb: 20 }, '[Sizing.InvalidWorkload] Only one of growthPercent or futureDataSizeGb can be provided'],
    [{ futureDataSizeGb: 5 }, '[Sizing.InvalidWorkload] futureDataSizeGb must be >= dataSizeGb (10), got 5'],
    [{ multiAz: true, minReplicasPerShard: 0 }, '[Sizing.InvalidWorkload] minReplicasPerShard must be >= 1 when multiAz is true'],
    [{ nodeFamilies: [] }, '[Sizing.InvalidWorkload] nodeFamilies must list at least one node family, got []'],
    [{ nodeFamilies: ['x9z'] }, "[Sizing.InvalidWorkload] nodeFamilies: unknown node family 'x9z'; allowed: m8g, m7g, m6g, m5, m4, t4g, t3, t2, r8g, r7g"],
    [{ nodeFamilies: ['t2'] }, "[Sizing.InvalidWorkload] nodeFamilies: 't2' is previous generation"],
    [{ engine: EngineType.REDIS, nodeFamilies: ['r8g', 'm8g'] }, '[Sizing.InvalidWorkload] nodeFamilies [r8g, m8g] do not support Redis OSS'],
    [{ engine: EngineType.MEMCACHED }, "[Sizing.InvalidWorkload] engine must be one of 'valkey', 'redis' (replication groups), got 'memcached'"],
  ])('%j', (override, message) => {
    expect(() => Sizing.forWorkload({ ...base, ...override })).toThrow(message);
  });

  test('no node type can satisfy the workload', () => {
    expect(() => Sizing.forWorkload({ dataSizeGb: 5_000, readsPerSecond: 1_000, writesPerSecond: 1_000, nodeFamilies: ['t4g'] })).toThrow(
      /^\[Sizing.NoNodeType\] No node type of the families \[t4g\] can hold the workload \(5,820.77 GiB footprint.*within 90 nodes: cache.t4g.micro needs \d+ shards/,
    );
    expect(() => Sizing.forWorkload({ dataSizeGb: 10, readsPerSecond: 1e9, writesPerSecond: 0, maxNodes: 500 })).toThrow(/\[Sizing.NoNodeType\]/);
  });
});

describe('properties (fast-check)', () => {
  const families = fc.constantFrom<string[] | undefined>(
    undefined, ['r6g'], ['r7g', 'm7g'], ['m6g'], ['r8g'], ['t4g', 'r7g'], ['c7gn'], ['r6gd'], ['r5', 'm5'], ['t3'],
  );
  const profile = fc.record({
    dataSizeGb: fc.double({ min: 0, max: 10_000, noNaN: true }),
    growthPercent: fc.option(fc.double({ min: 0, max: 300, noNaN: true }), { nil: undefined }),
    readsPerSecond: fc.integer({ min: 0, max: 5_000_000 }),
    writesPerSecond: fc.integer({ min: 0, max: 2_000_000 }),
    peakConnections: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
    averageItemSizeBytes: fc.option(fc.integer({ min: 16, max: 200_000 }), { nil: undefined }),
    engine: fc.constantFrom(EngineType.VALKEY, EngineType.REDIS),
    nodeFamilies: families,
    multiAz: fc.option(fc.boolean(), { nil: undefined }),
    bufferPercent: fc.option(fc.double({ min: 0, max: 60, noNaN: true }), { nil: undefined }),
    maxNodes: fc.option(fc.constantFrom(90, 250, 500), { nil: undefined }),
  }).filter((p) => !(p.engine === EngineType.REDIS && p.nodeFamilies?.every((f) => f.endsWith('8g'))));

  test('every recommendation satisfies the seed rules, or the calculator says no node type fits', () => {
    let recommended = 0;
    fc.assert(
      fc.property(profile, (p) => {
        let rec;
        try {
          rec = Sizing.forWorkload(p);
        } catch (e) {
          expect((e as Error).message).toMatch(/^\[Sizing.NoNodeType\]/);
          return;
        }
        recommended++;
        expect(violations(p, rec)).toEqual([]);
      }),
      { numRuns: 400, seed: 20261128 },
    );
    expect(recommended).toBeGreaterThan(200);
  });

  test('more data never needs less memory (same families)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3_000, noNaN: true }), fc.double({ min: 0, max: 3_000, noNaN: true }), (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const w = { readsPerSecond: 10_000, writesPerSecond: 1_000, nodeFamilies: ['r7g'], maxNodes: 500 };
        const rs = Sizing.forWorkload({ ...w, dataSizeGb: small });
        const rl = Sizing.forWorkload({ ...w, dataSizeGb: large });
        expect(rl.totalMemoryGib).toBeGreaterThanOrEqual(rs.dataFootprintGib);
        expect(rl.dataFootprintGib).toBeGreaterThanOrEqual(rs.dataFootprintGib);
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  test('the chosen topology is the cheapest feasible one of its family (brute force over sizes and shard counts)', () => {
    fc.assert(
      fc.property(profile.filter((p) => p.nodeFamilies !== undefined && p.nodeFamilies.length === 1), (p) => {
        let rec;
        try {
          rec = Sizing.forWorkload(p);
        } catch {
          return;
        }
        const fixedUnits: Record<string, number> = { micro: 0.5, small: 1, medium: 2, large: 4, xlarge: 8 };
        const units = (n: NodeType) => fixedUnits[n.size!] ?? 8 * parseInt(n.size!, 10);
        const chosen = rec.totalNodes * units(rec.nodeType);
        for (const n of NodeType.all().filter((x) => x.family === rec.nodeType.family)) {
          for (let shards = 1; shards <= 60; shards++) {
            for (let replicas = 0; replicas <= 5; replicas++) {
              const candidate = { ...rec, nodeType: n, numShards: shards, replicasPerShard: replicas, totalNodes: shards * (1 + replicas) };
              const cost = candidate.totalNodes * units(n);
              if (cost >= chosen) continue;
              // A cheaper topology must break at least one rule.
              const ops = Sizing.estimateNodeOpsPerSecond(n, p.averageItemSizeBytes);
              const spare = (p.multiAz ?? true) && p.readsPerSecond > 0 && replicas > 0 ? 1 : 0;
              const fake = {
                ...candidate,
                clusterModeEnabled: shards > 1,
                spareReplicasPerShard: spare,
                totalMemoryGib: shards * (n.memoryGib! + (n.ssdGib ?? 0)),
                memoryPerShardGib: n.memoryGib! + (n.ssdGib ?? 0),
                nodeOpsPerSecond: ops,
                maxConnections: candidate.totalNodes * 65_000,
                requiresQuotaIncrease: candidate.totalNodes > 90,
              };
              expect(violations(p, fake)).not.toEqual([]);
            }
          }
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
