/*
 * Synthesized CloudFormation template -> descriptions of its ElastiCache caches, for
 * `cdk-elasticache describe`. Pure functions over the template JSON (no AWS calls, no aws-cdk-lib):
 * values only known at deploy time (Ref, Fn::GetAtt...) are shown by what they reference.
 * Node-only code, not exported from src/index.ts.
 */

import { clusterEnabledOfDefaultParameterGroup, formatSlots, replicationGroupShape } from '../spec';

/** Total hash slots of a Valkey/Redis OSS cluster (the fact lives in src/spec/slots.ts). */
export { SLOT_COUNT } from '../spec';

export type CacheKind = 'ReplicationGroup' | 'MemcachedCluster' | 'CacheCluster' | 'ServerlessCache';

export interface NodeDescription {
  readonly role: 'primary' | 'replica' | 'node';
  readonly availabilityZone?: string;
}

export interface ShardDescription {
  /** 1-based shard number. */
  readonly index: number;
  /** Slot ranges, e.g. `0-5460`; `undefined` for caches without slots. */
  readonly slots?: string;
  /** Whether the slots were given in the template or are ElastiCache's even split. */
  readonly slotsGiven: boolean;
  readonly nodes: NodeDescription[];
}

export interface EndpointDescription {
  readonly kind: string;
  readonly purpose: string;
}

export interface CacheDescription {
  /** The cache id when literal, else the logical id. */
  readonly name: string;
  readonly logicalId: string;
  readonly kind: CacheKind;
  readonly engine: string;
  readonly engineVersion?: string;
  readonly nodeType?: string;
  readonly port?: number | string;
  /** 'enabled' | 'disabled' | 'compatible' for replication groups. */
  readonly clusterMode?: string;
  readonly multiAz?: boolean;
  readonly automaticFailover?: boolean;
  readonly shards: ShardDescription[];
  readonly endpoints: EndpointDescription[];
  readonly encryptionAtRest: string;
  readonly encryptionInTransit: string;
  readonly auth: string;
  readonly notes: string[];
}

type Json = any;

/** Every ElastiCache cache of a template, in template order. */
export function describeTemplate(template: Json): CacheDescription[] {
  const resources: Record<string, Json> = template?.Resources ?? {};
  const caches: CacheDescription[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const props = resource?.Properties ?? {};
    switch (resource?.Type) {
      case 'AWS::ElastiCache::ReplicationGroup':
        caches.push(describeReplicationGroup(logicalId, props, resources));
        break;
      case 'AWS::ElastiCache::CacheCluster':
        // A CacheCluster with ReplicationGroupId is a member of a group described above.
        if (props.ReplicationGroupId === undefined) caches.push(describeCacheCluster(logicalId, props));
        break;
      case 'AWS::ElastiCache::ServerlessCache':
        caches.push(describeServerless(logicalId, props));
        break;
      default:
        break;
    }
  }
  return caches;
}

/** A template value for display: literals as is, intrinsics by what they reference. */
export function show(value: Json): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('Ref' in value) return `<${value.Ref}>`;
    if ('Fn::GetAtt' in value) {
      const att = value['Fn::GetAtt'];
      return `<${Array.isArray(att) ? att.join('.') : att}>`;
    }
    if ('Fn::ImportValue' in value) return '<imported>';
  }
  return '<computed>';
}

function literal(value: Json): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bool(value: Json): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

function num(value: Json): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * `cluster-enabled` of the group's parameter group: a template `AWS::ElastiCache::ParameterGroup` by Ref, or a
 * default group by name; undefined when none is given or it cannot be read from the template.
 */
