import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineBinary } from '../binaries';
import { CacheEndpoints, HostPort, NodeEndpoint } from '../endpoints';
import { TcpProxy, ProxyTarget } from '../proxy/tcp-proxy';
import { CacheRuntime, FailoverResult, ReshardResult, RuntimeContext } from '../runtime';
import { adminConnection, parseInfo, waitFor } from './admin';
import { ANNOUNCE_HOLD_MS, ANNOUNCE_NODE_TIMEOUT_MS, BOOT_REPLICA_NODE_TIMEOUT_MS, ClusterLayoutNode, keepsClientPortsApart, NODE_TIMEOUT_MS, placeholderAddressFor, plaintextBus, RedisNodePlan, renderAclFile, renderNodesConf, renderRedisConf } from './config';
import { AuthTokenUpdateStrategy, liveConfigChange } from './live-config';
import { forgetNodes, MAX_SHARDS, meetNodes, migrateSlots, rebalancedSlots, slotMoves, waitForMembers, waitForOwners } from './reshard';
import { AdminClient } from './resp';
import { SnapshotResult, writeSnapshot } from './snapshots';
import { LOOPBACK } from '../state/loopback';
import { EngineProcess, StartGate, startProcess } from '../state/processes';
import { RedisCacheSpec } from '../topology/model';

/** From this many nodes a cluster boots with its primaries as masters (no takeover); see start(). */
export const DIRECT_BOOT_NODES = 60;

interface RuntimeNode {
  readonly plan: RedisNodePlan;
  proc?: EngineProcess;
  admin?: AdminClient;
  role: 'primary' | 'replica';
  /** Cluster mode disabled, node-served endpoints: the endpoint addresses this node listens on besides its own. */
  bound?: string[];
}

/**
 * A Valkey/Redis cache: replication group (either cluster mode), single-node cache cluster or serverless cache.
 *
 * Cluster mode disabled, with `ctx.addresses`: the nodes share one port at addresses of their own and serve the
 * endpoints themselves — the primary also listens on the primary endpoint's address, the only replica on the reader's
 * (with two or more replicas a proxy on the reader's address spreads connections) — so clients talk to the engine
 * with no process in between (docs/decisions/0102). Without it, proxies on 127.0.0.1 serve both endpoints.
 */
export class RedisCache implements CacheRuntime {
  private readonly adminPassword = randomBytes(24).toString('hex');
  private readonly nodes: RuntimeNode[] = [];
  private readonly proxies: TcpProxy[] = [];
  private primaryProxy?: TcpProxy;
  private readerProxy?: TcpProxy;
  private configProxy?: TcpProxy;
  private readerTurn = 0;
  private configTurn = 0;
  /** The one port of every node and endpoint of a group that serves its endpoints itself. */
  private groupPort?: number;
  /** Passwords changed while running (control plane: ModifyReplicationGroup AuthToken, ModifyUser), by user name. */
  private readonly passwordsNow = new Map<string, string[]>();
  private resharding = false;
  /** The binary the nodes run since an engine migration (`migrateEngine`); else the context's. */
  private binaryNow?: EngineBinary;

  constructor(
    /** What runs: replaced by `reconfigure()` when a template update changes the cache in place. */
    public spec: RedisCacheSpec,
    private readonly ctx: RuntimeContext,
  ) {}

  get binary(): EngineBinary {
    return this.binaryNow ?? this.ctx.binary;
  }

  get processes(): EngineProcess[] {
    return this.nodes.map((n) => n.proc).filter((p): p is EngineProcess => !!p);
  }

  /** How long each step of a start may take: 20 s, plus 0.5 s per node (90 nodes on a shared 2-core machine). */
  private get startTimeoutMs(): number {
    return 20_000 + 500 * this.nodes.length;
  }

  /**
   * How often the engine polls each node while it waits: every 5 ms in small groups, less often in large ones, where
   * 90 nodes polled every 5 ms (each `CLUSTER SLOTS` listing every node) take the CPU the nodes need to form the cluster.
   */
  private get pollMs(): number {
    return Math.max(5, Math.round(this.nodes.length / 2));
  }

  /**
   * Every process is alive and answers (a node that died after it opened its port, e.g. on an ACL file it could not
   * load, must not leave `up` reporting ready).
   */
  private async checkAlive(): Promise<void> {
    const dead: string[] = [];
    await Promise.all(
      this.nodes.map(async (n) => {
        if (!n.proc || n.proc.hasExited) {
          dead.push(n.plan.name);
          return;
        }
        try {
          if ((await n.admin!.call('PING')) !== 'PONG') dead.push(n.plan.name);
        } catch {
          dead.push(n.plan.name);
        }
      }),
    );
    if (dead.length > 0) {
      throw new Error(`${this.spec.logicalId}: node(s) ${dead.sort().join(', ')} stopped while the cache started; see redis.log in ${join(this.ctx.runDir, this.spec.logicalId)}`);
    }
  }

