import { RemovalPolicy } from 'aws-cdk-lib';
import { MemcachedClusterModel } from './model';
import { AzMode } from './options';
import { EngineType } from '../engine';
import { networkTypeProblems } from '../network/placement';
import { show } from '../private/errors';
import {
  checkCurrentGeneration, checkIdentifier, checkIntegerRange, checkMaintenanceWindow, checkParameterGroupFamily, checkParameters, ValidationRule,
} from '../private/validation';
import { compareVersions } from '../private/version';
import { CACHE_CLUSTER_ID_MAX_LENGTH, MEMCACHED_TLS_VERSION, MAX_MEMCACHED_NODES, MAX_PORT, MIN_PORT } from '../spec';

type Rule = ValidationRule<MemcachedClusterModel>;

/*
 * Every rule of the project reference (elasticache-rules.md §1.1, §1.2, §1.5) that applies to a
 * node-based Memcached cluster (AWS::ElastiCache::CacheCluster), each with its source.
 * Unresolved tokens pass (`m.known`).
 */


export const MEMCACHED_CLUSTER_RULES: Rule[] = [
  {
    // A MemcachedCluster renders Engine: memcached only.
    code: 'MemcachedCluster.Engine',
    check: (m) => m.engine.engineType !== EngineType.MEMCACHED
      ? `engine must be Memcached for a MemcachedCluster, got ${show(m.engine.toString())}; use ReplicationGroup for Valkey and Redis OSS`
      : undefined,
  },
  {
    // botocore CreateCacheClusterMessage.CacheClusterId; terraform cluster.go: 1-50, letter first, no `--`, no trailing `-`.
    code: 'MemcachedCluster.Id',
    check: (m) => checkIdentifier('cacheClusterId', m.cacheClusterId, CACHE_CLUSTER_ID_MAX_LENGTH),
  },
  {
    code: 'MemcachedCluster.NumNodes',
    check: (m) => checkIntegerRange('numNodes', m.numNodes, 1, MAX_MEMCACHED_NODES),
  },
  {
    // botocore AZMode; terraform diff.go: cross-az is not supported with one node.
    code: 'MemcachedCluster.CrossAzSingleNode',
    check: (m) => m.azMode === AzMode.CROSS_AZ && m.known(m.numNodes) && m.numNodes < 2
      ? "azMode 'cross-az' needs more than one node, got numNodes 1; add nodes or use AzMode.SINGLE_AZ"
      : undefined,
  },
  {
    // botocore PreferredAvailabilityZones: the number of zones must equal NumCacheNodes (repeat a zone to co-locate).
    code: 'MemcachedCluster.PreferredAzs',
    check: (m) => {
      const azs = m.preferredAvailabilityZones;
      if (!m.known(azs) || !m.known(m.numNodes)) return undefined;
      return azs!.length !== m.numNodes
        ? `preferredAvailabilityZones must have one zone per node (numNodes = ${m.numNodes}), got ${azs!.length}; repeat a zone to place several nodes in it`
        : undefined;
    },
  },
  {
    // In-transit encryption for Memcached: 1.6.12 and later (Memcached User Guide, in-transit-encryption-mc).
    code: 'MemcachedCluster.TransitEncryptionVersion',
    check: (m) => m.transitEncryption && m.known(m.engine.version) && compareVersions(m.engine.version, MEMCACHED_TLS_VERSION) < 0
      ? `transitEncryption needs Memcached ${MEMCACHED_TLS_VERSION} or later, got engine version ${show(m.engine.version)}; upgrade the engine or set transitEncryption: false`
      : undefined,
  },
  {
    // Node type minimum Memcached versions; r6gd has no Memcached (User Guide, CacheNodes.SupportedTypes).
    code: 'MemcachedCluster.NodeTypeEngine',
    check: (m) => {
      const nt = m.nodeType;
      if (!nt.known || !m.known(m.engine.version)) return undefined;
      const floor = nt.minMemcachedVersion;
      if (floor === undefined) return `nodeType ${nt.name} does not support Memcached; use another node type (for example cache.r7g.large)`;
      return compareVersions(m.engine.version, floor) < 0
        ? `nodeType ${nt.name} needs Memcached ${floor} or later, got engine version ${show(m.engine.version)}`
        : undefined;
    },
  },
  {
    // T2 is moving to previous generation: new clusters cannot be created (User Guide, CacheNodes.SupportedTypes).
    code: 'MemcachedCluster.PreviousGenerationNodeType',
    check: (m) => checkCurrentGeneration(m.nodeType),
  },
  {
    // Memcached nodes cannot be scaled vertically: a new node type replaces the cluster (terraform diff.go, ForceNew).
    code: 'MemcachedCluster.NodeTypeReplacement',
    severity: 'warning',
    check: (m) => !m.nodeTypeGiven ? undefined
      : `changing nodeType (${m.nodeType.name}) later replaces the Memcached cluster: new nodes start empty and get new node endpoints (the configuration endpoint of a generated id changes too)` +
        (m.known(m.cacheClusterId) ? `; with the fixed cacheClusterId ${show(m.cacheClusterId)} CloudFormation cannot replace it, so remove cacheClusterId before changing nodeType` : ''),
  },
  {
    code: 'MemcachedCluster.Port',
    check: (m) => checkIntegerRange('port', m.port, MIN_PORT, MAX_PORT),
  },
  {
    // botocore PreferredMaintenanceWindow: ddd:hh24:mi-ddd:hh24:mi, at least 60 minutes.
    code: 'MemcachedCluster.MaintenanceWindow',
    check: (m) => checkMaintenanceWindow('maintenanceWindow', m.maintenanceWindow),
  },
  {
    // Memcached has no snapshots: SnapshotRetentionLimit/SnapshotWindow are redis-only (botocore CreateCacheClusterMessage),
    // terraform diff.go rejects final_snapshot_identifier for memcached.
    code: 'MemcachedCluster.Snapshot',
    check: (m) => m.removalPolicy === RemovalPolicy.SNAPSHOT
      ? 'removalPolicy SNAPSHOT is not possible: node-based Memcached has no snapshots or backups; use RemovalPolicy.DESTROY (the default) or RETAIN, or a ServerlessCache with Memcached for snapshots'
      : undefined,
  },
  {
    // Parameter metadata: allowed values, modifiable (src/spec/parameters.ts, User Guide ParameterGroups.Engine).
    code: 'MemcachedCluster.Parameter',
    check: (m) => checkParameters(m.engine, m.parameters),
  },
  {
    code: 'MemcachedCluster.ParameterGroupFamily',
    check: (m) => checkParameterGroupFamily(m.engine, m.parameterGroup),
  },
  {
    // IPv6 / dual stack: Memcached 1.6.6+ and IPv6 subnets (User Guide network-type.html).
    code: 'MemcachedCluster.NetworkType',
    check: (m) => networkTypeProblems(m, m.engine, m.networkType),
  },
  {
    code: 'MemcachedCluster.ParametersWithGroup',
    check: (m) => m.parameterGroup && m.parameters
      ? 'only one of parameters or parameterGroup can be given; set the parameters on your parameter group'
      : undefined,
  },
  {
    // IpDiscovery is about the addresses of `config get cluster` on dual-stack clusters (botocore IpDiscovery).
    code: 'MemcachedCluster.IpDiscovery',
    check: (m) => m.ipDiscovery !== undefined && m.networkType === undefined
      ? 'ipDiscovery only applies to dual-stack or IPv6 clusters; set networkType too'
      : undefined,
  },
];
