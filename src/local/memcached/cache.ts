import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CacheEndpoints } from '../endpoints';
import { CacheRuntime, FailoverResult, RuntimeContext } from '../runtime';
import { MemcachedConfigEndpoint } from './config-endpoint';
import { EngineProcess, startProcess } from '../state/processes';
import { MemcachedCacheSpec } from '../topology/model';

/** Memcached parameters that map to command-line options. */
const FLAG_PARAMETERS: Record<string, (v: string) => string[]> = {
  max_item_size: (v) => ['-I', v],
  chunk_size: (v) => ['-n', v],
  backlog_queue_limit: (v) => ['-b', v],
  max_simultaneous_connections: (v) => ['-c', v],
  cas_disabled: (v) => (v === '1' || v === 'true' ? ['-C'] : []),
  disable_flush_all: (v) => (v === '1' || v === 'true' ? ['-F'] : []),
};

/** A Memcached cluster (N nodes + auto-discovery configuration endpoint), or a serverless Memcached cache. */
export class MemcachedCache implements CacheRuntime {
  /** The ports clients use: a node's front (answers `config get cluster`), or the process itself (serverless). */
  private readonly nodePorts: number[] = [];
  /** The ports the memcached processes listen on. */
  private readonly processPorts: number[] = [];
  private readonly procs: EngineProcess[] = [];
  private configEndpoint?: MemcachedConfigEndpoint;
  private readonly fronts: MemcachedConfigEndpoint[] = [];
  private configTurn = 0;
  /** The auto-discovery configuration version: +1 whenever nodes are added or removed. */
  private configVersion = 1;
  /** The `memcached` arguments every node shares (memory, parameters). */
  private sharedArgs: string[] = [];
  private nodeCount = 0;

  constructor(
    /** What runs: `setNodes()` changes its node count. */
    public spec: MemcachedCacheSpec,
    private readonly ctx: RuntimeContext,
  ) {}

  get binary() {
    return this.ctx.binary;
  }

  get processes(): EngineProcess[] {
    return this.procs;
  }

  public async start(): Promise<void> {
    const { spec, ctx } = this;
    const templatePort = ctx.useTemplatePorts ? await ctx.ports.reserve(spec.port) : undefined;
    // Cluster nodes: the process on a port of its own, its front on the port clients see.
    const ports = await ctx.ports.allocate(spec.serverless ? spec.nodes : spec.nodes * 2);
    if (spec.serverless && templatePort !== undefined) ports[0] = templatePort;
    const memoryMb = Math.max(8, Math.round(parseSize(ctx.maxmemory) / (1024 * 1024)));
    this.sharedArgs = ['-U', '0', '-m', String(memoryMb), '-t', '1'];
    for (const [k, v] of Object.entries(spec.parameters)) {
      const f = FLAG_PARAMETERS[k];
      if (f) this.sharedArgs.push(...f(v));
      else ctx.log(`${spec.logicalId}: Memcached parameter '${k}' is not applied locally`);
    }
    for (let i = 0; i < spec.nodes; i++) this.startNode(ports[i], spec.serverless ? ports[i] : ports[spec.nodes + i]);
    await this.nodesReady(0);
    if (!spec.serverless) {
      await Promise.all(this.processPorts.map((_, i) => this.listenFront(i)));
      this.configEndpoint = new MemcachedConfigEndpoint(this.discovery, () => this.configVersion, spec.tls ? ctx.tls : undefined, () => {
        const i = this.configTurn++ % this.processPorts.length;
        return { host: '127.0.0.1', port: this.processPorts[i] };
      });
      await this.configEndpoint.listen(templatePort ?? 0);
    }
  }

  private readonly discovery = () => this.nodePorts.map((port) => ({ host: '127.0.0.1', port }));

