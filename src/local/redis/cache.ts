import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CacheEndpoints, HostPort, NodeEndpoint } from '../endpoints';
import { TcpProxy, ProxyTarget } from '../proxy/tcp-proxy';
import { CacheRuntime, FailoverResult, ReshardResult, RuntimeContext } from '../runtime';
import { adminConnection, parseInfo, waitFor } from './admin';
import { BOOT_REPLICA_NODE_TIMEOUT_MS, ClusterLayoutNode, NODE_TIMEOUT_MS, placeholderAddressFor, RedisNodePlan, renderAclFile, renderNodesConf, renderRedisConf } from './config';
import { forgetNodes, MAX_SHARDS, meetNodes, migrateSlots, rebalancedSlots, slotMoves, waitForMembers, waitForOwners } from './reshard';
import { AdminClient } from './resp';
import { SnapshotResult, writeSnapshot } from './snapshots';
import { LOOPBACK } from '../state/loopback';
import { EngineProcess, startProcess } from '../state/processes';
import { RedisCacheSpec } from '../topology/model';

/** From this many nodes a cluster boots with its primaries as masters (no takeover); see start(). */
export const DIRECT_BOOT_NODES = 30;

interface RuntimeNode {
  readonly plan: RedisNodePlan;
  proc?: EngineProcess;
  admin?: AdminClient;
  role: 'primary' | 'replica';
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

  constructor(
    public readonly spec: RedisCacheSpec,
    private readonly ctx: RuntimeContext,
  ) {}

  get binary() {
    return this.ctx.binary;
  }

  get processes(): EngineProcess[] {
    return this.nodes.map((n) => n.proc).filter((p): p is EngineProcess => !!p);
  }