  public async start(): Promise<void> {
    const { spec, ctx } = this;
    const serverless = spec.kind === 'serverless';
    const total = spec.shards.reduce((a, s) => a + 1 + s.replicas, 0);
    const preferred = spec.tls && spec.tlsMode === 'preferred';
    const perNode = 1 + (spec.clusterMode ? 1 : 0) + (preferred ? 1 : 0);
    const addr = ctx.addresses;
    const groupHosts = addr ? [addr.primary, addr.reader, ...addr.nodes] : undefined;
    let templatePort: number | undefined;
    if (ctx.useTemplatePorts) templatePort = await ctx.ports.reserve(spec.port, groupHosts);
    if (groupHosts) this.groupPort = templatePort ?? (await ctx.ports.allocateOn(groupHosts));
    const free = addr ? [] : await ctx.ports.allocate(total * perNode);
    const take = () => free.shift()!;

    const cacheDir = join(ctx.runDir, spec.logicalId);
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    spec.shards.forEach((shard, s) => {
      for (let i = 0; i <= shard.replicas; i++) this.nodes.push(this.planNode(s, i, take, templatePort));
    });

    const aclFile = this.aclFile;
    writeFileSync(aclFile, renderAclFile(spec.users, this.adminPassword), { mode: 0o600 });
    // Cluster mode, small clusters: every node boots as a replica, then the primaries take over from a placeholder
    // (see renderNodesConf), which spares the 2 s a master that just started spends in `fail`. Large clusters: the
    // takeovers spread over seconds (one epoch bump each, every node told), so primaries boot as the masters of their
    // slots, first, and their 2 s run while the replicas start and sync (docs/decisions/0104).
    const direct = this.nodes.length >= DIRECT_BOOT_NODES;
    const placeholders = direct ? [] : spec.shards.map(() => randomBytes(20).toString('hex'));
    // Valkey >= 8.1 needs addressed placeholders (docs/decisions/0103); no placeholders at all in a direct boot. Shard ids
    // wherever nodes.conf has aux fields (Valkey, Redis >= 7.2): without one, a primary that took over from its
    // placeholder left itself out of its own CLUSTER SHARDS and listed its slots twice in CLUSTER NODES (Valkey 8.0.1).
    const placeholderAddress = direct ? undefined : placeholderAddressFor(this.binary);
    const shardIds = spec.shards.map(() => (keepsClientPortsApart(this.binary) ? randomBytes(20).toString('hex') : undefined));
    const primaryOf = (shard: number) => this.nodes.find((p) => p.plan.shard === shard && p.plan.index === 0)!.plan.nodeId;
    const layout: ClusterLayoutNode[] = direct
      ? this.nodes.map((n) => ({
        node: n.plan,
        slots: n.plan.index === 0 ? spec.shards[n.plan.shard].slots : [],
        masterId: n.plan.index === 0 ? undefined : primaryOf(n.plan.shard),
        epoch: n.plan.index === 0 ? n.plan.shard + 1 : 0,
      }))
      : [
        ...spec.shards.map((shard, s) => ({
          node: { nodeId: placeholders[s], port: 0, busPort: 0 },
          slots: shard.slots,
          epoch: s + 1,
          shardId: shardIds[s],
          placeholder: true,
        })),
        // Primaries replicate from their placeholder, replicas from their primary (the final link: no view changes later).
        ...this.nodes.map((n) => ({
          node: n.plan,
          slots: [],
          masterId: n.plan.index === 0 ? placeholders[n.plan.shard] : primaryOf(n.plan.shard),
          epoch: 0,
          shardId: shardIds[n.plan.shard],
        })),
      ];
    const startNode = (n: RuntimeNode, held?: StartGate) => this.launchNode(n, layout, placeholderAddress, held);
    // With a takeover, a replica starts once its primary took over: a sync asked of a primary that is still a replica
    // is refused (Valkey 8.1: NOMASTERLINK) or restarted by CLUSTER REPLICATE, and retried a second later either way
    // (measured, 3 x 3 nodes: 1.3-1.6 s in most starts, 0.43-0.56 s deferred). Primaries first, each group at once.
    const takeover = spec.clusterMode && !direct;
    const primaries = this.nodes.filter((x) => x.role === 'primary');
    // In a direct boot each primary execs as soon as it is spawned: the writable delay of the last primary decides when
    // the group is up, and spawning 90 processes takes a few hundred ms (measured, 90 nodes: up 0.2-0.5 s sooner).
    const primaryGate = direct ? undefined : new StartGate();
    const replicaGate = new StartGate();
    for (const n of primaries) startNode(n, primaryGate);
    if (!takeover) for (const n of this.nodes.filter((x) => x.role !== 'primary')) startNode(n, replicaGate);
    primaryGate?.open();
    replicaGate.open();
    // Shard by shard, each at its own pace (no step waits for the slowest node of the group): the primary answers and
    // (cluster mode, unless booted direct) takes over and starts its replicas; each replica answers and, in cluster
    // mode, makes every node list it (announceSync).
    await Promise.all(
      spec.shards.map(async (_, shard) => {
        const primary = this.currentPrimary(shard)!;
        const replicas = this.nodes.filter((n) => n.plan.shard === shard && n.role === 'replica');
        await this.connectNode(primary);
        if (takeover) {
          // Once it has computed cluster_state:ok as a replica (a takeover before would leave it a master in `fail`,
          // i.e. subject to the 2 s delay).
          await waitFor(`${primary.plan.name} cluster_state:ok`, async () => /cluster_state:ok/.test((await primary.admin!.call('CLUSTER', 'INFO')) as string), this.startTimeoutMs, this.pollMs);
          await primary.admin!.call('CLUSTER', 'FAILOVER', 'TAKEOVER');
          for (const r of replicas) startNode(r);
        }
        await Promise.all(
          replicas.map(async (r) => {
            await this.connectNode(r);
            if (spec.clusterMode) await this.announceSync(r);
          }),
        );
      }),
    );
    await this.waitHealthy();
    await Promise.all(this.nodes.filter((n) => spec.clusterMode && n.role === 'replica').map((n) => n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(NODE_TIMEOUT_MS))));
    if (spec.clusterMode) {
      // Every node maps every slot to a real primary now: the placeholders go (a forgotten id is banned for 60 s).
      await Promise.all(this.nodes.flatMap((n) => placeholders.map((id) => n.admin!.call('CLUSTER', 'FORGET', id))));
    }

