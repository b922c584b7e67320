/**
 * ElastiCache API actions on the caches of a running local engine (Query protocol; shapes of the API reference,
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/). Changes are applied to the running nodes.
 */
import { CacheEndpoints } from '../endpoints';
import { EngineView } from './engine-view';
import { list, ServiceError } from './protocol';
import { RedisCacheSpec, UserSpec } from '../topology/model';

const ARN_PREFIX = 'arn:aws:elasticache:us-east-1:000000000000';

interface GroupState {
  readonly spec: RedisCacheSpec;
  readonly id: string;
  status: 'available' | 'modifying';
  authTokenStatus?: 'SETTING' | 'ROTATING';
  authTokenLastModified?: Date;
  /** Serialises changes: a modification or failover in progress. */
  busy?: Promise<void>;
}

interface UserState {
  readonly spec: UserSpec;
  status: 'active' | 'modifying';
  /** Logical ids of the caches the user is in. */
  readonly caches: string[];
  readonly userGroupIds: Set<string>;
}

export interface ElastiCacheOptions {
  /** How long a group or user stays `modifying` after a change. Default 200 ms. */
  readonly modifyingMs?: number;
}

/** ElastiCache's limits on AUTH tokens when modifying a group (botocore ModifyReplicationGroupMessage.AuthToken). */
const AUTH_TOKEN_LENGTH = [16, 128];
const AUTH_TOKEN_FORBIDDEN_ON_MODIFY = /[/"@%]/;
/** User passwords: 16-128 printable characters without , " / @ (botocore CreateUserMessage.Passwords); at most two. */
const PASSWORD_FORBIDDEN = /[,"/@]/;

export class ElastiCacheApi {
  private readonly groups: GroupState[];
  private readonly users = new Map<string, UserState>();
  private readonly modifyingMs: number;

  constructor(private readonly engine: EngineView, options: ElastiCacheOptions = {}) {
    this.modifyingMs = options.modifyingMs ?? 200;
    this.groups = engine.topology.caches
      .filter((c): c is RedisCacheSpec => c.kind === 'replication-group' && c.resourceId !== undefined)
      .map((spec) => ({ spec, id: spec.resourceId!, status: 'available' }));
    for (const g of this.groups) {
      if (!g.spec.rbac) continue;
      for (const u of g.spec.users) {
        const state = this.users.get(u.userId) ?? { spec: u, status: 'active', caches: [], userGroupIds: new Set<string>() };
        state.caches.push(g.spec.logicalId);
        if (g.spec.userGroupId) state.userGroupIds.add(g.spec.userGroupId);
        this.users.set(u.userId, state);
      }
    }
  }

  /** Runs a Query action; the result is the content of `<ActionResult>`. */
  public async call(action: string, p: Record<string, any>): Promise<Record<string, unknown>> {
    switch (action) {
      case 'DescribeReplicationGroups': return this.describeReplicationGroups(p);
      case 'DescribeCacheClusters': return this.describeCacheClusters(p);
      case 'DescribeUsers': return this.describeUsers(p);
      case 'DescribeUserGroups': return this.describeUserGroups(p);
      case 'DescribeServerlessCaches': return this.describeServerlessCaches(p);
      case 'ListTagsForResource': return this.listTags(p);
      case 'TestFailover': return this.testFailover(p);
      case 'ModifyReplicationGroup': return this.modifyReplicationGroup(p);
      case 'ModifyUser': return this.modifyUser(p);
      default:
        throw new ServiceError('InvalidAction', `The action ${action} is not supported by the local control plane (supported: ${SUPPORTED_ACTIONS.join(', ')})`);
    }
  }

  // ---- replication groups ----

  private group(id: unknown): GroupState {
    const g = this.groups.find((x) => x.id === id);
    if (!g) {
      throw new ServiceError('ReplicationGroupNotFoundFault', `ReplicationGroup ${String(id)} not found; local groups: ${this.groups.map((x) => x.id).join(', ') || 'none'}`, 404);
    }
    return g;
  }

  private describeReplicationGroups(p: Record<string, any>) {
    const all = p.ReplicationGroupId !== undefined ? [this.group(p.ReplicationGroupId)] : this.groups;
    const { page, marker } = paginate(all, p);
    return { Marker: marker, ReplicationGroups: list(page.map((g) => this.renderGroup(g)), 'ReplicationGroup') };
  }

  private renderGroup(g: GroupState) {
    const { spec } = g;
    const ep = this.engine.cache(spec.logicalId);
    const members = memberClusters(g, ep);
    const endpoint = (hp: { host: string; port: number } | null) => (hp ? { Address: hp.host, Port: hp.port } : undefined);
    return {
      ReplicationGroupId: g.id,
      Description: spec.path ?? spec.logicalId,
      Status: g.status,
      PendingModifiedValues: g.authTokenStatus ? { AuthTokenStatus: g.authTokenStatus } : {},
      MemberClusters: list(members.map((m) => m.id), 'ClusterId'),
      NodeGroups: list(spec.shards.map((shard, s) => ({
        NodeGroupId: nodeGroupId(s),
        Status: 'available',
        PrimaryEndpoint: spec.clusterMode ? undefined : endpoint(ep.primary),
        ReaderEndpoint: spec.clusterMode ? undefined : endpoint(ep.reader),
        Slots: spec.clusterMode ? shard.slots.map(([lo, hi]) => `${lo}-${hi}`).join(',') : undefined,
        NodeGroupMembers: list(members.filter((m) => m.node.shard === s).map((m) => ({
          CacheClusterId: m.id,
          CacheNodeId: '0001',
          ReadEndpoint: endpoint(m.node),
          PreferredAvailabilityZone: 'us-east-1a',
          CurrentRole: spec.clusterMode ? undefined : m.node.role,
        })), 'NodeGroupMember'),
      })), 'NodeGroup'),
      AutomaticFailover: spec.shards.some((s) => s.replicas > 0) ? 'enabled' : 'disabled',
      MultiAZ: 'disabled',
      ConfigurationEndpoint: spec.clusterMode ? endpoint(ep.configuration) : undefined,
      ClusterEnabled: spec.clusterMode,
      CacheNodeType: 'cache.local',
      AuthTokenEnabled: spec.authToken !== undefined,
      AuthTokenLastModifiedDate: g.authTokenLastModified,
      TransitEncryptionEnabled: spec.tls,
      TransitEncryptionMode: spec.tlsMode,
      AtRestEncryptionEnabled: false,
      ARN: `${ARN_PREFIX}:replicationgroup:${g.id}`,
      UserGroupIds: list(spec.userGroupId ? [spec.userGroupId] : []),
      Engine: spec.engine,
      ClusterMode: spec.clusterMode ? 'enabled' : 'disabled',
    };
  }

  private describeCacheClusters(p: Record<string, any>) {
    const all = this.groups.flatMap((g) => memberClusters(g, this.engine.cache(g.spec.logicalId)).map((m) => ({ g, m })));
    const chosen = p.CacheClusterId !== undefined ? all.filter((x) => x.m.id === p.CacheClusterId) : all;
    if (p.CacheClusterId !== undefined && chosen.length === 0) throw new ServiceError('CacheClusterNotFound', `CacheCluster ${String(p.CacheClusterId)} not found`, 404);
    const showNodes = p.ShowCacheNodeInfo === 'true';
    const { page, marker } = paginate(chosen, p);
    return {
      Marker: marker,
      CacheClusters: list(page.map(({ g, m }) => ({
        CacheClusterId: m.id,
        CacheNodeType: 'cache.local',
        Engine: g.spec.engine,
        CacheClusterStatus: g.status,
        NumCacheNodes: 1,
        PreferredAvailabilityZone: 'us-east-1a',
        CacheNodes: showNodes
          ? list([{ CacheNodeId: '0001', CacheNodeStatus: 'available', Endpoint: { Address: m.node.host, Port: m.node.port } }], 'CacheNode')
          : undefined,
        ReplicationGroupId: g.id,
        AuthTokenEnabled: g.spec.authToken !== undefined,
        TransitEncryptionEnabled: g.spec.tls,
        ARN: `${ARN_PREFIX}:cluster:${m.id}`,
      })), 'CacheCluster'),
    };
  }

  /** DescribeServerlessCaches: the template's serverless caches (Valkey/Redis and Memcached), always `available`. */
  private describeServerlessCaches(p: Record<string, any>) {
    const all = this.engine.topology.caches.filter((c) => (c.kind === 'serverless' || (c.kind === 'memcached' && c.serverless)) && c.resourceId !== undefined);
    const chosen = all.filter((c) => p.ServerlessCacheName === undefined || c.resourceId === p.ServerlessCacheName);
    if (p.ServerlessCacheName !== undefined && chosen.length === 0) {
      throw new ServiceError('ServerlessCacheNotFoundFault', `Serverless cache ${String(p.ServerlessCacheName)} not found; local serverless caches: ${all.map((c) => c.resourceId).join(', ') || 'none'}`, 404);
    }
    const { page, marker } = paginate(chosen, { MaxRecords: p.MaxResults, Marker: p.NextToken }, 1);
    return {
      NextToken: marker,
      ServerlessCaches: list(page.map((c) => {
        const ep = this.engine.cache(c.logicalId);
        const at = ep.configuration ?? ep.primary;
        return {
          ServerlessCacheName: c.resourceId,
          Description: c.path ?? c.logicalId,
          Status: 'available',
          Engine: c.engine,
          MajorEngineVersion: c.engineVersion,
          Endpoint: at ? { Address: at.host, Port: at.port } : undefined,
          ReaderEndpoint: ep.reader ? { Address: ep.reader.host, Port: ep.reader.port } : undefined,
          ARN: `${ARN_PREFIX}:serverlesscache:${c.resourceId}`,
          UserGroupId: c.kind === 'serverless' ? c.userGroupId : undefined,
        };
      })),
    };
  }

  private listTags(p: Record<string, any>) {
    const arn = String(p.ResourceName ?? '');
    const g = this.groups.find((x) => `${ARN_PREFIX}:replicationgroup:${x.id}` === arn);
    if (!g) {
      if (arn.includes(':replicationgroup:')) throw new ServiceError('ReplicationGroupNotFoundFault', `ReplicationGroup of ${arn} not found`, 404);
      throw new ServiceError('InvalidARN', `ListTagsForResource: only replication group ARNs (${ARN_PREFIX}:replicationgroup:<id>) are supported locally (got '${arn}')`);
    }
    return { TagList: list(Object.entries(g.spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value })), 'Tag') };
  }

  /** TestFailover: the group is `modifying` while the engine promotes a replica, then `available`. */
  private testFailover(p: Record<string, any>) {
    const g = this.group(p.ReplicationGroupId);
    const shard = parseNodeGroupId(g, p.NodeGroupId);
    if (g.spec.shards[shard].replicas === 0) {
      throw new ServiceError('TestFailoverNotAvailableFault', `TestFailover needs a replica: node group ${nodeGroupId(shard)} of ${g.id} has none`);
    }
    this.startChange(g, async () => {
      await this.engine.failover(g.spec.logicalId, shard);
    });
    return { ReplicationGroup: this.renderGroup(g) };
  }

  /**
   * ModifyReplicationGroup: the AUTH token only (AuthToken + AuthTokenUpdateStrategy), applied to the running nodes.
   * ROTATE adds the token (with two set, the older goes); SET leaves only the given token and is accepted only after a
   * ROTATE (two tokens set); DELETE only when moving to RBAC, which is not emulated. ElastiCache User Guide, auth.html
   * ("Modifying the AUTH token on an existing cluster"); botocore ModifyReplicationGroupMessage.AuthTokenUpdateStrategy.
   */
  private modifyReplicationGroup(p: Record<string, any>) {
    const g = this.group(p.ReplicationGroupId);
    const supported = new Set(['Action', 'Version', 'ReplicationGroupId', 'AuthToken', 'AuthTokenUpdateStrategy', 'ApplyImmediately']);
    const other = Object.keys(p).filter((k) => !supported.has(k));
    if (other.length > 0) {
      throw new ServiceError('InvalidParameterValue', `ModifyReplicationGroup: ${other.join(', ')} cannot be changed locally (supported: AuthToken, AuthTokenUpdateStrategy, ApplyImmediately)`);
    }
    const strategy = String(p.AuthTokenUpdateStrategy ?? (p.AuthToken !== undefined ? 'ROTATE' : ''));
    if (!strategy) throw new ServiceError('InvalidParameterCombination', 'ModifyReplicationGroup: nothing to modify (give AuthToken and AuthTokenUpdateStrategy)');
    if (!['ROTATE', 'SET', 'DELETE'].includes(strategy)) {
      throw new ServiceError('InvalidParameterValue', `AuthTokenUpdateStrategy must be ROTATE, SET or DELETE (got '${strategy}')`);
    }
    if (!g.spec.tls) throw new ServiceError('InvalidParameterCombination', `AuthToken: replication group ${g.id} has no in-transit encryption (TransitEncryptionEnabled)`);
    if (g.spec.rbac) throw new ServiceError('InvalidParameterCombination', `AuthToken: replication group ${g.id} uses a user group (RBAC); AUTH tokens and user groups exclude each other`);
    if (strategy === 'DELETE') {
      throw new ServiceError('InvalidParameterCombination', 'AuthTokenUpdateStrategy DELETE is only allowed when moving the group to RBAC (UserGroupIdsToAdd), which the local engine does not emulate');
    }
    const token = p.AuthToken;
    if (typeof token !== 'string') throw new ServiceError('InvalidParameterCombination', `AuthTokenUpdateStrategy ${strategy} requires AuthToken`);
    if (token.length < AUTH_TOKEN_LENGTH[0] || token.length > AUTH_TOKEN_LENGTH[1] || AUTH_TOKEN_FORBIDDEN_ON_MODIFY.test(token) || /[^\x21-\x7e]/.test(token)) {
      throw new ServiceError('InvalidParameterValue', 'AuthToken must be 16 to 128 printable characters without / " @ %');
    }
    if (p.ApplyImmediately !== 'true') {
      throw new ServiceError('InvalidParameterValue', 'ApplyImmediately must be true locally (there is no maintenance window to apply the change in)');
    }
    if (g.status !== 'available') {
      throw new ServiceError('InvalidReplicationGroupState', `Replication group ${g.id} must be in available state to modify (it is ${g.status})`);
    }
    const tokens = this.engine.passwords(g.spec.logicalId, 'default');
    let next: string[];
    if (strategy === 'SET') {
      if (tokens.length < 2) {
        throw new ServiceError('InvalidParameterCombination', `AuthTokenUpdateStrategy SET is only allowed after a ROTATE (replication group ${g.id} has one AUTH token)`);
      }
      next = [token];
    } else {
      next = [...tokens.filter((t) => t !== token), token].slice(-2);
    }
    g.authTokenStatus = strategy === 'SET' ? 'SETTING' : 'ROTATING';
    this.startChange(g, async () => {
      await this.engine.setPasswords(g.spec.logicalId, 'default', next);
      g.authTokenLastModified = new Date();
    });
    return { ReplicationGroup: this.renderGroup(g) };
  }

  /** `modifying` for at least modifyingMs and until the change is applied, then `available`. */
  private startChange(g: GroupState, change: () => Promise<void>) {
    if (g.status !== 'available') throw new ServiceError('InvalidReplicationGroupState', `Replication group ${g.id} is ${g.status}; wait until it is available`);
    g.status = 'modifying';
    const done = Promise.all([change(), sleep(this.modifyingMs)]).then(() => undefined);
    g.busy = done
      .catch(() => undefined)
      .finally(() => {
        g.status = 'available';
        g.authTokenStatus = undefined;
        g.busy = undefined;
      });
  }

  /** Resolves when no change is in progress (stop). */
  public async idle(): Promise<void> {
    await Promise.all(this.groups.map((g) => g.busy));
  }

  // ---- users ----

  private user(id: unknown): UserState {
    const u = this.users.get(String(id));
    if (!u) throw new ServiceError('UserNotFound', `User ${String(id)} not found; local users (of RBAC groups): ${[...this.users.keys()].join(', ') || 'none'}`, 404);
    return u;
  }

  private describeUsers(p: Record<string, any>) {
    const all = p.UserId !== undefined ? [this.user(p.UserId)] : [...this.users.values()];
    const { page, marker } = paginate(all, p);
    return { Marker: marker, Users: list(page.map((u) => this.renderUser(u))) };
  }

  private renderUser(u: UserState) {
    const passwords = u.spec.mode === 'password' ? this.engine.passwords(u.caches[0], u.spec.userName).length : 0;
    return {
      UserId: u.spec.userId,
      UserName: u.spec.userName,
      Status: u.status,
      Engine: this.groups.find((g) => g.spec.logicalId === u.caches[0])?.spec.engine ?? 'redis',
      MinimumEngineVersion: '6.0',
      AccessString: u.spec.accessString,
      UserGroupIds: list([...u.userGroupIds]),
      Authentication: { Type: u.spec.mode === 'no-password' ? 'no-password' : u.spec.mode, PasswordCount: passwords },
      ARN: `${ARN_PREFIX}:user:${u.spec.userId}`,
    };
  }

  private describeUserGroups(p: Record<string, any>) {
    const ids = new Map<string, GroupState[]>();
    for (const g of this.groups) if (g.spec.userGroupId) ids.set(g.spec.userGroupId, [...(ids.get(g.spec.userGroupId) ?? []), g]);
    if (p.UserGroupId !== undefined && !ids.has(p.UserGroupId)) throw new ServiceError('UserGroupNotFound', `User group ${String(p.UserGroupId)} not found`, 404);
    const chosen = [...ids.entries()].filter(([id]) => p.UserGroupId === undefined || id === p.UserGroupId);
    const { page, marker } = paginate(chosen, p);
    return {
      Marker: marker,
      UserGroups: list(page.map(([id, groups]) => ({
        UserGroupId: id,
        Status: 'active',
        Engine: groups[0].spec.engine,
        UserIds: list(groups[0].spec.users.map((u) => u.userId)),
        MinimumEngineVersion: '6.0',
        ReplicationGroups: list(groups.map((g) => g.id)),
        ARN: `${ARN_PREFIX}:usergroup:${id}`,
      }))),
    };
  }

  /** ModifyUser: passwords only (Passwords, or AuthenticationMode Type password with Passwords); applied to every cache of the user. */
  private modifyUser(p: Record<string, any>) {
    const u = this.user(p.UserId);
    const supported = new Set(['Action', 'Version', 'UserId', 'Passwords', 'AuthenticationMode']);
    const other = Object.keys(p).filter((k) => !supported.has(k));
    if (other.length > 0) throw new ServiceError('InvalidParameterValue', `ModifyUser: ${other.join(', ')} cannot be changed locally (supported: Passwords, AuthenticationMode)`);
    if (p.Passwords !== undefined && p.AuthenticationMode !== undefined) {
      throw new ServiceError('InvalidParameterCombination', 'ModifyUser: give Passwords or AuthenticationMode, not both');
    }
    if (p.AuthenticationMode !== undefined && p.AuthenticationMode.Type !== 'password') {
      throw new ServiceError('InvalidParameterValue', `AuthenticationMode.Type: only password is supported locally (got '${String(p.AuthenticationMode.Type)}')`);
    }
    const passwords: unknown = p.Passwords ?? p.AuthenticationMode?.Passwords;
    if (!Array.isArray(passwords) || passwords.length < 1 || passwords.length > 2) {
      throw new ServiceError('InvalidParameterValue', 'Passwords: a user has 1 or 2 passwords');
    }
    for (const pw of passwords as string[]) {
      if (pw.length < 16 || pw.length > 128 || PASSWORD_FORBIDDEN.test(pw) || /[^\x21-\x7e]/.test(pw)) {
        throw new ServiceError('InvalidParameterValue', 'Passwords: each password is 16 to 128 printable characters without , " / @');
      }
    }
    if (u.spec.mode !== 'password') throw new ServiceError('InvalidParameterCombination', `User ${u.spec.userId} is a ${u.spec.mode} user; changing its authentication type is not supported locally`);
    if (u.status !== 'active') throw new ServiceError('InvalidUserState', `User ${u.spec.userId} is ${u.status}; wait until it is active`);
    u.status = 'modifying';
    void Promise.all([
      ...u.caches.map((c) => this.engine.setPasswords(c, u.spec.userName, passwords as string[])),
      sleep(this.modifyingMs),
    ]).catch(() => undefined).finally(() => {
      u.status = 'active';
    });
    return this.renderUser(u);
  }
}

