import { App, Lazy, Stack, Token } from 'aws-cdk-lib';
import { NodeType } from '../src/node-type';
import { compareVersions, isAtLeast } from '../src/private/version';

const FAMILIES = ['m8g', 'm7g', 'm6g', 'm5', 'm4', 't4g', 't3', 't2', 'r8g', 'r7g', 'r6g', 'r6gd', 'r5', 'r4', 'c8gn', 'c7gn'];

describe('NodeType catalog', () => {
  const all = NodeType.all();

  test('holds every current-generation row of the reference (94 types, 16 families)', () => {
    expect(all).toHaveLength(94);
    expect([...new Set(all.map((n) => n.family))]).toEqual(FAMILIES);
    expect(new Set(all.map((n) => n.name)).size).toBe(94);
  });

  test('every catalog row has a static constant and every constant is in the catalog', () => {
    const constants = Object.entries(NodeType).filter(([, v]) => v instanceof NodeType) as Array<[string, NodeType]>;
    expect(constants).toHaveLength(94);
    for (const [key, value] of constants) {
      expect(key).toBe(`${value.family}_${value.size}`.toUpperCase());
      expect(all).toContain(value);
    }
  });

  // Spot checks against ../shared/reference/elasticache-rules.md section 2.
  test.each([
    // name, vcpus, memoryGib, maxmemory bytes, baseline, burst, ssd
    [NodeType.R7G_LARGE, 'cache.r7g.large', 2, 13.07, 14037181030, 0.937, 12.5, undefined],
    [NodeType.R6G_XLARGE, 'cache.r6g.xlarge', 4, 26.32, 28261849702, 1.25, 10, undefined],
    [NodeType.R6G_16XLARGE, 'cache.r6g.16xlarge', 64, 419.09, 450000750456, 25, undefined, undefined],
    [NodeType.T4G_MICRO, 'cache.t4g.micro', 2, 0.5, 536870912, 0.064, 5, undefined],
    [NodeType.T2_MICRO, 'cache.t2.micro', 1, 0.555, 581959680, 0.064, 1.024, undefined],
    [NodeType.R6GD_XLARGE, 'cache.r6gd.xlarge', 4, 26.32, 28261849702, 1.25, 10, 99.33],
    [NodeType.R6GD_16XLARGE, 'cache.r6gd.16xlarge', 64, 419.09, 450000750456, 25, undefined, 1592.56],
    [NodeType.C7GN_LARGE, 'cache.c7gn.large', 2, 3.09, 3317862236, 6.25, 30, undefined],
    [NodeType.C8GN_16XLARGE, 'cache.c8gn.16xlarge', 64, 124.65, 133838143488, 200, undefined, undefined],
    [NodeType.M4_10XLARGE, 'cache.m4.10xlarge', 40, 154.64, 166047614239, 5, 10, undefined],
    [NodeType.R5_24XLARGE, 'cache.r5.24xlarge', 96, 635.61, 682485973811, 25, undefined, undefined],
    [NodeType.M8G_LARGE, 'cache.m8g.large', 2, 6.79, 7294178820, 0.937, 12.5, undefined],
    [NodeType.R8G_16XLARGE, 'cache.r8g.16xlarge', 64, 504.52, 541725818880, 30, undefined, undefined],
  ])('%s facts', (node, name, vcpus, mem, bytes, baseline, burst, ssd) => {
    expect(node.name).toBe(name);
    expect(node.toString()).toBe(name);
    expect(node.vcpus).toBe(vcpus);
    expect(node.memoryGib).toBe(mem);
    expect(node.maxMemoryBytes).toBe(bytes);
    expect(node.networkBaselineGbps).toBe(baseline);
    expect(node.networkBurstGbps).toBe(burst);
    expect(node.ssdGib).toBe(ssd);
    expect(node.known).toBe(true);
  });

  test('memoryGib is maxmemory / 2^30 within the documented rounding', () => {
    for (const n of all) {
      expect(Math.abs(n.maxMemoryBytes! / 2 ** 30 - n.memoryGib!)).toBeLessThan(0.02);
    }
  });

  test('family flags', () => {
    for (const n of all) {
      expect(n.graviton).toBe(/^[a-z]\dg/.test(n.family!));
      expect(n.burstable).toBe(n.family!.startsWith('t'));
      expect(n.dataTiering).toBe(n.family === 'r6gd');
      expect(n.ssdGib !== undefined).toBe(n.family === 'r6gd');
      expect(n.previousGeneration).toBe(n.family === 't2');
      expect(n.minValkeyVersion).toBe('7.2');
    }
  });

  test.each([
    [NodeType.M8G_LARGE, undefined, '1.6.6'],
    [NodeType.R8G_XLARGE, undefined, '1.6.6'],
    [NodeType.C8GN_LARGE, undefined, '1.6.6'],
    [NodeType.C7GN_LARGE, '6.2', '1.6.6'],
    [NodeType.M7G_LARGE, '6.2', '1.5.16'],
    [NodeType.R7G_LARGE, '6.2', '1.5.16'],
    [NodeType.R6G_LARGE, '5.0.6', '1.5.16'],
    [NodeType.M6G_LARGE, '5.0.6', '1.5.16'],
    [NodeType.T4G_SMALL, '5.0.6', '1.5.16'],
    [NodeType.T4G_MEDIUM, '5.0.6', '1.5.16'],
    [NodeType.T4G_MICRO, '4.0.10', '1.5.16'],
    [NodeType.T3_MICRO, '4.0.10', '1.5.16'],
    [NodeType.M5_LARGE, '4.0.10', '1.5.16'],
    [NodeType.R4_LARGE, '4.0.10', '1.5.16'],
    [NodeType.R6GD_XLARGE, '6.2.0', undefined],
  ])('%s minimum engine versions', (node, redis, memcached) => {
    expect(node.minRedisVersion).toBe(redis);
    expect(node.minMemcachedVersion).toBe(memcached);
  });

  test('r6gd starts at xlarge (no r6gd.large)', () => {
    expect(all.filter((n) => n.family === 'r6gd').map((n) => n.size)).toEqual(['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']);
  });
});