function clusterEnabledParameter(p: Json, resources: Record<string, Json>): boolean | undefined {
  const name = p.CacheParameterGroupName;
  if (typeof name === 'string') return clusterEnabledOfDefaultParameterGroup(name);
  const ref = name?.Ref;
  const group = typeof ref === 'string' ? resources[ref] : undefined;
  if (group?.Type !== 'AWS::ElastiCache::ParameterGroup') return undefined;
  const value = group.Properties?.Properties?.['cluster-enabled'];
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

function describeReplicationGroup(logicalId: string, p: Json, resources: Record<string, Json>): CacheDescription {
  const groups: Json[] | undefined = Array.isArray(p.NodeGroupConfiguration) ? p.NodeGroupConfiguration : undefined;
  const notes: string[] = [];
  const inferred = replicationGroupShape({
    clusterMode: literal(p.ClusterMode),
    clusterEnabledParameter: clusterEnabledParameter(p, resources),
    numNodeGroups: num(p.NumNodeGroups),
    replicasPerNodeGroup: num(p.ReplicasPerNodeGroup),
    numCacheClusters: num(p.NumCacheClusters),
    preferredAzCount: Array.isArray(p.PreferredCacheClusterAZs) ? p.PreferredCacheClusterAZs.length : undefined,
    nodeGroups: groups?.map((g) => ({ slots: literal(g?.Slots), replicaCount: num(g?.ReplicaCount) })),
  });
  if ('problem' in inferred) notes.push(`${inferred.problem.property}: ${inferred.problem.message} (ElastiCache rejects this template)`);
  const shape = 'shape' in inferred ? inferred.shape : undefined;
  const clusterMode = shape?.clusterMode ?? literal(p.ClusterMode) ?? 'disabled';
  const sharded = clusterMode !== 'disabled';
  const shards: ShardDescription[] = (shape?.shards ?? []).map((s, i) => {
    const g = groups?.[i] ?? {};
    const replicaAzs: Json[] = Array.isArray(g.ReplicaAvailabilityZones) ? g.ReplicaAvailabilityZones
      : !sharded && Array.isArray(p.PreferredCacheClusterAZs) ? p.PreferredCacheClusterAZs.slice(1) : [];
    const primaryAz = sharded ? g.PrimaryAvailabilityZone : Array.isArray(p.PreferredCacheClusterAZs) ? p.PreferredCacheClusterAZs[0] : undefined;
    return {
      index: i + 1,
      slots: sharded ? formatSlots(s.slots) : undefined,
      slotsGiven: s.slotsGiven,
      nodes: [
        { role: 'primary' as const, availabilityZone: show(primaryAz) },
        ...Array.from({ length: s.replicas }, (_, r) => ({ role: 'replica' as const, availabilityZone: show(replicaAzs[r]) })),
      ],
    };
  });
  if (sharded && p.NumNodeGroups !== undefined && num(p.NumNodeGroups) === undefined && groups === undefined) {
    notes.push('shard count not literal in the template; drawn as 1');
  }

  const endpoints: EndpointDescription[] = sharded
    ? [{ kind: 'configuration', purpose: 'cluster-aware clients discover every shard' }]
    : [{ kind: 'primary', purpose: 'writes (follows failover)' }, { kind: 'reader', purpose: 'reads load-balanced over the replicas' }];
  if (clusterMode === 'compatible') {
    endpoints.push({ kind: 'primary', purpose: 'clients not yet cluster-aware (compatible mode)' });
  }

  const transit = bool(p.TransitEncryptionEnabled);
  const mode = literal(p.TransitEncryptionMode);
  return {
    name: literal(p.ReplicationGroupId) ?? logicalId,
    logicalId,
    kind: 'ReplicationGroup',
    engine: literal(p.Engine) ?? 'redis',
    engineVersion: show(p.EngineVersion),
    nodeType: show(p.CacheNodeType),
    port: num(p.Port) ?? show(p.Port),
    clusterMode,
    multiAz: bool(p.MultiAZEnabled),
    automaticFailover: bool(p.AutomaticFailoverEnabled),
    shards,
    endpoints,
    encryptionAtRest: bool(p.AtRestEncryptionEnabled) ? (p.KmsKeyId !== undefined ? 'on (customer-managed KMS key)' : 'on (AWS-managed key)') : 'off',
    encryptionInTransit: transit ? `TLS ${mode ?? 'required'}` : 'off',
    auth: p.UserGroupIds !== undefined ? 'RBAC user group' : p.AuthToken !== undefined ? 'AUTH token' : 'none',
    notes,
  };
}

function describeCacheCluster(logicalId: string, p: Json): CacheDescription {
  const engine = literal(p.Engine) ?? 'memcached';
  const memcached = engine === 'memcached';
  const count = num(p.NumCacheNodes) ?? 1;
  const azs: Json[] = Array.isArray(p.PreferredAvailabilityZones) ? p.PreferredAvailabilityZones : [];
  const single = show(p.PreferredAvailabilityZone);
  const transit = bool(p.TransitEncryptionEnabled);
  return {
    name: literal(p.ClusterName) ?? logicalId,
    logicalId,
    kind: memcached ? 'MemcachedCluster' : 'CacheCluster',
    engine,
    engineVersion: show(p.EngineVersion),
    nodeType: show(p.CacheNodeType),
    port: num(p.Port) ?? show(p.Port),
    shards: [{
      index: 1,
      slotsGiven: false,
      nodes: Array.from({ length: count }, (_, n) => ({ role: 'node' as const, availabilityZone: show(azs[n]) ?? single })),
    }],
    endpoints: memcached
      ? [
        { kind: 'configuration', purpose: 'auto discovery of every node (clients shard keys)' },
        { kind: 'node', purpose: `one per node (${count})` },
      ]
      : [{ kind: 'node', purpose: 'the single node' }],
    encryptionAtRest: memcached ? 'n/a (Memcached keeps no data at rest)' : 'off',
    encryptionInTransit: transit ? 'TLS' : 'off',
    auth: 'none',
    notes: memcached ? ['no replication, no persistence: a node lost is its share of keys lost'] : [],
  };
}

function describeServerless(logicalId: string, p: Json): CacheDescription {
  const engine = literal(p.Engine) ?? 'valkey';
  const kv = engine !== 'memcached';
  return {
    name: literal(p.ServerlessCacheName) ?? logicalId,
    logicalId,
    kind: 'ServerlessCache',
    engine,
    engineVersion: show(p.MajorEngineVersion),
    shards: [],
    endpoints: kv
      ? [{ kind: 'endpoint', purpose: 'reads and writes (port 6379)' }, { kind: 'reader', purpose: 'reads from replicas (port 6380)' }]
      : [{ kind: 'endpoint', purpose: 'reads and writes (port 11211)' }],
    encryptionAtRest: p.KmsKeyId !== undefined ? 'on (customer-managed KMS key)' : 'on (AWS-owned key)',
    encryptionInTransit: 'TLS required',
    auth: p.UserGroupId !== undefined ? 'RBAC user group' : 'none',
    notes: ['capacity scales automatically; no shards or nodes to place'],
  };
}