/** The actions this control plane serves for ElastiCache. */
export const SUPPORTED_ACTIONS = [
  'DescribeReplicationGroups', 'DescribeCacheClusters', 'DescribeServerlessCaches', 'DescribeUsers', 'DescribeUserGroups', 'ListTagsForResource',
  'TestFailover', 'ModifyReplicationGroup', 'ModifyUser',
];

/** ElastiCache names the node groups 0001, 0002... */
function nodeGroupId(shard: number): string {
  return String(shard + 1).padStart(4, '0');
}

function parseNodeGroupId(g: GroupState, id: unknown): number {
  const shard = Number(id) - 1;
  if (typeof id !== 'string' || !/^\d{1,4}$/.test(id) || shard < 0 || shard >= g.spec.shards.length) {
    throw new ServiceError('NodeGroupNotFoundFault', `Node group '${String(id)}' of ${g.id} not found (node groups: ${g.spec.shards.map((_, s) => nodeGroupId(s)).join(', ')})`, 404);
  }
  return shard;
}

/** Member clusters as ElastiCache names them: <group>-001 (cluster mode disabled), <group>-0001-001 (enabled). */
function memberClusters(g: GroupState, ep: CacheEndpoints) {
  const perShard = new Map<number, number>();
  return ep.nodes.map((node) => {
    const i = (perShard.get(node.shard) ?? 0) + 1;
    perShard.set(node.shard, i);
    const n = String(i).padStart(3, '0');
    return { id: g.spec.clusterMode ? `${g.id}-${nodeGroupId(node.shard)}-${n}` : `${g.id}-${n}`, node };
  });
}

/** Marker/MaxRecords (min-100, default 100): the marker is the index of the next record. */
function paginate<T>(items: readonly T[], p: Record<string, any>, min = 20): { page: T[]; marker?: string } {
  const max = p.MaxRecords === undefined ? 100 : Number(p.MaxRecords);
  if (!Number.isInteger(max) || max < min || max > 100) throw new ServiceError('InvalidParameterValue', `MaxRecords must be ${min} to 100 (got ${String(p.MaxRecords)})`);
  const start = p.Marker === undefined ? 0 : Number(p.Marker);
  if (!Number.isInteger(start) || start < 0) throw new ServiceError('InvalidParameterValue', `Marker '${String(p.Marker)}' is not valid`);
  const page = items.slice(start, start + max);
  return { page, marker: start + max < items.length ? String(start + max) : undefined };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
