import { TemplateError, TemplateProblem } from '../errors';
import { CacheSpec, MemcachedCacheSpec, RedisCacheSpec, RedisEngine, SecretSpec, ShardSpec, Topology, UserSpec } from './model';
import {
  authTokenProblem, clusterEnabledOfDefaultParameterGroup, MAX_MEMCACHED_NODES, MAX_NUM_CACHE_CLUSTERS, MAX_PORT, MAX_REPLICAS_PER_SHARD,
  MAX_SHARDS, MEMCACHED_DEFAULT_PORT, MIN_NUM_CACHE_CLUSTERS, MIN_PORT, MIN_REPLICAS_PER_SHARD, parseAccessString, REDIS_DEFAULT_PORT,
  replicationGroupShape, SLOT_COUNT, USER_PASSWORDS_MAX, userPasswordProblem, withDefaultUserState,
} from '../../spec';
import { PARAMETER_GROUP_REF, ResolveError, TemplateResolver } from '../template/intrinsics';
import { CfnResource, LoadedTemplate } from '../template/types';

/** Parameters that exist only in ElastiCache (or are managed by the engine) and are not passed to the process. */
const ELASTICACHE_ONLY_PARAMETERS = new Set([
  'cluster-enabled',
  'reserved-memory',
  'reserved-memory-percent',
  'close-on-replica-write',
  'close-on-slave-write',
  'cluster-preferred-endpoint-type',
  'extended-redis-compatibility',
  'maxmemory',
  'port',
  'databases',
  'max_item_size_enable',
  'memcached_connections_overhead',
  'chunk_size_growth_factor',
]);

const BUILT_IN_DEFAULT: UserSpec = {
  userId: 'default',
  userName: 'default',
  accessString: 'on ~* &* +@all',
  passwords: [],
  mode: 'no-password',
};

/** Builds the topology of every cache in the template, or throws a TemplateError listing every problem. */
export function buildTopology(loaded: LoadedTemplate, knownSecrets?: Readonly<Record<string, string>>): Topology {
  return new TopologyBuilder(loaded, knownSecrets).build();
}

class TopologyBuilder {
  private readonly problems: TemplateProblem[] = [];
  private readonly warnings: string[] = [];
  private readonly resolver: TemplateResolver;
  private readonly resources: Record<string, CfnResource>;

  constructor(private readonly loaded: LoadedTemplate, knownSecrets?: Readonly<Record<string, string>>) {
    this.resolver = new TemplateResolver(loaded.template, knownSecrets);
    this.resources = loaded.template.Resources ?? {};
  }