  /** Starts a memcached process on `port`; clients see it at `clientPort` (its front, or itself when serverless). */
  private startNode(port: number, clientPort: number) {
    const { spec, ctx } = this;
    const name = `${spec.logicalId}-${String(++this.nodeCount).padStart(4, '0')}`;
    const dir = join(ctx.runDir, spec.logicalId, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const args = ['-l', '127.0.0.1', '-p', String(port), ...this.sharedArgs];
    if (process.getuid?.() === 0) args.push('-u', 'root');
    if (spec.tls && ctx.tls) args.push('-Z', '-o', `ssl_chain_cert=${ctx.tls.certFile},ssl_key=${ctx.tls.keyFile}`);
    const proc = startProcess(name, ctx.binary.path, args, dir);
    ctx.pidFiles.record(name, proc.pid, `-p ${port}`);
    this.procs.push(proc);
    this.processPorts.push(port);
    this.nodePorts.push(clientPort);
  }

  /** The nodes from index `from` answer on their ports, none has exited. */
  private async nodesReady(from: number) {
    await Promise.all(this.procs.slice(from).map((p, i) => p.waitForPort(this.processPorts[from + i])));
    const dead = this.procs.filter((p) => p.hasExited).map((p) => p.name);
    if (dead.length > 0) throw new Error(`${this.spec.logicalId}: node(s) ${dead.join(', ')} stopped while the cache started`);
  }

  /** The front of node `i`: answers `config get cluster` as a connection's first command, then relays to the node. */
  private async listenFront(i: number) {
    const front = new MemcachedConfigEndpoint(this.discovery, () => this.configVersion, this.spec.tls ? this.ctx.tls : undefined, () => ({ host: '127.0.0.1', port: this.processPorts[i] }));
    this.fronts[i] = front;
    await front.listen(this.nodePorts[i]);
  }

  /**
   * ModifyCacheCluster NumCacheNodes: nodes are added (empty) or the last ones removed (their keys are lost, the
   * other nodes keep theirs); the auto-discovery configuration version goes up so that clients refresh their node list.
   */
  public async setNodes(count: number): Promise<void> {
    const { spec, ctx } = this;
    if (spec.serverless) throw new Error(`${spec.logicalId} is a serverless cache: it has no nodes to add or remove`);
    const have = this.procs.length;
    if (count > have) {
      const ports = await ctx.ports.allocate((count - have) * 2);
      for (let k = 0; k < count - have; k++) this.startNode(ports[2 * k], ports[2 * k + 1]);
      await this.nodesReady(have);
      for (let i = have; i < count; i++) await this.listenFront(i);
    } else {
      const fronts = this.fronts.splice(count);
      const procs = this.procs.splice(count);
      this.processPorts.splice(count);
      this.nodePorts.splice(count);
      await Promise.all(fronts.map((f) => f.close()));
      await Promise.all(procs.map(async (p) => {
        await p.stop();
        ctx.pidFiles.remove(p.name);
      }));
    }
    this.configVersion++;
    this.spec = { ...spec, nodes: count };
  }

  public endpoints(): CacheEndpoints {
    const configuration = this.configEndpoint ? { host: '127.0.0.1', port: this.configEndpoint.port } : { host: '127.0.0.1', port: this.nodePorts[0] };
    return {
      kind: this.spec.serverless ? 'serverless' : 'memcached',
      engine: 'memcached',
      clusterMode: false,
      tls: this.spec.tls,
      caFile: this.spec.tls && this.ctx.tls ? this.ctx.tls.caFile : null,
      primary: null,
      reader: null,
      configuration,
      nodes: this.nodePorts.map((port) => ({ host: '127.0.0.1', port, role: 'primary' as const, shard: 0 })),
      authToken: null,
      users: {},
      userStatus: {},
    };
  }

  public failover(): Promise<FailoverResult> {
    return Promise.reject(new Error(`${this.spec.logicalId} is a Memcached cache: there is no failover (TestFailoverNotAvailableFault)`));
  }

  public async stop(): Promise<void> {
    await Promise.all([this.configEndpoint, ...this.fronts].map((e) => e?.close()));
    await Promise.all(
      this.procs.map(async (p) => {
        await p.stop();
        this.ctx.pidFiles.remove(p.name);
      }),
    );
  }
}

/** Parses 64mb / 1gb / 1048576 into bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(s.trim());
  if (!m) throw new Error(`invalid size '${s}' (expected e.g. 64mb)`);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(m[1]) * mult);
}