  /** How long each step of a start may take: 20 s, plus 0.5 s per node (90 nodes on a shared 2-core machine). */
  private get startTimeoutMs(): number {
    return 20_000 + 500 * this.nodes.length;
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
    // takeover must reach every replica through the cluster bus, which at DIRECT_BOOT_NODES nodes over TLS takes
    // longer than those 2 s (or never completes on 2 busy cores), so primaries boot as the masters of their slots
    // (docs/decisions/0104).
    const direct = this.nodes.length >= DIRECT_BOOT_NODES;
    const placeholders = direct ? [] : spec.shards.map(() => randomBytes(20).toString('hex'));
    // Valkey >= 8.1 needs addressed placeholders and shard ids (docs/decisions/0103); no placeholders at all in a direct boot.
    const placeholderAddress = direct ? undefined : placeholderAddressFor(ctx.binary);
    const shardIds = spec.shards.map(() => (placeholderAddress ? randomBytes(20).toString('hex') : undefined));
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
    const startNode = (n: RuntimeNode) => this.launchNode(n, layout, placeholderAddress);
    // Valkey >= 8.1 (placeholderAddressFor): a replica that syncs before its primary took over is refused
    // (NOMASTERLINK) and, there, CLUSTER REPLICATE does not restart the sync before the next second: in cluster mode
    // its replicas start once the primary took over. Elsewhere everything starts at once.
    const deferReplicas = spec.clusterMode && placeholderAddress !== undefined;
    const connect = (n: RuntimeNode) => this.connectNode(n);
    // Primaries first: they have one more step (the takeover) before the cluster is ready.
    for (const n of [...this.nodes.filter((x) => x.role === 'primary'), ...this.nodes.filter((x) => x.role !== 'primary')]) {
      if (!deferReplicas || n.role === 'primary') startNode(n);
    }
    // Cluster mode: each primary takes over as soon as it answers and has computed cluster_state:ok as a replica (a
    // takeover before that would leave it a master in `fail`, i.e. subject to the 2 s delay), ideally before its
    // replicas hear it announce itself as a replica (they would re-point to the placeholder for a while).
    await Promise.all(
      this.nodes.map(async (n) => {
        if (deferReplicas && n.role !== 'primary') return;
        await connect(n);
        if (!spec.clusterMode || n.role !== 'primary' || direct) return;
        await waitFor(`${n.plan.name} cluster_state:ok`, async () => /cluster_state:ok/.test((await n.admin!.call('CLUSTER', 'INFO')) as string), this.startTimeoutMs, 2);
        await n.admin!.call('CLUSTER', 'FAILOVER', 'TAKEOVER');
        if (!deferReplicas) return;
        const replicas = this.nodes.filter((r) => r.role !== 'primary' && r.plan.shard === n.plan.shard);
        for (const r of replicas) startNode(r);
        await Promise.all(replicas.map(connect));
      }),
    );
    if (spec.clusterMode && !direct) {
      // A replica retries a refused sync (its primary was a replica without link) only once per second: restart it now,
      // as soon as the replica has seen its primary's takeover (it refuses to replicate a node it still sees as a replica).
      await Promise.all(
        this.nodes.filter((n) => n.role === 'replica').map((n) => {
          const primaryId = this.currentPrimary(n.plan.shard)!.plan.nodeId;
          return waitFor(`${n.plan.name} replicates its primary`, async () => (await n.admin!.call('CLUSTER', 'REPLICATE', primaryId)) === 'OK', this.startTimeoutMs);
        }),
      );
    }
    // A node tells the others that it has synchronised only in its own pings, sent at the latest every half node
    // timeout: once they replicate, replicas get a short timeout so that every node lists them within a second, then
    // the group's again when the cluster is complete. Only primaries' failure reports count in Redis Cluster, so a
    // replica's short timeout cannot fail a node over (docs/decisions/0104).
    const replicas = spec.clusterMode ? this.nodes.filter((n) => n.role === 'replica') : [];
    const nodeTimeout = (ms: number) =>
      Promise.all(
        replicas.map((n) =>
          waitFor(`${n.plan.name} cluster-node-timeout ${ms}`, async () => (await n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(ms))) === 'OK', this.startTimeoutMs),
        ),
      );
    await nodeTimeout(BOOT_REPLICA_NODE_TIMEOUT_MS);
    await this.waitHealthy();
    await nodeTimeout(NODE_TIMEOUT_MS);
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
      host: addr ? addr.nodes[this.nodes.length] : LOOPBACK,
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
  private launchNode(n: RuntimeNode, layout: ClusterLayoutNode[], placeholderAddress?: string) {
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
      endpointAddresses: this.endpointAddressesOf(n),
    });
    const confFile = join(n.plan.dir, 'redis.conf');
    writeFileSync(confFile, conf, { mode: 0o600 });
    if (spec.clusterMode) writeFileSync(join(n.plan.dir, 'nodes.conf'), renderNodesConf(layout, n.plan, placeholderAddress));
    // A snapshot: the shard's primary loads it at boot; its replicas get it by the full sync.
    const rdb = n.plan.index === 0 ? ctx.restore?.[n.plan.shard] : undefined;
    if (rdb) copyFileSync(rdb, join(n.plan.dir, 'dump.rdb'));
    n.proc = startProcess(n.plan.name, ctx.binary.path, [confFile], n.plan.dir);
    ctx.pidFiles.record(n.plan.name, n.proc.pid, confFile);
  }

  private async connectNode(n: RuntimeNode) {
    await n.proc!.waitForPort(n.plan.port, this.startTimeoutMs, n.plan.host);
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
  }

  /** SAVE on each shard's primary (admin connection), then its dump.rdb is copied under `<stateDir>/snapshots/<name>/`. */
  public async snapshot(stateDir: string, name: string): Promise<SnapshotResult> {
    const shards = [...new Set(this.nodes.map((n) => n.plan.shard))].sort((a, b) => a - b);
    const primaries = shards.map((s) => this.currentPrimary(s)!);
    // SAVE is refused while a BGSAVE runs (e.g. the full sync of a replica that just started): asked again until done.
    await Promise.all(primaries.map((p) => waitFor(`${p.plan.name} SAVE`, async () => (await p.admin!.call('SAVE')) === 'OK', 30_000, 50)));
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
    const primaryIds = new Set(this.nodes.filter((n) => n.role === 'primary').map((n) => n.plan.nodeId));
    const replicaIdsOf = new Map<string, Set<string>>();
    for (const p of this.nodes.filter((n) => n.role === 'primary')) {
      replicaIdsOf.set(p.plan.nodeId, new Set(this.nodes.filter((n) => n.role === 'replica' && n.plan.shard === p.plan.shard).map((n) => n.plan.nodeId)));
    }
    const slotCount = this.spec.shards.reduce((a, s) => a + s.slots.reduce((b, [lo, hi]) => b + hi - lo + 1, 0), 0);
    await Promise.all(
      this.nodes.map(async (n) => {
        if (this.spec.clusterMode) {
          await waitFor(`${n.plan.name} cluster_state:ok`, async () => /cluster_state:ok/.test(await n.admin!.call('CLUSTER', 'INFO') as string), timeoutMs);
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
          }, timeoutMs);
        }
        if (n.role === 'replica') {
          const primary = this.currentPrimary(n.plan.shard)!.plan;
          await waitFor(`${n.plan.name} replication link`, async () => {
            const info = parseInfo(await n.admin!.info('replication'));
            return info.master_link_status === 'up' && [primary.port, primary.plainPort].includes(Number(info.master_port)) && info.master_host === primary.host;
          }, timeoutMs);
        }
      }),
    );
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
      const keysMoved = await migrateSlots(moves, primaries, {
        adminPassword: this.adminPassword,
        connect: (n) => adminConnection(n.plan.host, n.plan.port, this.adminPassword, ctx.tls),
      });
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
    const placeholderAddress = placeholderAddressFor(this.ctx.binary);
    const newPrimaries = joining.filter((n) => n.role === 'primary');
    const replicas = joining.filter((n) => n.role === 'replica');
    const placeholders = new Map(newPrimaries.map((p) => [p.plan.shard, randomBytes(20).toString('hex')]));
    // Valkey >= 8.1 needs addressed placeholders and shard ids (docs/decisions/0103).
    const shardIds = new Map(newPrimaries.map((p) => [p.plan.shard, placeholderAddress ? randomBytes(20).toString('hex') : undefined]));
    const primaryOf = (shard: number) => newPrimaries.find((p) => p.plan.shard === shard)!.plan.nodeId;
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
        masterId: n.role === 'primary' ? placeholders.get(n.plan.shard) : primaryOf(n.plan.shard),
        epoch: 0,
        shardId: shardIds.get(n.plan.shard),
      })),
    ];
    const existing = this.nodes.filter((n) => !joining.includes(n));
    const boot = async (nodes: RuntimeNode[]) => {
      for (const n of nodes) this.launchNode(n, layout, placeholderAddress);
      await Promise.all(nodes.map(async (n) => {
        await this.connectNode(n);
        // Listed by every node within a second (see start()), then the group's timeout again (at the end of reshard()).
        if (n.role === 'replica') await n.admin!.call('CONFIG', 'SET', 'cluster-node-timeout', String(BOOT_REPLICA_NODE_TIMEOUT_MS));
        // Passwords changed while running (ACL SETUSER) are not in the ACL file the new nodes loaded.
        await Promise.all([...this.passwordsNow].map(([user, pw]) => n.admin!.call('ACL', 'SETUSER', user, 'resetpass', ...pw.map((p) => `>${p}`))));
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
