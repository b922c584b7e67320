import { RemovalPolicy } from 'aws-cdk-lib';
import { CacheEngine } from '../../src/engine';
import { MemcachedEngineVersion, ValkeyEngineVersion } from '../../src/engine-version';
import { MemcachedCluster } from '../../src/memcached/memcached-cluster';
import { AzMode, IpDiscovery } from '../../src/memcached/options';
import { MemcachedClusterProps } from '../../src/memcached/props';
import { NodeType } from '../../src/node-type';
import { ParameterGroup } from '../../src/parameter-group';
import { stackWithVpc } from '../helpers/stack';

type Case = [string, Omit<MemcachedClusterProps, 'vpc'>, string];

const AT = ' (at TestStack/Cache)';

// One row per rule of src/memcached/rules.ts: bad value in, exact message out.
const cases: Case[] = [
  ['Engine', { engine: CacheEngine.valkey(ValkeyEngineVersion.VER_8_2) },
    "[MemcachedCluster.Engine] engine must be Memcached for a MemcachedCluster, got 'valkey 8.2'; use ReplicationGroup for Valkey and Redis OSS" + AT],
  ['Id', { cacheClusterId: 'my--cache' },
    "[MemcachedCluster.Id] cacheClusterId must be 1-50 letters, digits or hyphens, start with a letter, not end with a hyphen nor contain two consecutive hyphens, got 'my--cache'" + AT],
  ['Id (51 characters)', { cacheClusterId: 'a'.repeat(51) }, '[MemcachedCluster.Id] cacheClusterId must be 1-50'],
  ['Id (first character)', { cacheClusterId: '1cache' }, "got '1cache'"],
  ['Id (trailing hyphen)', { cacheClusterId: 'cache-' }, "got 'cache-'"],
  ['NumNodes (0)', { numNodes: 0 }, '[MemcachedCluster.NumNodes] numNodes must be an integer between 1 and 40, got 0' + AT],
  ['NumNodes (41)', { numNodes: 41 }, '[MemcachedCluster.NumNodes] numNodes must be an integer between 1 and 40, got 41' + AT],
  ['CrossAzSingleNode', { numNodes: 1, azMode: AzMode.CROSS_AZ },
    "[MemcachedCluster.CrossAzSingleNode] azMode 'cross-az' needs more than one node, got numNodes 1; add nodes or use AzMode.SINGLE_AZ" + AT],
  ['PreferredAzs', { numNodes: 3, preferredAvailabilityZones: ['us-east-1a', 'us-east-1b'] },
    '[MemcachedCluster.PreferredAzs] preferredAvailabilityZones must have one zone per node (numNodes = 3), got 2; repeat a zone to place several nodes in it' + AT],
  ['TransitEncryptionVersion', { engine: CacheEngine.memcached(MemcachedEngineVersion.of('1.6.6')) },
    "[MemcachedCluster.TransitEncryptionVersion] transitEncryption needs Memcached 1.6.12 or later, got engine version '1.6.6'; upgrade the engine or set transitEncryption: false" + AT],
  ['NodeTypeEngine (r6gd)', { nodeType: NodeType.R6GD_XLARGE },
    '[MemcachedCluster.NodeTypeEngine] nodeType cache.r6gd.xlarge does not support Memcached; use another node type (for example cache.r7g.large)' + AT],
  ['NodeTypeEngine (version floor)', { nodeType: NodeType.M8G_LARGE, engine: CacheEngine.memcached(MemcachedEngineVersion.of('1.5.16')), transitEncryption: false },
    "[MemcachedCluster.NodeTypeEngine] nodeType cache.m8g.large needs Memcached 1.6.6 or later, got engine version '1.5.16'" + AT],
  ['PreviousGenerationNodeType', { nodeType: NodeType.T2_MICRO },
    '[MemcachedCluster.PreviousGenerationNodeType] nodeType cache.t2.micro is previous generation: ElastiCache no longer creates clusters on it; use a current node type such as cache.t4g.small' + AT],
  ['Port', { port: 70000 }, '[MemcachedCluster.Port] port must be an integer between 1 and 65535, got 70000' + AT],
  ['MaintenanceWindow (format)', { maintenanceWindow: 'sunday 3am' },
    "[MemcachedCluster.MaintenanceWindow] maintenanceWindow must be 'ddd:hh24:mi-ddd:hh24:mi' in UTC with ddd one of sun, mon, tue, wed, thu, fri, sat (e.g. 'sun:23:00-mon:01:30'), got 'sunday 3am'" + AT],
  ['MaintenanceWindow (60 minutes)', { maintenanceWindow: 'sun:23:00-sun:23:30' },
    "[MemcachedCluster.MaintenanceWindow] maintenanceWindow must be at least 60 minutes, got 30 minutes ('sun:23:00-sun:23:30')" + AT],
  ['Snapshot', { removalPolicy: RemovalPolicy.SNAPSHOT },
    '[MemcachedCluster.Snapshot] removalPolicy SNAPSHOT is not possible: node-based Memcached has no snapshots or backups; use RemovalPolicy.DESTROY (the default) or RETAIN, or a ServerlessCache with Memcached for snapshots' + AT],
  ['IpDiscovery', { ipDiscovery: IpDiscovery.IPV6 },
    '[MemcachedCluster.IpDiscovery] ipDiscovery only applies to dual-stack or IPv6 clusters; set networkType too' + AT],
];

describe('MemcachedCluster validation', () => {
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new MemcachedCluster(stack, 'Cache', { vpc, ...props })).toThrow(message);
  });

  test('ParametersWithGroup', () => {
    const { stack, vpc } = stackWithVpc();
    const parameterGroup = ParameterGroup.fromParameterGroupName(stack, 'Pg', 'default.memcached1.6');
    expect(() => new MemcachedCluster(stack, 'Cache', { vpc, parameterGroup, parameters: { a: 'b' } }))
      .toThrow('[MemcachedCluster.ParametersWithGroup] only one of parameters or parameterGroup can be given; set the parameters on your parameter group' + AT);
  });

  test('errors are ValidationErrors', () => {
    const { stack, vpc } = stackWithVpc();
    expect(() => new MemcachedCluster(stack, 'Cache', { vpc, numNodes: 0 })).toThrow(expect.objectContaining({ name: 'ValidationError' }));
  });
});
