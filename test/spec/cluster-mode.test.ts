import { describeTemplate } from '../../src/describe/model';
import { buildTopology, loadTemplate, RedisCacheSpec, TemplateError } from '../../src/local';
import { formatSlots, replicationGroupShape, ReplicationGroupShapeInput } from '../../src/spec';

/*
 * One place decides cluster mode (src/spec/cluster-mode.ts). The table gives template shapes of an
 * AWS::ElastiCache::ReplicationGroup and what ElastiCache makes of them; `describe` and the local engine must
 * both agree with it.
 */

const CLUSTER_ON = { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: 'valkey8', Description: 'on', Properties: { 'cluster-enabled': 'yes' } } };
const CLUSTER_OFF = { Type: 'AWS::ElastiCache::ParameterGroup', Properties: { CacheParameterGroupFamily: 'valkey8', Description: 'off', Properties: { 'cluster-enabled': 'no' } } };

interface Row {
  readonly name: string;
  readonly properties: Record<string, unknown>;
  /** Expected cluster mode and shards as `slots/replicas`, or the property ElastiCache rejects. */
  readonly expected: { readonly clusterMode: string; readonly shards: string[] } | { readonly rejected: string };
}

const TABLE: Row[] = [
  { name: 'nothing: one primary', properties: {}, expected: { clusterMode: 'disabled', shards: ['0-16383/0'] } },
  { name: 'NumCacheClusters 3', properties: { NumCacheClusters: 3 }, expected: { clusterMode: 'disabled', shards: ['0-16383/2'] } },
  { name: 'NumNodeGroups 1 alone', properties: { NumNodeGroups: 1 }, expected: { clusterMode: 'disabled', shards: ['0-16383/0'] } },
  { name: 'ReplicasPerNodeGroup 2 alone', properties: { ReplicasPerNodeGroup: 2 }, expected: { clusterMode: 'disabled', shards: ['0-16383/2'] } },
  {
    name: 'NumNodeGroups 1 with a non-cluster group',
    properties: { NumNodeGroups: 1, ReplicasPerNodeGroup: 1, CacheParameterGroupName: { Ref: 'Off' } },
    expected: { clusterMode: 'disabled', shards: ['0-16383/1'] },
  },
  {
    name: 'NumNodeGroups 1 with default.valkey8',
    properties: { NumNodeGroups: 1, CacheParameterGroupName: 'default.valkey8' },
    expected: { clusterMode: 'disabled', shards: ['0-16383/0'] },
  },
  { name: 'NumNodeGroups 3 alone', properties: { NumNodeGroups: 3 }, expected: { rejected: 'NumNodeGroups' } },
  {
    name: 'ClusterMode enabled, 3 shards',
    properties: { ClusterMode: 'enabled', NumNodeGroups: 3, ReplicasPerNodeGroup: 2 },
    expected: { clusterMode: 'enabled', shards: ['0-5460/2', '5461-10922/2', '10923-16383/2'] },
  },
  {
    name: 'a cluster-enabled template group, 2 shards',
    properties: { NumNodeGroups: 2, ReplicasPerNodeGroup: 1, CacheParameterGroupName: { Ref: 'On' } },
    expected: { clusterMode: 'enabled', shards: ['0-8191/1', '8192-16383/1'] },
  },
  {
    name: 'default.valkey8.cluster.on, shard count from ReplicasPerNodeGroup only',
    properties: { ReplicasPerNodeGroup: 2, CacheParameterGroupName: 'default.valkey8.cluster.on' },
    expected: { clusterMode: 'enabled', shards: ['0-16383/2'] },
  },
  {
    name: 'ClusterMode compatible',
    properties: { ClusterMode: 'compatible', NumNodeGroups: 1, ReplicasPerNodeGroup: 1, CacheParameterGroupName: { Ref: 'On' } },
    expected: { clusterMode: 'compatible', shards: ['0-16383/1'] },
  },
  {
    name: 'NodeGroupConfiguration with slots and replica counts',
    properties: { ClusterMode: 'enabled', NodeGroupConfiguration: [{ Slots: '0-99,200-16383', ReplicaCount: 1 }, { Slots: '100-199', ReplicaCount: 0 }] },
    expected: { clusterMode: 'enabled', shards: ['0-99,200-16383/1', '100-199/0'] },
  },
  { name: 'ClusterMode disabled with a cluster-enabled group', properties: { ClusterMode: 'disabled', CacheParameterGroupName: { Ref: 'On' } }, expected: { rejected: 'CacheParameterGroupName' } },
  { name: 'ClusterMode enabled with a non-cluster group', properties: { ClusterMode: 'enabled', CacheParameterGroupName: { Ref: 'Off' } }, expected: { rejected: 'CacheParameterGroupName' } },
  { name: 'ClusterMode enabled with NumCacheClusters', properties: { ClusterMode: 'enabled', NumCacheClusters: 2 }, expected: { rejected: 'NumCacheClusters' } },
  {
    name: 'NumNodeGroups and NodeGroupConfiguration disagree',
    properties: { ClusterMode: 'enabled', NumNodeGroups: 3, NodeGroupConfiguration: [{}, {}] },
    expected: { rejected: 'NodeGroupConfiguration' },
  },
  {
    name: 'overlapping slots',
    properties: { ClusterMode: 'enabled', NodeGroupConfiguration: [{ Slots: '0-9000' }, { Slots: '9000-16383' }] },
    expected: { rejected: 'NodeGroupConfiguration[1].Slots' },
  },
  { name: 'an unknown ClusterMode', properties: { ClusterMode: 'on' }, expected: { rejected: 'ClusterMode' } },
];