    await this.checkAlive();
    if (addr) {
      // The nodes listen on the endpoint addresses themselves; two or more replicas share the reader's by a proxy.
      if (spec.shards[0].replicas >= 2) {
        this.readerProxy = new TcpProxy(`${spec.logicalId} reader`, () => this.nextReader());
        await this.readerProxy.listen(this.groupPort!, addr.reader);
        this.proxies.push(this.readerProxy);
      }
    } else if (!spec.clusterMode) {
      this.primaryProxy = new TcpProxy(`${spec.logicalId} primary`, () => this.target(this.currentPrimary(0)));
      this.readerProxy = new TcpProxy(`${spec.logicalId} reader`, () => this.nextReader());
      await this.primaryProxy.listen(templatePort ?? 0);
      await this.readerProxy.listen(0);
      this.proxies.push(this.primaryProxy, this.readerProxy);
    } else if (serverless) {
      // The node itself is the endpoint (CLUSTER SLOTS advertises it); the read port is a proxy to it.
      this.readerProxy = new TcpProxy(`${spec.logicalId} read`, () => this.target(this.nodes[0]));
      await this.readerProxy.listen(templatePort !== undefined ? templatePort + 1 : 0);
      this.proxies.push(this.readerProxy);
    } else {
      this.configProxy = new TcpProxy(`${spec.logicalId} configuration`, () => this.target(this.nodes[this.configTurn++ % this.nodes.length]));
      await this.configProxy.listen(templatePort ?? 0);
      this.proxies.push(this.configProxy);
    }
  }

  /**
   * Makes every node list a replica that has synchronised, without a flood of pings while the cluster boots. A node
   * lists a replica once the replica's offset, carried only in the replica's own bus messages, is not 0:
   * - once the replica's link is up, its primary asks its replicas for an acknowledgement (`WAIT` for more replicas
   *   than it has, 1 ms): the request travels in the replication stream, so the offset is no longer 0 (the primary's
   *   once-a-second replication ping would take up to a second);
   * - then the replica's node timeout is a tenth of a second for a few cron ticks: it pings every node whose last
   *   answer is older than half of it, i.e. all of them, at its next tick (every 100 ms), and goes back to the group's.
   * A replica's short timeout cannot fail a node over: only primaries' failure reports count (docs/decisions/0104).
   */
  private async announceSync(n: RuntimeNode) {
    const primary = this.currentPrimary(n.plan.shard)!;
    const replication = async () => parseInfo(await n.admin!.info('replication'));
    await waitFor(`${n.plan.name} replication link`, async () => (await replication()).master_link_status === 'up', this.startTimeoutMs, this.pollMs);
    await primary.admin!.call('WAIT', String(this.spec.shards[n.plan.shard].replicas + 1), '1');
    await waitFor(`${n.plan.name} replication offset`, async () => Number((await replication()).slave_repl_offset) > 0, this.startTimeoutMs, this.pollMs);
    await n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(ANNOUNCE_NODE_TIMEOUT_MS));
    await new Promise((r) => setTimeout(r, ANNOUNCE_HOLD_MS));
    // A node whose ping was in flight when the offset changed heard 0: it hears again within half a second, until the
    // cluster is complete and start() gives the replica the group's timeout.
    await n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(BOOT_REPLICA_NODE_TIMEOUT_MS));
  }

  private get aclFile(): string {
    return join(this.ctx.runDir, this.spec.logicalId, 'users.acl');
  }

  /** The plan of node `index` of shard `shard` (0-based), its ports taken from `take`. */
  private planNode(shard: number, index: number, take: () => number, templatePort?: number): RuntimeNode {
    const { spec, ctx } = this;
    const addr = ctx.addresses;
    const preferred = spec.tls && spec.tlsMode === 'preferred';
    const name = `${spec.logicalId}-${String(shard + 1).padStart(4, '0')}-${String(index + 1).padStart(3, '0')}`;
    const port = this.groupPort ?? (spec.kind === 'serverless' && templatePort !== undefined ? templatePort : take());
    const plan: RedisNodePlan = {
      name,
      host: addr ? addr.nodes.find((a) => !this.nodes.some((n) => n.plan.host === a))! : LOOPBACK,
      shard,
      index,
      port,
      plainPort: preferred ? take() : undefined,
      busPort: spec.clusterMode ? take() : undefined,
      nodeId: randomBytes(20).toString('hex'),
      dir: join(ctx.runDir, spec.logicalId, name),
    };
    return { plan, role: index === 0 ? 'primary' : 'replica' };
  }

  /** Writes a node's redis.conf (and nodes.conf in cluster mode) and starts its process. */
  private launchNode(n: RuntimeNode, layout: ClusterLayoutNode[], placeholderAddress?: string, gate?: StartGate) {
    const { spec, ctx } = this;
    mkdirSync(n.plan.dir, { recursive: true, mode: 0o700 });
    const primary = this.nodes.find((p) => p.plan.shard === n.plan.shard && p.plan.index === 0)!.plan;
    const conf = renderRedisConf({
      spec,
      node: n.plan,
      primary,
      tls: ctx.tls,
      aclFile: this.aclFile,
      adminPassword: this.adminPassword,
      maxmemory: ctx.maxmemory,
      endpointAddresses: (n.bound ??= this.endpointAddressesOf(n)),
      binary: this.binary,
    });
    const confFile = join(n.plan.dir, 'redis.conf');
    writeFileSync(confFile, conf, { mode: 0o600 });
    if (spec.clusterMode) writeFileSync(join(n.plan.dir, 'nodes.conf'), renderNodesConf(layout, n.plan, placeholderAddress, plaintextBus(spec, n.plan) && keepsClientPortsApart(this.binary)));
    // A snapshot: the shard's primary loads it at boot; its replicas get it by the full sync.
    const rdb = n.plan.index === 0 ? ctx.restore?.[n.plan.shard] : undefined;
    if (rdb) copyFileSync(rdb, join(n.plan.dir, 'dump.rdb'));
    n.proc = startProcess(n.plan.name, this.binary.path, [confFile], n.plan.dir, gate);
    ctx.pidFiles.record(n.plan.name, n.proc.pid, confFile);
  }

  private async connectNode(n: RuntimeNode) {
    await n.proc!.waitForPort(n.plan.port, this.startTimeoutMs, n.plan.host, this.pollMs);
    n.admin = adminConnection(n.plan.host, n.plan.port, this.adminPassword, this.ctx.tls);
  }

  private target(n: RuntimeNode | undefined): ProxyTarget | undefined {
    return n ? { host: n.plan.host, port: n.plan.port, plainPort: n.plan.plainPort } : undefined;
  }

  /**
   * The endpoint addresses a node listens on besides its own, by its current role: the primary takes the primary
   * endpoint's (and the reader's when there is no replica, as the reader endpoint of ElastiCache then resolves to the
   * primary); the only replica takes the reader's. Empty without `ctx.addresses`.
   */
  private endpointAddressesOf(n: RuntimeNode): string[] {
    const addr = this.ctx.addresses;
    if (!addr) return [];
    const replicas = this.nodes.filter((r) => r.role === 'replica').length;
    if (n.role === 'primary') return replicas === 0 ? [addr.primary, addr.reader] : [addr.primary];
    return replicas === 1 ? [addr.reader] : [];
  }

  private async rebind(n: RuntimeNode, endpointAddresses: string[]) {
    await n.admin!.call('CONFIG', 'SET', 'bind', [n.plan.host, ...endpointAddresses].join(' '));
    n.bound = endpointAddresses;
  }

  /** SAVE on each shard's primary (admin connection), then its dump.rdb is copied under `<stateDir>/snapshots/<name>/`. */
  public async snapshot(stateDir: string, name: string): Promise<SnapshotResult> {
    const shards = [...new Set(this.nodes.map((n) => n.plan.shard))].sort((a, b) => a - b);
    const primaries = shards.map((s) => this.currentPrimary(s)!);
    await Promise.all(primaries.map((p) => this.save(p)));
    const slots = shards.map((s) => (this.spec.clusterMode ? (this.spec.shards[s]?.slots ?? []).map(([a, b]) => `${a}-${b}`).join(',') : ''));
    return writeSnapshot(stateDir, name, this.spec, primaries.map((p) => join(p.plan.dir, 'dump.rdb')), slots);
  }

  private currentPrimary(shard: number): RuntimeNode | undefined {
    return this.nodes.find((n) => n.plan.shard === shard && n.role === 'primary');
  }

  private nextReader(): ProxyTarget | undefined {
    const replicas = this.nodes.filter((n) => n.role === 'replica');
    if (replicas.length === 0) return this.target(this.currentPrimary(0));
    return this.target(replicas[this.readerTurn++ % replicas.length]);
  }

  /**
   * Cluster mode: on every node cluster_state is ok and every slot belongs to the shard's primary (so redirections
   * agree whichever node a client asks). Every replica replicates from its primary with the link up.
   */
  private async waitHealthy(timeoutMs = this.startTimeoutMs): Promise<void> {
    const healthy = this.healthCheck(timeoutMs);
    await Promise.all(this.nodes.map(healthy));
  }

  /** The check of waitHealthy for one node, with the roles as they are now. */
  private healthCheck(timeoutMs = this.startTimeoutMs): (n: RuntimeNode) => Promise<void> {
    const primaryIds = new Set(this.nodes.filter((n) => n.role === 'primary').map((n) => n.plan.nodeId));
    const replicaIdsOf = new Map<string, Set<string>>();
    for (const p of this.nodes.filter((n) => n.role === 'primary')) {
      replicaIdsOf.set(p.plan.nodeId, new Set(this.nodes.filter((n) => n.role === 'replica' && n.plan.shard === p.plan.shard).map((n) => n.plan.nodeId)));
    }
    const slotCount = this.spec.shards.reduce((a, s) => a + s.slots.reduce((b, [lo, hi]) => b + hi - lo + 1, 0), 0);
    return async (n: RuntimeNode) => {
      if (this.spec.clusterMode) {
        await waitFor(`${n.plan.name} cluster_state:ok`, async () => /cluster_state:ok/.test(await n.admin!.call('CLUSTER', 'INFO') as string), timeoutMs, this.pollMs);
        // What a client sees is complete: every slot served by its shard's primary, with every replica of the shard
        // listed (a node lists a replica once it has heard, from the replica itself, that it has synchronised).
        await waitFor(`${n.plan.name}: every slot served by its shard's primary, every replica listed`, async () => {
          const ranges = (await n.admin!.call('CLUSTER', 'SLOTS')) as Array<[number, number, ...Array<[string, number, string]>]>;
          return (
            ranges.reduce((a, r) => a + r[1] - r[0] + 1, 0) === slotCount &&
              ranges.every((r) => {
                const [, , primary, ...replicas] = r as [number, number, [string, number, string], ...Array<[string, number, string]>];
                const ids = replicaIdsOf.get(primary[2]);
                return primaryIds.has(primary[2]) && ids !== undefined && replicas.length === ids.size && replicas.every((x) => ids.has(x[2]));
              })
          );
        }, timeoutMs, this.pollMs);
      }
      if (n.role === 'replica') {
        const primary = this.currentPrimary(n.plan.shard)!.plan;
        await waitFor(`${n.plan.name} replication link`, async () => {
          const info = parseInfo(await n.admin!.info('replication'));
          return info.master_link_status === 'up' && [primary.port, primary.plainPort].includes(Number(info.master_port)) && info.master_host === primary.host;
        }, timeoutMs, this.pollMs);
      }
    };
  }

  public endpoints(): CacheEndpoints {
    const { spec, ctx } = this;
    const addr = ctx.addresses;
    const hp = (p?: TcpProxy) => (p ? { host: LOOPBACK, port: p.port } : null);
    const at = (host: string) => ({ host, port: this.groupPort! });
    const users: Record<string, string> = {};
    const userStatus: Record<string, 'enabled' | 'disabled'> = {};
    for (const u of spec.rbac ? spec.users : []) {
      const enabled = isEnabled(u.accessString);
      userStatus[u.userName] = enabled ? 'enabled' : 'disabled';
      // A disabled user's password is of no use to anyone: not written.
      if (enabled) users[u.userName] = u.mode === 'password' ? this.passwords(u.userName)[0] : '';
    }
    const token = spec.authToken === undefined ? undefined : this.passwords('default');
    const nodes: NodeEndpoint[] = this.nodes.map((n) => ({ host: n.plan.host, port: n.plan.port, role: n.role, shard: n.plan.shard }));
    const serverless = spec.kind === 'serverless';
    return {
      kind: spec.kind,
      engine: spec.engine,
      clusterMode: spec.clusterMode,
      tls: spec.tls,
      caFile: spec.tls && ctx.tls ? ctx.tls.caFile : null,
      primary: addr ? at(addr.primary) : spec.clusterMode ? null : hp(this.primaryProxy),
      reader: addr ? at(addr.reader) : spec.clusterMode && !serverless ? null : hp(this.readerProxy),
      configuration: serverless ? { host: LOOPBACK, port: this.nodes[0].plan.port } : hp(this.configProxy),
      nodes,
      // After a change, the newest token (valid under both ROTATE and SET).
      authToken: token ? token[token.length - 1] : null,
      users,
      userStatus,
    };
  }

  /**
   * TestFailover: the replica with the least lag (highest replication offset) is promoted in a coordinated way, so
   * no write acknowledged before the failover is lost; the old primary comes back as a replica; endpoints follow.
   */
  public async failover(shard = 0): Promise<FailoverResult> {
    const t0 = Date.now();
    if (shard < 0 || shard >= this.spec.shards.length) throw new Error(`${this.spec.logicalId} has no shard ${shard} (NodeGroupNotFoundFault)`);
    const primary = this.currentPrimary(shard)!;
    const replicas = this.nodes.filter((n) => n.plan.shard === shard && n.role === 'replica');
    if (replicas.length === 0) throw new Error(`${this.spec.logicalId} shard ${shard} has no replica to fail over to (TestFailoverNotAvailableFault)`);
    // Only replicas whose link is up can be promoted (a previous failover may still be resynchronising one).
    let offsets: number[] = [];
    await waitFor(`${this.spec.logicalId} shard ${shard}: a replica in sync`, async () => {
      offsets = await Promise.all(
        replicas.map(async (r) => {
          const info = parseInfo(await r.admin!.info('replication'));
          return info.master_link_status === 'up' ? Number(info.slave_repl_offset ?? -1) : -1;
        }),
      );
      return offsets.some((o) => o >= 0);
    }, 10_000);
    const best = replicas[offsets.indexOf(Math.max(...offsets))];
    if (!this.spec.clusterMode) {
      const online = `ip=${best.plan.host},port=${best.plan.port},state=online`;
      await waitFor('the replica online at the primary', async () => (await primary.admin!.info('replication')).includes(online), 10_000, 2);
    }
    if (this.spec.clusterMode) {
      // Manual failover: the primary pauses clients until the replica has its offset, then the replica takes over.
      await best.admin!.call('CLUSTER', 'FAILOVER');
      await waitFor('cluster failover (a shard fails over again only 10 s after its previous failover)', async () => {
        const role = (await best.admin!.call('ROLE')) as unknown[];
        return role[0] === 'master' && /cluster_state:ok/.test((await best.admin!.call('CLUSTER', 'INFO')) as string);
      }, 10_000);
    } else {
      // FAILOVER TO pauses writes on the primary, waits for the target's offset to match, then swaps roles.
      await primary.admin!.call('FAILOVER', 'TO', best.plan.host, String(best.plan.port), 'TIMEOUT', '5000');
      await waitFor('failover', async () => ((await best.admin!.call('ROLE')) as unknown[])[0] === 'master', 10_000, 2);
    }
    primary.role = 'replica';
    best.role = 'primary';
    if (this.ctx.addresses) await this.moveEndpoints(primary, best);
    this.primaryProxy?.dropConnectionsTo(primary.plan);
    this.readerProxy?.dropConnectionsTo(best.plan);
    if (!this.spec.clusterMode) {
      await Promise.all(
        replicas.filter((r) => r !== best).map((r) => r.admin!.call('REPLICAOF', best.plan.host, String(best.plan.port))),
      );
    }
    const millis = Date.now() - t0;
    this.ctx.log(`${this.spec.logicalId}: failover of shard ${shard} from ${primary.plan.name} to ${best.plan.name} in ${millis} ms`);
    // The old primary resynchronises in the background.
    const hostPort = (n: RuntimeNode): HostPort => ({ host: n.plan.host, port: n.plan.port });
    return { cache: this.spec.logicalId, shard, from: hostPort(primary), to: hostPort(best), millis };
  }

  /**
   * After a failover of a group serving its own endpoints: the endpoint addresses move to the nodes' new roles (the old
   * primary lets go first, so the promoted node can take the primary's), and connections that came in through an
   * endpoint whose node changed role are closed — clients reconnect and reach the new node, as after ElastiCache's DNS
   * change. Connections to a node's own address stay (writes there now answer READONLY).
   */
  private async moveEndpoints(old: RuntimeNode, promoted: RuntimeNode) {
    const addr = this.ctx.addresses!;
    const port = String(this.groupPort);
    await this.rebind(old, []);
    await this.rebind(promoted, this.endpointAddressesOf(promoted));
    const oldAddresses = this.endpointAddressesOf(old);
    if (oldAddresses.length > 0) await this.rebind(old, oldAddresses);
    await Promise.all([
      old.admin!.call('CLIENT', 'KILL', 'LADDR', `${addr.primary}:${port}`),
      promoted.admin!.call('CLIENT', 'KILL', 'LADDR', `${addr.reader}:${port}`),
    ]);
  }

  /**
   * Online resharding to `shardCount` shards (ModifyReplicationGroupShardConfiguration): new shards' nodes start
   * (primary and the group's replicas per shard) and join; slots move to an even distribution (each shard above its
   * share gives the surplus to those below theirs: rebalancedSlots) while clients keep working; leaving shards (the
   * last ones) are forgotten and stopped. See ./reshard.ts and docs/decisions/0130.
   */
  public async reshard(shardCount: number): Promise<ReshardResult> {
    const t0 = Date.now();
    const { spec, ctx } = this;
    const id = spec.logicalId;
    if (!spec.clusterMode || spec.kind !== 'replication-group') {
      throw new Error(`${id}: resharding needs a cluster-mode-enabled replication group (ClusterMode enabled, NumNodeGroups); ${id} is ${spec.kind === 'serverless' ? 'a serverless cache' : 'cluster mode disabled'}`);
    }
    if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > MAX_SHARDS) {
      throw new Error(`${id}: shard count ${shardCount} is not allowed; NodeGroupCount must be an integer from 1 to ${MAX_SHARDS}`);
    }
    if (this.resharding) throw new Error(`${id}: a reshard is already in progress (InvalidReplicationGroupStateFault)`);
    const fromShards = spec.shards.length;
    if (shardCount === fromShards) throw new Error(`${id} already has ${shardCount} shard(s); give a different count`);
    this.resharding = true;
    try {
      const target = rebalancedSlots(spec.shards.map((sh) => sh.slots), shardCount);
      const replicas = spec.shards[0].replicas;
      const joining: RuntimeNode[] = [];
      if (shardCount > fromShards) {
        const preferred = spec.tls && spec.tlsMode === 'preferred';
        const free = await ctx.ports.allocate((shardCount - fromShards) * (1 + replicas) * (preferred ? 3 : 2));
        for (let s = fromShards; s < shardCount; s++) {
          for (let i = 0; i <= replicas; i++) joining.push(this.planNode(s, i, () => free.shift()!));
        }
        this.nodes.push(...joining);
        await this.join(joining);
      }
      const primaries = Array.from({ length: Math.max(fromShards, shardCount) }, (_, s) => this.currentPrimary(s)!);
      const moves = slotMoves(spec.shards.map((sh) => sh.slots), target);
      ctx.log(`${id}: resharding ${fromShards} -> ${shardCount} shard(s), ${moves.length} slot(s) to move${joining.length ? ` (${joining.length} new node(s) joined in ${Date.now() - t0} ms)` : ''}`);
      const tMoves = Date.now();
      // MIGRATE speaks TLS only over a TLS bus: with a plaintext bus (plaintextBus), the source reaches each target's
      // TLS port through a plaintext-in, TLS-out proxy on 127.0.0.1 that lives as long as the move (docs/decisions/0104).
      const bridges = new Map<string, TcpProxy>();
      if (ctx.tls && plaintextBus(spec, primaries[0].plan)) {
        for (const p of new Set(moves.map((m) => primaries[m.to]))) bridges.set(p.plan.nodeId, new TcpProxy(`${p.plan.name} migrate`, () => this.target(p), ctx.tls.ca));
        await Promise.all([...bridges.values()].map((b) => b.listen(0)));
      }
      let keysMoved: number;
      try {
        keysMoved = await migrateSlots(moves, primaries, {
          adminPassword: this.adminPassword,
          connect: (n) => adminConnection(n.plan.host, n.plan.port, this.adminPassword, ctx.tls),
          migrateTo: bridges.size ? (n) => ({ host: LOOPBACK, port: bridges.get(n.plan.nodeId)!.port }) : undefined,
        });
      } finally {
        await Promise.all([...bridges.values()].map((b) => b.close()));
      }
      if (shardCount < fromShards) {
        const leaving = this.nodes.filter((n) => n.plan.shard >= shardCount);
        await Promise.all(leaving.map(async (n) => {
          n.admin?.disconnect();
          await n.proc?.stop();
          ctx.pidFiles.remove(n.plan.name);
        }));
        this.nodes.splice(0, this.nodes.length, ...this.nodes.filter((n) => n.plan.shard < shardCount));
        await forgetNodes(this.nodes, leaving);
      }
      ctx.log(`${id}: slots moved in ${Date.now() - tMoves} ms`);
      await waitForOwners(this.nodes, target, target.map((_, sh) => this.currentPrimary(sh)!.plan.nodeId), this.startTimeoutMs);
      // The spec is the engine's (and the control plane's) view of the group: its shards change in place.
      spec.shards.splice(0, spec.shards.length, ...target.map((slots) => ({ slots, replicas })));
      await this.waitHealthy();
      await Promise.all(joining.filter((n) => n.role === 'replica').map((n) => n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(NODE_TIMEOUT_MS))));
      const millis = Date.now() - t0;
      ctx.log(`${id}: resharded ${fromShards} -> ${shardCount} shard(s) in ${millis} ms (${moves.length} slots, ${keysMoved} keys)`);
      return { cache: id, fromShards, toShards: shardCount, slotsMoved: moves.length, keysMoved, millis };
    } finally {
      this.resharding = false;
    }
  }

  /**
   * Scale out: the new shards' nodes boot already formed among themselves, as in start(): each new primary as the
   * replica of an empty placeholder, its replicas as its replicas (their sync starts at boot); each meets every node of
   * the cluster at once (CLUSTER MEET to all, not to one seed: nobody waits for gossip to spread them); once a new
   * primary has cluster_state:ok it takes over (a master that just started stays in cluster_state:fail for 2 s, and
   * refuses the `ASKING` writes of an import), and the placeholders are forgotten (docs/decisions/0130).
   */
  private async join(joining: RuntimeNode[]) {
    const placeholderAddress = placeholderAddressFor(this.binary);
    const newPrimaries = joining.filter((n) => n.role === 'primary');
    const replicas = joining.filter((n) => n.role === 'replica');
    const placeholders = new Map(newPrimaries.map((p) => [p.plan.shard, randomBytes(20).toString('hex')]));
    // Valkey >= 8.1 needs addressed placeholders (docs/decisions/0103); shard ids wherever nodes.conf has aux fields (see start()).
    const shardIds = new Map(newPrimaries.map((p) => [p.plan.shard, keepsClientPortsApart(this.binary) ? randomBytes(20).toString('hex') : undefined]));
    // A replica added to an existing shard (a template update) boots as an empty master and replicates its primary below.
    const primaryOf = (shard: number) => (newPrimaries.find((p) => p.plan.shard === shard) ?? this.currentPrimary(shard)!).plan.nodeId;
    const layout: ClusterLayoutNode[] = [
      ...newPrimaries.map((p) => ({
        node: { nodeId: placeholders.get(p.plan.shard)!, port: 0, busPort: 0 },
        slots: [],
        epoch: 0,
        shardId: shardIds.get(p.plan.shard),
        placeholder: true,
      })),
      ...joining.map((n) => ({
        node: n.plan,
        slots: [],
        masterId: n.role === 'primary' ? placeholders.get(n.plan.shard) : placeholders.has(n.plan.shard) ? primaryOf(n.plan.shard) : undefined,
        epoch: 0,
        shardId: shardIds.get(n.plan.shard),
      })),
    ];
    const existing = this.nodes.filter((n) => !joining.includes(n));
    const boot = async (nodes: RuntimeNode[]) => {
      for (const n of nodes) this.launchNode(n, layout, placeholderAddress);
      await Promise.all(nodes.map(async (n) => {
        await this.connectWithPasswords(n);
        // Listed by every node within a second (see start()), then the group's timeout again (at the end of reshard()).
        if (n.role === 'replica') await n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(BOOT_REPLICA_NODE_TIMEOUT_MS));
      }));
      await meetNodes(nodes, existing);
    };
    // Valkey >= 8.1 refuses a replica's sync while its primary is a replica and retries only a second later (see
    // start()): there the replicas boot once their primary took over.
    const deferReplicas = placeholderAddress !== undefined;
    await boot(deferReplicas ? newPrimaries : joining);
    await Promise.all(newPrimaries.map(async (p) => {
      await waitFor(`${p.plan.name} cluster_state:ok`, async () => /cluster_state:ok/.test((await p.admin!.call('CLUSTER', 'INFO')) as string), this.startTimeoutMs, 5);
      await p.admin!.call('CLUSTER', 'FAILOVER', 'TAKEOVER');
      await waitFor(`${p.plan.name} takes over`, async () => ((await p.admin!.call('ROLE')) as unknown[])[0] === 'master', this.startTimeoutMs, 5);
    }));
    if (deferReplicas) await boot(replicas);
    // A replica retries a refused sync only once per second: restart it now that its primary is a master.
    await Promise.all(replicas.map(async (n) => {
      const primaryId = primaryOf(n.plan.shard);
      await waitFor(`${n.plan.name} replicates its primary`, async () => (await n.admin!.call('CLUSTER', 'REPLICATE', primaryId)) === 'OK', this.startTimeoutMs, 5);
      await waitFor(`${n.plan.name} replication link`, async () => parseInfo(await n.admin!.info('replication')).master_link_status === 'up', this.startTimeoutMs, 20);
    }));
    await Promise.all(joining.flatMap((n) => [...placeholders.values()].map((id) => n.admin!.call('CLUSTER', 'FORGET', id).catch(() => undefined))));
    // Every node, old and new, knows every new node (handshake done) in its role: SETSLOT MIGRATING to a node that is
    // not a master is refused.
    await waitForMembers(this.nodes, joining.map((n) => ({ name: n.plan.name, nodeId: n.plan.nodeId, masterId: n.role === 'primary' ? undefined : primaryOf(n.plan.shard) })), this.startTimeoutMs);
  }

  /** The passwords a user accepts now (the template's until changed). */
  public passwords(userName: string): string[] {
    const changed = this.passwordsNow.get(userName);
    if (changed) return changed;
    return this.spec.users.find((u) => u.userName === userName)?.passwords ?? [];
  }

  /**
   * Replaces the passwords of a user on every node at once (ACL SETUSER resetpass): connections already
   * authenticated stay, new ones need one of `passwords`. The default user of an AUTH-token group holds the token(s).
   */
  public async setPasswords(userName: string, passwords: string[]): Promise<void> {
    if (!this.spec.users.some((u) => u.userName === userName && u.mode === 'password')) {
      throw new Error(`${this.spec.logicalId} has no password user '${userName}'`);
    }
    const rules = ['resetpass', ...passwords.map((p) => `>${p}`)];
    await Promise.all(this.nodes.map((n) => n.admin!.call('ACL', 'SETUSER', userName, ...rules)));
    this.passwordsNow.set(userName, [...passwords]);
  }

  /**
   * A template update in place: users, passwords, the AUTH token (ROTATE/SET) and parameters change on every node
   * (ACL SETUSER/DELUSER, CONFIG SET) and in the ACL file nodes started later load; `next` becomes the spec, with the
   * shards and replicas running now (see `reshard()` and `setReplicas()`). Returns the parameters removed from the
   * template, which running nodes keep.
   */
  public async reconfigure(next: RedisCacheSpec, strategy: AuthTokenUpdateStrategy): Promise<string[]> {
    const change = liveConfigChange(this.spec, next, (u) => this.passwords(u), strategy);
    for (const cmd of change.commands) {
      await Promise.all(this.nodes.map(async (n) => {
        try {
          await n.admin!.call(...cmd);
        } catch (e) {
          const what = cmd[0] === 'CONFIG' ? `parameters ${cmd.slice(2).filter((_, i) => i % 2 === 0).join(', ')}` : `user ${cmd[2]}`;
          throw new Error(`${this.spec.logicalId}: ${n.plan.name} refused the ${what}: ${(e as Error).message}`);
        }
      }));
    }
    writeFileSync(this.aclFile, renderAclFile(next.users, this.adminPassword), { mode: 0o600 });
    this.passwordsNow.clear();
    for (const [user, pw] of change.passwordsNow) this.passwordsNow.set(user, pw);
    this.spec = { ...next, shards: this.spec.shards };
    return change.removedParameters;
  }

  /**
   * Replicas per shard (ModifyReplicationGroup NumCacheClusters / IncreaseReplicaCount / DecreaseReplicaCount): new
   * replicas start, join and sync from their shard's primary while clients keep working; removed ones (the last
   * replicas of a shard, never its primary) stop. Endpoints follow (the reader endpoint moves to the only replica, or to
   * a proxy over two or more).
   */
  public async setReplicas(counts: number[]): Promise<void> {
    const { spec, ctx } = this;
    const joining: RuntimeNode[] = [];
    const leaving: RuntimeNode[] = [];
    const preferred = spec.tls && spec.tlsMode === 'preferred';
    const perNode = (spec.clusterMode ? 2 : 1) + (preferred ? 1 : 0);
    const adding = counts.reduce((a, want, s) => a + Math.max(0, want - this.nodes.filter((n) => n.plan.shard === s && n.role === 'replica').length), 0);
    const free = this.groupPort !== undefined ? [] : await ctx.ports.allocate(adding * perNode);
    counts.forEach((want, s) => {
      const replicas = this.nodes.filter((n) => n.plan.shard === s && n.role === 'replica');
      leaving.push(...replicas.slice(want));
      let next = Math.max(...this.nodes.filter((n) => n.plan.shard === s).map((n) => n.plan.index)) + 1;
      for (let k = replicas.length; k < want; k++) {
        const n = this.planNode(s, next++, () => free.shift()!);
        n.role = 'replica';
        n.bound = [];
        joining.push(n);
        this.nodes.push(n);
      }
    });
    if (leaving.length > 0) {
      this.nodes.splice(0, this.nodes.length, ...this.nodes.filter((n) => !leaving.includes(n)));
      await Promise.all(leaving.map(async (n) => {
        this.readerProxy?.dropConnectionsTo(n.plan);
        n.admin?.disconnect();
        await n.proc?.stop();
        ctx.pidFiles.remove(n.plan.name);
      }));
      if (spec.clusterMode) await forgetNodes(this.nodes, leaving);
    }
    if (joining.length > 0 && spec.clusterMode) {
      await this.join(joining);
    } else if (joining.length > 0) {
      for (const n of joining) this.launchNode(n, []);
      await Promise.all(joining.map(async (n) => {
        await this.connectWithPasswords(n);
        const primary = this.currentPrimary(0)!.plan;
        await n.admin!.call('REPLICAOF', primary.host, String(primary.port));
      }));
    }
    counts.forEach((want, s) => {
      if (spec.shards[s]) spec.shards[s] = { ...spec.shards[s], replicas: want };
    });
    await this.waitHealthy();
    if (spec.clusterMode) await Promise.all(joining.map((n) => n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(NODE_TIMEOUT_MS))));
    await this.reconcileEndpoints();
  }

  /**
   * Engine migration (ModifyReplicationGroup Engine redis -> valkey): a rolling restart of every node on `binary`,
   * shard by shard — its replicas first, then its primary: cluster mode disabled with replicas, after a coordinated
   * failover to a restarted replica; otherwise SAVE, then the primary restarts from its RDB (a brief interruption of its
   * slots). Each node keeps its id, ports, addresses and cluster state (nodes.conf); its data comes back by
   * replication or from the RDB.
   */
  public async migrateEngine(binary: EngineBinary): Promise<void> {
    const shards = [...new Set(this.nodes.map((n) => n.plan.shard))].sort((a, b) => a - b);
    const previous = this.binary;
    this.binaryNow = binary;
    try {
      for (const s of shards) {
        for (const n of this.nodes.filter((x) => x.plan.shard === s && x.role === 'replica')) await this.restartNode(n);
        const primary = this.currentPrimary(s)!;
        if (!this.spec.clusterMode && this.nodes.some((x) => x.plan.shard === s && x.role === 'replica')) {
          await this.waitHealthy();
          await this.failover(s);
        } else {
          // Cluster mode: a manual failover between a redis-server primary and a valkey-server replica does not always
          // complete (measured: 1 in 6 timed out), so the primary restarts in place, within the node timeout.
          await this.save(primary);
        }
        await this.restartNode(primary);
      }
      await this.waitHealthy();
    } catch (e) {
      this.ctx.log(`${this.spec.logicalId}: engine migration from ${previous.name} ${previous.version} to ${binary.name} ${binary.version} failed: ${(e as Error).message}`);
      throw e;
    }
  }

  /**
   * SAVE on a node, retried while a fork of its own runs: a replica's full sync (diskless, a child process) makes SAVE
   * fail with "Background save already in progress".
   */
  private async save(n: RuntimeNode) {
    await waitFor(`${n.plan.name} SAVE`, async () => (await n.admin!.call('SAVE')) === 'OK', this.startTimeoutMs, 50);
  }

  /** Restarts one node on the current binary with its id, ports, addresses and (cluster mode) nodes.conf. */
  private async restartNode(n: RuntimeNode) {
    const { spec, ctx } = this;
    n.admin?.disconnect();
    await n.proc?.stop();
    const primary = this.currentPrimary(n.plan.shard)!.plan;
    const { aclFile, adminPassword } = this;
    const { tls, maxmemory } = ctx;
    const endpointAddresses = n.bound ?? [];
    const conf = renderRedisConf({ spec, node: n.plan, primary, tls, aclFile, adminPassword, maxmemory, endpointAddresses, binary: this.binary });
    const confFile = join(n.plan.dir, 'redis.conf');
    writeFileSync(confFile, conf, { mode: 0o600 });
    n.proc = startProcess(n.plan.name, this.binary.path, [confFile], n.plan.dir);
    ctx.pidFiles.record(n.plan.name, n.proc.pid, confFile);
    await this.connectWithPasswords(n);
  }

  /** Connects to a node started while running; passwords changed since the start are not in the ACL file it loaded. */
  private async connectWithPasswords(n: RuntimeNode) {
    await this.connectNode(n);
    await Promise.all([...this.passwordsNow].map(([user, pw]) => n.admin!.call('ACL', 'SETUSER', user, 'resetpass', ...pw.map((p) => `>${p}`))));
  }

  /**
   * Cluster mode disabled: the endpoints follow the number of replicas. With node-served endpoints, each node listens on
   * the endpoint addresses of its role (see endpointAddressesOf) and two or more replicas share the reader's by a proxy.
   */
  private async reconcileEndpoints() {
    const addr = this.ctx.addresses;
    if (!addr || this.spec.clusterMode) return;
    const wantProxy = this.nodes.filter((n) => n.role === 'replica').length >= 2;
    if (!wantProxy && this.readerProxy) {
      await this.readerProxy.close();
      this.proxies.splice(this.proxies.indexOf(this.readerProxy), 1);
      this.readerProxy = undefined;
    }
    // Release first, then bind: an address moves from one node to another (the primary keeps the primary endpoint's).
    const desired = new Map(this.nodes.map((n) => [n, this.endpointAddressesOf(n)]));
    for (const [n, want] of desired) {
      const keep = (n.bound ?? []).filter((a) => want.includes(a));
      if (keep.length !== (n.bound ?? []).length) await this.rebind(n, keep);
    }
    for (const [n, want] of desired) if (want.length !== (n.bound ?? []).length) await this.rebind(n, want);
    if (wantProxy && !this.readerProxy) {
      this.readerProxy = new TcpProxy(`${this.spec.logicalId} reader`, () => this.nextReader());
      await this.readerProxy.listen(this.groupPort!, addr.reader);
      this.proxies.push(this.readerProxy);
    }
  }

  public async stop(): Promise<void> {
    await Promise.all(this.proxies.map((p) => p.close()));
    for (const n of this.nodes) n.admin?.disconnect();
    await Promise.all(
      this.nodes.map(async (n) => {
        await n.proc?.stop();
        this.ctx.pidFiles.remove(n.plan.name);
      }),
    );
  }
}

/**
 * Whether a user can log in: as in Redis/Valkey ACL rules, the last `on`/`off` of its access string decides (the
 * access string is normalised: a user with neither is `off`, as on ElastiCache).
 */
function isEnabled(accessString: string): boolean {
  const states = accessString.split(/\s+/).filter((t) => /^(on|off)$/i.test(t));
  return states.length > 0 && states[states.length - 1].toLowerCase() === 'on';
}