describe('NodeType.of', () => {
  test('returns the catalog instance for a known name', () => {
    expect(NodeType.of('cache.r7g.large')).toBe(NodeType.R7G_LARGE);
    expect(NodeType.of('cache.t2.micro').previousGeneration).toBe(true);
  });

  test('unknown but well-formed name has undefined metadata', () => {
    const n = NodeType.of('cache.r9g.xlarge');
    expect(n.name).toBe('cache.r9g.xlarge');
    expect(n.family).toBe('r9g');
    expect(n.size).toBe('xlarge');
    expect(n.known).toBe(false);
    expect(n.memoryGib).toBeUndefined();
    expect(n.vcpus).toBeUndefined();
    expect(n.graviton).toBeUndefined();
    expect(n.minValkeyVersion).toBeUndefined();
    expect(n.previousGeneration).toBe(false);
    expect(`${n}`).toBe('cache.r9g.xlarge');
  });

  test.each(['r7g.large', 'cache.r7g', 'cache.R7G.large', 'cache..large', '', 'cache.r7g.large.x', ' cache.r7g.large'])(
    'rejects %j with the expected form',
    (bad) => {
      expect(() => NodeType.of(bad)).toThrow(`[NodeType.Format] nodeType must look like 'cache.<family>.<size>' (lowercase), for example 'cache.r7g.large', got '${bad}'`);
    },
  );

  test('unresolved tokens pass through', () => {
    const stack = new Stack(new App(), 'S');
    const token = Lazy.string({ produce: () => 'cache.r7g.large' });
    const n = NodeType.of(token);
    expect(Token.isUnresolved(n.name)).toBe(true);
    expect(n.known).toBe(false);
    expect(n.family).toBeUndefined();
    expect(stack.resolve(n.name)).toBe('cache.r7g.large');
  });
});

describe('compareVersions', () => {
  test.each([
    ['6.2', '5.0.6', 1],
    ['5.0.6', '6.2', -1],
    ['6.2', '6.2.0', 0],
    ['7.2', '7.2', 0],
    ['7.0.7', '7.0.10', -1],
    ['1.6.6', '1.5.16', 1],
    ['6.x', '6.0', 0],
    ['10.0', '9.0', 1],
  ])('compareVersions(%s, %s) = %d', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  test('isAtLeast', () => {
    expect(isAtLeast('7.2', NodeType.R8G_LARGE.minValkeyVersion!)).toBe(true);
    expect(isAtLeast('6.0', NodeType.R7G_LARGE.minRedisVersion!)).toBe(false);
  });

  test.each(['', 'v7', '7.', '7..2', 'latest'])('rejects %j', (bad) => {
    expect(() => compareVersions(bad, '1')).toThrow(`Invalid engine version '${bad}'`);
  });
});