const template = (properties: Record<string, unknown>) => ({
  Resources: { On: CLUSTER_ON, Off: CLUSTER_OFF, Cache: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: properties } },
});

describe.each(TABLE)('$name', ({ properties, expected }) => {
  test('the local engine', () => {
    if ('rejected' in expected) {
      const e = (() => {
        try {
          buildTopology(loadTemplate(template(properties)));
        } catch (x) {
          return x;
        }
        throw new Error('accepted');
      })();
      expect(e).toBeInstanceOf(TemplateError);
      expect((e as TemplateError).problems).toEqual([expect.objectContaining({ logicalId: 'Cache', property: expected.rejected })]);
      return;
    }
    const cache = buildTopology(loadTemplate(template(properties))).caches[0] as RedisCacheSpec;
    expect({
      clusterMode: cache.clusterMode,
      shards: cache.shards.map((s) => `${formatSlots(s.slots)}/${s.replicas}`),
    }).toEqual({ clusterMode: expected.clusterMode !== 'disabled', shards: expected.shards });
  });

  test('describe', () => {
    const [cache] = describeTemplate(template(properties));
    if ('rejected' in expected) {
      expect(cache.notes).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${expected.rejected.replace(/[[\]]/g, '\\$&')}: .*ElastiCache rejects`))]));
      return;
    }
    expect({
      clusterMode: cache.clusterMode,
      shards: cache.shards.map((s) => `${s.slots ?? '0-16383'}/${s.nodes.length - 1}`),
    }).toEqual(expected);
  });
});

describe('replicationGroupShape', () => {
  test.each<[string, ReplicationGroupShapeInput, string]>([
    ['replicas above 5', { clusterMode: 'enabled', nodeGroups: [{ replicaCount: 6 }] }, 'NodeGroupConfiguration[0].ReplicaCount'],
    ['slots on one group only', { clusterMode: 'enabled', nodeGroups: [{ slots: '0-16383' }, {}] }, 'NodeGroupConfiguration[1].Slots'],
    ['a gap', { clusterMode: 'enabled', nodeGroups: [{ slots: '0-100' }, { slots: '102-16383' }] }, 'NodeGroupConfiguration'],
    ['seven nodes without cluster mode', { numCacheClusters: 7 }, 'NumCacheClusters'],
    ['two node groups without cluster mode', { nodeGroups: [{}, {}] }, 'NodeGroupConfiguration'],
  ])('%s is refused', (_name, input, property) => {
    const result = replicationGroupShape(input);
    expect('problem' in result && result.problem.property).toBe(property);
  });
});