  public build(): Topology {
    if (!this.loaded.template || typeof this.loaded.template !== 'object' || !this.loaded.template.Resources) {
      throw new TemplateError([{ logicalId: '(template)', message: 'has no Resources section' }]);
    }
    const caches: CacheSpec[] = [];
    // Problems of parameters, conditions, mappings and imports come first; resources they concern are not built.
    const loadProblems = this.loaded.problems ?? [];
    this.problems.push(...loadProblems);
    this.warnings.push(...(this.loaded.warnings ?? []));
    const failed = new Set([...loadProblems.map((p) => p.logicalId), ...(this.loaded.failedResources ?? [])]);
    for (const [id, r] of Object.entries(this.resources)) {
      if (failed.has(id)) continue;
      if (!r || typeof r.Type !== 'string') {
        this.problem(id, undefined, 'resource has no Type');
        continue;
      }
      const count = this.problems.length;
      let cache: CacheSpec | undefined;
      try {
        switch (r.Type) {
          case 'AWS::ElastiCache::ReplicationGroup':
            cache = this.replicationGroup(id, r.Properties ?? {});
            break;
          case 'AWS::ElastiCache::CacheCluster':
            cache = this.cacheCluster(id, r.Properties ?? {});
            break;
          case 'AWS::ElastiCache::ServerlessCache':
            cache = this.serverless(id, r.Properties ?? {});
            break;
          case 'AWS::ElastiCache::User':
            this.user(id);
            break;
          case 'AWS::ElastiCache::UserGroup':
            this.userGroup(id);
            break;
          case 'AWS::ElastiCache::ParameterGroup':
            this.parameterGroup(id);
            break;
          case 'AWS::ElastiCache::GlobalReplicationGroup':
            this.warnings.push(`${id}: global datastores are not emulated locally; ignored`);
            break;
          default:
            break;
        }
      } catch (e) {
        if (!(e instanceof PropertyError)) throw e;
        this.problem(e.resource ?? id, e.property, e.message);
      }
      if (cache && this.problems.length === count) caches.push(cache);
    }
    if (this.problems.length === 0 && caches.length === 0) {
      const types = 'AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster or AWS::ElastiCache::ServerlessCache';
      this.problem('(template)', undefined, `has no cache to run: no ${types} (its resources: ${Object.keys(this.resources).length})`);
    }
    if (this.problems.length > 0) {
      // In template order: parameters, conditions and other sections first, then resource by resource.
      const order = Object.keys(this.resources);
      const rank = (p: TemplateProblem) => order.indexOf(p.logicalId);
      const sorted = this.problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i).map((x) => x.p);
      throw new TemplateError(sorted, this.loaded.secrets);
    }
    const secrets = this.secrets();
    return { caches, warnings: this.warnings, secrets, resolvedSecrets: this.resolver.resolvedSecrets };
  }

  /** The template's secrets with the values the caches use (resolved once per build), for the control plane. */
  private secrets(): SecretSpec[] {
    const out: SecretSpec[] = [];
    for (const [id, r] of Object.entries(this.resources)) {
      if (r?.Type !== 'AWS::SecretsManager::Secret') continue;
      let value: string;
      try {
        value = this.resolver.secretString(id);
      } catch {
        continue;
      }
      const name = this.optionalStr(r.Properties ?? {}, 'Name') ?? id;
      const arn = String(this.resolver.resolve({ Ref: id }));
      out.push({ logicalId: id, path: this.loaded.paths[id], arn, name, value, rotation: this.rotationOf(id) });
    }
    return out;
  }

  /** The rotation schedule of a secret: its function's logical id and environment when the function is in the template. */
  private rotationOf(secretId: string): SecretSpec['rotation'] {
    for (const r of Object.values(this.resources)) {
      if (r?.Type !== 'AWS::SecretsManager::RotationSchedule') continue;
      const props = r.Properties ?? {};
      if (this.resolver.referencedLogicalId(props.SecretId) !== secretId) continue;
      const fnId = this.resolver.referencedLogicalId(props.RotationLambdaARN);
      const fn = fnId ? this.resources[fnId] : undefined;
      const environment: Record<string, string> = {};
      if (fn?.Type === 'AWS::Lambda::Function') {
        const vars = ((fn.Properties ?? {}).Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        for (const [k, v] of Object.entries(vars)) {
          const resolved = this.optionalStr(vars, k);
          if (resolved !== undefined) environment[k] = resolved;
          else if (typeof v === 'string') environment[k] = v;
        }
      }
      return { functionLogicalId: fn ? fnId : undefined, environment };
    }
    return undefined;
  }

  /** A string property, or undefined when it is absent or cannot be resolved locally. */
  private optionalStr(props: Record<string, unknown>, name: string): string | undefined {
    try {
      return this.resolver.resolveString(props[name]);
    } catch {
      return undefined;
    }
  }

  /** The resource's `Tags` (key → value); tags that cannot be resolved locally are left out. */
  private tags(props: Record<string, unknown>): Record<string, string> {
    const out: Record<string, string> = {};
    const list = Array.isArray(props.Tags) ? (props.Tags as Array<Record<string, unknown>>) : [];
    for (const t of list) {
      const key = this.optionalStr(t, 'Key');
      const value = this.optionalStr(t, 'Value');
      if (key !== undefined) out[key] = value ?? '';
    }
    return out;
  }

  private problem(logicalId: string, property: string | undefined, message: string) {
    const dup = this.problems.some((p) => p.logicalId === logicalId && p.property === property && p.message === message);
    if (!dup) this.problems.push({ logicalId, property, message });
  }

  // ---- property readers: every failure names the property ----

  private str(props: Record<string, unknown>, name: string): string | undefined {
    try {
      return this.resolver.resolveString(props[name]);
    } catch (e) {
      throw asPropertyError(name, e);
    }
  }

  private num(props: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
    const s = this.str(props, name);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new PropertyError(name, `must be an integer between ${min} and ${max} (got ${JSON.stringify(s)})`);
    }
    return n;
  }

  private bool(props: Record<string, unknown>, name: string): boolean | undefined {
    const s = this.str(props, name);
    if (s === undefined) return undefined;
    if (s !== 'true' && s !== 'false') throw new PropertyError(name, `must be true or false (got ${JSON.stringify(s)})`);
    return s === 'true';
  }

  private value(props: Record<string, unknown>, name: string): unknown {
    try {
      return this.resolver.resolve(props[name]);
    } catch (e) {
      throw asPropertyError(name, e);
    }
  }

  private redisEngine(props: Record<string, unknown>, allowMemcached = false): RedisEngine | 'memcached' {
    const engine = (this.str(props, 'Engine') ?? 'redis').toLowerCase();
    if (engine === 'redis' || engine === 'valkey' || (allowMemcached && engine === 'memcached')) return engine;
    throw new PropertyError('Engine', `unsupported engine '${engine}' (expected redis or valkey${allowMemcached ? ' or memcached' : ''})`);
  }

  // ---- resources ----

  /** SnapshotName, or the last path segment (without `.rdb`) of the first of SnapshotArns (`arn:aws:s3:::bucket/name.rdb`). */
  private snapshotOf(props: Record<string, unknown>): RedisCacheSpec['snapshot'] {
    const name = this.str(props, 'SnapshotName');
    if (name !== undefined) return { name, property: 'SnapshotName' };
    const arns = this.value(props, 'SnapshotArns');
    if (!Array.isArray(arns) || arns.length === 0) return undefined;
    return { name: String(arns[0]).split('/').pop()!.replace(/\.rdb$/, ''), property: 'SnapshotArns' };
  }

  private replicationGroup(id: string, props: Record<string, unknown>): RedisCacheSpec | undefined {
    if (props.GlobalReplicationGroupId !== undefined) {
      throw new PropertyError('GlobalReplicationGroupId', 'secondary members of a global datastore are not supported locally');
    }
    if (props.PrimaryClusterId !== undefined) {
      throw new PropertyError('PrimaryClusterId', 'replication groups built from an existing cluster are not supported locally');
    }
    const engine = this.redisEngine(props) as RedisEngine;
    const params = this.parameterGroupValues(id, props);
    const clusterModeProp = this.str(props, 'ClusterMode');
    const numNodeGroups = this.num(props, 'NumNodeGroups', 1, MAX_SHARDS);
    const replicasPerNodeGroup = this.num(props, 'ReplicasPerNodeGroup', MIN_REPLICAS_PER_SHARD, MAX_REPLICAS_PER_SHARD);
    const numCacheClusters = this.num(props, 'NumCacheClusters', MIN_NUM_CACHE_CLUSTERS, MAX_NUM_CACHE_CLUSTERS);
    const ngc = this.value(props, 'NodeGroupConfiguration') as Array<Record<string, unknown>> | undefined;
    if (ngc !== undefined && !Array.isArray(ngc)) throw new PropertyError('NodeGroupConfiguration', 'must be a list');
    const preferredAzs = this.value(props, 'PreferredCacheClusterAZs');
    const inferred = replicationGroupShape({
      clusterMode: clusterModeProp,
      clusterEnabledParameter: params.clusterEnabled,
      numNodeGroups,
      replicasPerNodeGroup,
      numCacheClusters,
      preferredAzCount: Array.isArray(preferredAzs) ? preferredAzs.length : undefined,
      nodeGroups: ngc?.map((g) => ({
        slots: g.Slots === undefined ? undefined : String(g.Slots),
        replicaCount: g.ReplicaCount === undefined ? undefined : Number(g.ReplicaCount),
      })),
    });
    if ('problem' in inferred) throw new PropertyError(inferred.problem.property, inferred.problem.message);
    const clusterMode = inferred.shape.sharded;
    if (clusterModeProp === 'compatible') this.warnings.push(`${id}: ClusterMode 'compatible' is run as cluster mode enabled locally`);
    if (inferred.shape.shards.length > 15) this.warnings.push(`${id}: ${inferred.shape.shards.length} shards start many processes locally`);
    const shards: ShardSpec[] = inferred.shape.shards.map((s) => ({ slots: s.slots, replicas: s.replicas }));
    if (this.bool(props, 'AutomaticFailoverEnabled') === true && !clusterMode && shards[0].replicas < 1) {
      throw new PropertyError('AutomaticFailoverEnabled', 'When using automatic failover, there must be at least 2 cache clusters in the replication group.');
    }

    const tls = this.bool(props, 'TransitEncryptionEnabled') ?? false;
    const tlsMode = this.tlsMode(props, tls);
    const userGroupIds = props.UserGroupIds;
    let users: UserSpec[];
    let rbac = false;
    let userGroupId: string | undefined;
    const authToken = this.str(props, 'AuthToken');
    if (authToken !== undefined) {
      if (!tls) throw new PropertyError('AuthToken', 'requires TransitEncryptionEnabled: true');
      const problem = authTokenProblem('the token', authToken);
      if (problem) throw new PropertyError('AuthToken', problem);
    }
    if (userGroupIds !== undefined) {
      if (!Array.isArray(userGroupIds) || userGroupIds.length > 1) throw new PropertyError('UserGroupIds', 'must be a list with at most one user group');
      if (userGroupIds.length === 1) {
        if (authToken !== undefined) throw new PropertyError('UserGroupIds', 'cannot be combined with AuthToken');
        if (!tls) throw new PropertyError('UserGroupIds', 'requires TransitEncryptionEnabled: true');
        if (tlsMode === 'preferred') throw new PropertyError('TransitEncryptionMode', 'Transit encryption preferred is not supported with redis access control.');
        users = this.usersOfGroup(userGroupIds[0], 'UserGroupIds', engine);
        userGroupId = this.userGroupIdOf(userGroupIds[0]);
        rbac = true;
      } else {users = [defaultUser(authToken)];}
    } else {
      users = [defaultUser(authToken)];
    }
    return {
      snapshot: this.snapshotOf(props),
      kind: 'replication-group',
      logicalId: id,
      path: this.loaded.paths[id],
      engine,
      engineVersion: this.str(props, 'EngineVersion'),
      clusterMode,
      shards,
      tls,
      tlsMode,
      port: this.num(props, 'Port', MIN_PORT, MAX_PORT) ?? REDIS_DEFAULT_PORT,
      authToken,
      users,
      rbac,
      parameters: params.values,
      resourceId: this.optionalStr(props, 'ReplicationGroupId') ?? id.toLowerCase(),
      tags: this.tags(props),
      userGroupId,
    };
  }

  /** The UserGroupId of a user group reference (its property, or the literal id). */
  private userGroupIdOf(ref: unknown): string | undefined {
    const logicalId = this.resolver.referencedLogicalId(ref);
    if (logicalId && this.resources[logicalId]) return this.optionalStr(this.resources[logicalId].Properties ?? {}, 'UserGroupId') ?? logicalId;
    return this.optionalStr({ ref }, 'ref');
  }

  private tlsMode(props: Record<string, unknown>, tls: boolean): 'required' | 'preferred' | undefined {
    const mode = this.str(props, 'TransitEncryptionMode');
    if (mode === undefined) return tls ? 'required' : undefined;
    if (mode !== 'required' && mode !== 'preferred') throw new PropertyError('TransitEncryptionMode', `must be required or preferred (got '${mode}')`);
    if (!tls) throw new PropertyError('TransitEncryptionMode', 'requires TransitEncryptionEnabled: true');
    return mode;
  }

  private cacheCluster(id: string, props: Record<string, unknown>): CacheSpec {
    const engine = this.redisEngine(props, true);
    const tls = this.bool(props, 'TransitEncryptionEnabled') ?? false;
    if (engine === 'memcached') {
      const nodes = this.num(props, 'NumCacheNodes', 1, MAX_MEMCACHED_NODES) ?? 1;
      const azMode = this.str(props, 'AZMode');
      if (azMode === 'cross-az' && nodes < 2) throw new PropertyError('AZMode', 'cross-az needs more than one node');
      const spec: MemcachedCacheSpec = {
        kind: 'memcached',
        logicalId: id,
        path: this.loaded.paths[id],
        engine: 'memcached',
        engineVersion: this.str(props, 'EngineVersion'),
        nodes,
        tls,
        port: this.num(props, 'Port', MIN_PORT, MAX_PORT) ?? MEMCACHED_DEFAULT_PORT,
        parameters: this.parameterGroupValues(id, props).values,
        serverless: false,
      };
      return spec;
    }
    const nodes = this.num(props, 'NumCacheNodes', 1, 1) ?? 1;
    const params = this.parameterGroupValues(id, props);
    if (params.clusterEnabled) throw new PropertyError('CacheParameterGroupName', 'a single-node CacheCluster cannot use cluster mode');
    return {
      kind: 'replication-group',
      logicalId: id,
      path: this.loaded.paths[id],
      engine,
      engineVersion: this.str(props, 'EngineVersion'),
      clusterMode: false,
      shards: [{ slots: [[0, SLOT_COUNT - 1]], replicas: nodes - 1 }],
      tls,
      tlsMode: tls ? 'required' : undefined,
      port: this.num(props, 'Port', MIN_PORT, MAX_PORT) ?? REDIS_DEFAULT_PORT,
      users: [BUILT_IN_DEFAULT],
      rbac: false,
      parameters: params.values,
    };
  }

  private serverless(id: string, props: Record<string, unknown>): CacheSpec {
    const engine = this.redisEngine(props, true);
    const version = this.str(props, 'MajorEngineVersion');
    if (engine === 'memcached') {
      if (props.UserGroupId !== undefined) throw new PropertyError('UserGroupId', 'only Valkey and Redis serverless caches take a user group');
      return {
        kind: 'memcached',
        logicalId: id,
        path: this.loaded.paths[id],
        engine: 'memcached',
        engineVersion: version,
        nodes: 1,
        tls: true,
        port: 11211,
        parameters: {},
        serverless: true,
        resourceId: this.optionalStr(props, 'ServerlessCacheName') ?? id.toLowerCase(),
      };
    }
    let users = [BUILT_IN_DEFAULT];
    let rbac = false;
    if (props.UserGroupId !== undefined) {
      users = this.usersOfGroup(props.UserGroupId, 'UserGroupId', engine);
      rbac = true;
    }
    return {
      kind: 'serverless',
      logicalId: id,
      path: this.loaded.paths[id],
      engine,
      engineVersion: version,
      clusterMode: true,
      shards: [{ slots: [[0, SLOT_COUNT - 1]], replicas: 0 }],
      tls: true,
      tlsMode: 'required',
      port: 6379,
      users,
      rbac,
      parameters: {},
      resourceId: this.optionalStr(props, 'ServerlessCacheName') ?? id.toLowerCase(),
      userGroupId: props.UserGroupId !== undefined ? this.userGroupIdOf(props.UserGroupId) : undefined,
    };
  }

  private parameterGroupValues(id: string, props: Record<string, unknown>): { values: Record<string, string>; clusterEnabled?: boolean } {
    const name = this.str(props, 'CacheParameterGroupName');
    if (name === undefined) return { values: {} };
    if (name.startsWith(PARAMETER_GROUP_REF)) {
      const pgId = name.slice(PARAMETER_GROUP_REF.length);
      const all = this.parameterGroup(pgId);
      const values: Record<string, string> = {};
      for (const [k, v] of Object.entries(all)) {
        if (!ELASTICACHE_ONLY_PARAMETERS.has(k)) values[k] = v;
        else if (k !== 'cluster-enabled') this.warnings.push(`${id}: parameter '${k}' of ${pgId} is ElastiCache-specific; not applied locally`);
      }
      const ce = all['cluster-enabled'];
      return { values, clusterEnabled: ce === undefined ? undefined : ce === 'yes' };
    }
    // A default parameter group by name, e.g. default.redis7.cluster.on.
    const byDefault = clusterEnabledOfDefaultParameterGroup(name);
    if (byDefault !== undefined) return { values: {}, clusterEnabled: byDefault };
    throw new PropertyError('CacheParameterGroupName', `parameter group '${name}' is not in the template; its values cannot be known locally`);
  }

  private parameterGroup(id: string): Record<string, string> {
    const r = this.resources[id];
    if (r?.Type !== 'AWS::ElastiCache::ParameterGroup') throw new PropertyError('CacheParameterGroupName', `'${id}' is not an AWS::ElastiCache::ParameterGroup`);
    const props = r.Properties ?? {};
    let raw: unknown;
    try {
      raw = this.resolver.resolve(props.Properties ?? {});
    } catch (e) {
      throw asPropertyError('Properties', e, id);
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PropertyError('Properties', 'must be a map of parameter names to values', id);
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) {
      if (typeof v === 'object') throw new PropertyError(`Properties.${k}`, 'must be a string', id);
      if (/[\r\n]/.test(String(v))) throw new PropertyError(`Properties.${k}`, 'must not contain line breaks', id);
      out[k] = String(v);
    }
    return out;
  }

  private user(id: string): UserSpec {
    const props = this.resources[id].Properties ?? {};
    const fail = (property: string, message: string): never => {
      throw new PropertyError(property, message, id);
    };
    const userId = this.strOf(id, props, 'UserId') ?? fail('UserId', 'is required');
    const userName = this.strOf(id, props, 'UserName') ?? fail('UserName', 'is required');
    const engine = (this.strOf(id, props, 'Engine') ?? 'redis').toLowerCase();
    if (engine !== 'redis' && engine !== 'valkey') fail('Engine', `must be redis or valkey (got '${engine}')`);
    const accessString = this.strOf(id, props, 'AccessString') ?? fail('AccessString', 'is required');
    const parsed = parseAccessString(accessString);
    if ('problem' in parsed) fail('AccessString', parsed.problem.message);
    let passwords = this.listOf(id, props, 'Passwords');
    const authMode = this.valueOf(id, props, 'AuthenticationMode') as { Type?: string; Passwords?: unknown[] } | undefined;
    let mode: UserSpec['mode'] = 'password';
    if (authMode?.Type !== undefined) {
      if (authMode.Type === 'iam') mode = 'iam';
      else if (authMode.Type === 'no-password-required') mode = 'no-password';
      else if (authMode.Type !== 'password') fail('AuthenticationMode.Type', `must be password, iam or no-password-required (got '${authMode.Type}')`);
      if (authMode.Passwords !== undefined) {
        if (mode !== 'password') fail('AuthenticationMode.Passwords', 'only allowed with Type password');
        passwords = authMode.Passwords.map(String);
      }
    }
    const noPasswordRequired = this.strOf(id, props, 'NoPasswordRequired');
    if (noPasswordRequired === 'true' && authMode?.Type === undefined) mode = 'no-password';
    if (mode === 'iam' && userName !== userId) fail('UserName', 'For IAM authentication, userName must be equal to userId');
    if (mode === 'password') {
      if (passwords.length < 1 || passwords.length > USER_PASSWORDS_MAX) fail('Passwords', `a password user needs 1 to ${USER_PASSWORDS_MAX} passwords`);
      passwords.forEach((p, i) => {
        const problem = userPasswordProblem('the password', p);
        if (problem) fail(`Passwords[${i}]`, problem);
      });
    } else if (passwords.length > 0) {
      fail('Passwords', `not allowed for a ${mode} user`);
    }
    if (engine === 'valkey' && mode === 'no-password') fail('AuthenticationMode', 'Valkey engine does not support no-password authentication.');
    return { logicalId: id, userId, userName, accessString: withDefaultUserState(accessString), passwords, mode };
  }

  private userGroup(id: string): UserSpec[] {
    const props = this.resources[id].Properties ?? {};
    const engine = (this.strOf(id, props, 'Engine') ?? 'redis').toLowerCase();
    const ids = props.UserIds;
    if (!Array.isArray(ids) || ids.length === 0) throw new PropertyError('UserIds', 'must be a non-empty list', id);
    const users: UserSpec[] = [];
    ids.forEach((ref, i) => {
      const refId = this.resolver.referencedLogicalId(ref);
      if (refId && this.resources[refId]?.Type === 'AWS::ElastiCache::User') {
        try {
          users.push(this.user(refId));
        } catch (e) {
          throw e;
        }
        return;
      }
      let literal: string | undefined;
      try {
        literal = this.resolver.resolveString(ref);
      } catch (e) {
        throw asPropertyError(`UserIds[${i}]`, e, id);
      }
      const byId = Object.keys(this.resources).find(
        (k) => this.resources[k].Type === 'AWS::ElastiCache::User' && this.strOf(k, this.resources[k].Properties ?? {}, 'UserId') === literal,
      );
      if (byId) users.push(this.user(byId));
      else if (literal === 'default') users.push(BUILT_IN_DEFAULT);
      else throw new PropertyError(`UserIds[${i}]`, `user '${literal}' is not defined in the template`, id);
    });
    const names = new Set<string>();
    for (const u of users) {
      if (names.has(u.userName)) throw new PropertyError('UserIds', `DuplicateUserName: two users are named '${u.userName}'`, id);
      names.add(u.userName);
    }
    if (engine === 'redis' && !names.has('default')) throw new PropertyError('UserIds', 'DefaultUserRequired: A user named default must be included', id);
    return users;
  }

  private usersOfGroup(ref: unknown, property: string, _engine: RedisEngine): UserSpec[] {
    let groupId = this.resolver.referencedLogicalId(ref);
    if (!groupId || this.resources[groupId]?.Type !== 'AWS::ElastiCache::UserGroup') {
      const literal = this.resolver.resolveString(ref);
      groupId = Object.keys(this.resources).find(
        (k) => this.resources[k].Type === 'AWS::ElastiCache::UserGroup' && this.strOf(k, this.resources[k].Properties ?? {}, 'UserGroupId') === literal,
      );
      if (!groupId) throw new PropertyError(property, `user group '${literal}' is not defined in the template`);
    }
    try {
      return this.userGroup(groupId);
    } catch (e) {
      throw e;
    }
  }

  private strOf(id: string, props: Record<string, unknown>, name: string): string | undefined {
    try {
      return this.resolver.resolveString(props[name]);
    } catch (e) {
      throw asPropertyError(name, e, id);
    }
  }

  private valueOf(id: string, props: Record<string, unknown>, name: string): unknown {
    try {
      return this.resolver.resolve(props[name]);
    } catch (e) {
      throw asPropertyError(name, e, id);
    }
  }

  private listOf(id: string, props: Record<string, unknown>, name: string): string[] {
    const v = this.valueOf(id, props, name);
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new PropertyError(name, 'must be a list', id);
    return v.map(String);
  }
}

/** A problem with one property; `resource` set when the property belongs to another resource than the one being built. */
class PropertyError extends Error {
  constructor(
    public readonly property: string,
    message: string,
    public readonly resource?: string,
  ) {
    super(message);
  }
}

function asPropertyError(property: string, e: unknown, resource?: string): PropertyError {
  if (e instanceof PropertyError) return e;
  if (e instanceof ResolveError || e instanceof Error) return new PropertyError(property, e.message, resource);
  return new PropertyError(property, String(e), resource);
}

function defaultUser(authToken: string | undefined): UserSpec {
  return authToken === undefined ? BUILT_IN_DEFAULT : { ...BUILT_IN_DEFAULT, passwords: [authToken], mode: 'password' };
}
