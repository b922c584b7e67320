import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BinaryOverrides, EngineBinary, findEngineBinary, versionWarning } from './binaries';
import { CacheEndpoints, EndpointsFile, writeEndpointsFile } from './endpoints';
import { MemcachedCache, parseSize } from './memcached/cache';
import { RedisCache } from './redis/cache';
import { CacheRuntime, FailoverResult } from './runtime';
import { allAddresses, GroupAddresses, loopbackAliasesAvailable, planGroupAddresses } from './state/loopback';
import { PortAllocator } from './state/ports';
import { PidFiles } from './state/processes';
import { loadTemplate, TemplateInput } from './template/load';
import { ensureTls, TlsFiles } from './tls/ca';
import { buildTopology } from './topology/build';
import { CacheSpec, Topology } from './topology/model';

export interface LocalEngineOptions {
  /** Where endpoints.json, pid files, the CA and node files live. Default: a new temporary directory, removed by stop(). */
  readonly stateDir?: string;
  /** Listen on the template's ports (primary/configuration endpoint) instead of free ports. Default false. */
  readonly useTemplatePorts?: boolean;
  /** `maxmemory` of every node instead of the node type's memory. Default `64mb`. */
  readonly maxmemory?: string;
  /** Progress and warnings (never secrets). Default: none. */
  readonly log?: (message: string) => void;
  /** Explicit paths of redis-server / valkey-server / memcached. */
  readonly binaries?: BinaryOverrides;
  /**
   * Serve the primary and reader endpoints of cluster-mode-disabled groups through TCP proxies in this process on
   * 127.0.0.1, instead of by the nodes themselves at addresses of their own (127.0.n.x). The engine falls back to
   * proxies by itself where only 127.0.0.1 can be bound (macOS without `lo0` aliases). Default false.
   */
  readonly proxyEndpoints?: boolean;
  /**
   * Values of the template's `Parameters` by name (`Stack:Name` for one stack of a cloud assembly). Checked against
   * `AllowedValues`, `AllowedPattern`, lengths and ranges; required where the engine reads a parameter without
   * `Default`, and for SSM parameter types. Default: none (defaults apply).
   */
  readonly parameters?: Record<string, string>;
  /** Values of `Fn::ImportValue` by export name. Default: none (exports of a cloud assembly's stacks are known). */
  readonly imports?: Record<string, string>;
}

/** The binary that serves a cache. */
export interface ServedBy {
  readonly binary: string;
  readonly path: string;
  readonly version: string;
}

const live = new Set<LocalEngine>();
let exitHookInstalled = false;

/**
 * Runs the ElastiCache resources of a CloudFormation template on real Valkey/Redis and Memcached processes.
 *
 *   const engine = await LocalEngine.start(template);
 *   const cache = engine.cache('MyCache');  // endpoints, TLS, credentials
 *   await engine.stop();
 */
export class LocalEngine {
  /** Validates the template (before anything starts), then starts every cache and writes endpoints.json. */
  public static async start(input: TemplateInput, options: LocalEngineOptions = {}): Promise<LocalEngine> {
    const topology = buildTopology(loadTemplate(input, { parameters: options.parameters, imports: options.imports }));
    const maxmemory = options.maxmemory ?? '64mb';
    parseSize(maxmemory);
    const binaries = new Map<string, EngineBinary>();
    const warnings = [...topology.warnings];
    for (const c of topology.caches) {
      const bin = findEngineBinary(c.engine, options.binaries);
      binaries.set(c.logicalId, bin);
      const w = versionWarning(c.logicalId, c.engine, c.engineVersion, bin);
      if (w) warnings.push(w);
    }
    const temporary = options.stateDir === undefined;
    const stateDir = resolve(options.stateDir ?? mkdtempSync(join(tmpdir(), 'cdk-elasticache-')));
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    const engine = new LocalEngine(stateDir, temporary, topology, binaries, warnings, options, maxmemory);
    await engine.boot();
    return engine;
  }

  private readonly runtimes: CacheRuntime[] = [];
  private readonly ports = new PortAllocator();
  private readonly pidFiles: PidFiles;
  private readonly log: (m: string) => void;
  private tls?: TlsFiles;
  private addresses = new Map<string, GroupAddresses>();
  private stopped = false;
  private endpointsCache: EndpointsFile = { caches: {} };

  private constructor(
    /** The state directory of this run. */
    public readonly stateDir: string,
    private readonly temporary: boolean,
    public readonly topology: Topology,
    private readonly binaries: Map<string, EngineBinary>,
    /** Warnings about the template (ignored parameters, older binaries...). */
    public readonly warnings: string[],
    private readonly options: LocalEngineOptions,
    private readonly maxmemory: string,
  ) {
    this.pidFiles = new PidFiles(stateDir);
    this.log = options.log ?? (() => undefined);
  }

  private async boot() {
    const stale = await this.pidFiles.stopStale(this.log);
    if (stale) this.log(`stopped ${stale} stale process(es) of a previous run in ${this.stateDir}`);
    rmSync(join(this.stateDir, 'run'), { recursive: true, force: true });
    for (const w of this.warnings) this.log(`warning: ${w}`);
    const plan = planGroupAddresses(this.topology);
    if (!this.options.proxyEndpoints && (await loopbackAliasesAvailable())) this.addresses = plan;
    else if (plan.size > 0) this.log('endpoints of cluster-mode-disabled groups are served by proxies on 127.0.0.1');
    if (this.topology.caches.some((c) => c.tls)) this.tls = await ensureTls(this.stateDir, allAddresses(plan));
    const runDir = join(this.stateDir, 'run');
    for (const spec of this.topology.caches) this.runtimes.push(this.runtime(spec, runDir));
    live.add(this);
    installExitHook();
    try {
      await Promise.all(
        this.runtimes.map(async (r) => {
          const t0 = Date.now();
          this.log(`starting ${r.spec.logicalId} (${describe(r.spec)}) with ${r.binary.name} ${r.binary.version}`);
          await r.start();
          this.log(`${r.spec.logicalId} ready in ${Date.now() - t0} ms`);
        }),
      );
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.writeEndpoints();
  }

  private runtime(spec: CacheSpec, runDir: string): CacheRuntime {
    const ctx = {
      runDir,
      ports: this.ports,
      tls: spec.tls ? this.tls : undefined,
      maxmemory: this.maxmemory,
      pidFiles: this.pidFiles,
      binary: this.binaries.get(spec.logicalId)!,
      useTemplatePorts: this.options.useTemplatePorts ?? false,
      addresses: this.addresses.get(spec.logicalId),
      log: this.log,
    };
    return spec.kind === 'memcached' ? new MemcachedCache(spec, ctx) : new RedisCache(spec, ctx);
  }

  private writeEndpoints() {
    const caches: Record<string, CacheEndpoints> = {};
    for (const r of this.runtimes) caches[r.spec.logicalId] = r.endpoints();
    this.endpointsCache = { caches };
    writeEndpointsFile(this.stateDir, this.endpointsCache);
  }

  /** The content of endpoints.json. */
  public get endpoints(): EndpointsFile {
    return this.endpointsCache;
  }

  /** Path of endpoints.json. */
  public get endpointsFile(): string {
    return join(this.stateDir, 'endpoints.json');
  }

  /** The CA certificate file that signs every TLS endpoint (undefined when no cache uses TLS). */
  public get caFile(): string | undefined {
    return this.tls?.caFile;
  }

  /** The CA certificate (PEM), for clients' `tls.ca`. */
  public get ca(): string | undefined {
    return this.tls?.ca;
  }

  /** The endpoints of a cache, by logical id or construct path. */
  public cache(idOrPath: string): CacheEndpoints {
    return this.endpointsCache.caches[this.find(idOrPath).spec.logicalId];
  }

  /** The binary and version that serve a cache. */
  public servedBy(idOrPath: string): ServedBy {
    const b = this.find(idOrPath).binary;
    return { binary: b.name, path: b.path, version: b.version };
  }

  /** TestFailover: promote the least-lagging replica of a shard (0-based); endpoints follow. */
  public async failover(idOrPath: string, shard?: number): Promise<FailoverResult> {
    const result = await this.find(idOrPath).failover(shard);
    this.writeEndpoints();
    return result;
  }

  /** PIDs of every engine process (for diagnostics and tests). */
  public get pids(): number[] {
    return this.runtimes.flatMap((r) => r.processes.map((p) => p.pid));
  }

  private find(idOrPath: string): CacheRuntime {
    const exact = this.runtimes.find((r) => r.spec.logicalId === idOrPath || r.spec.path === idOrPath || r.spec.path === `${idOrPath}/Resource`);
    if (exact) return exact;
    const under = this.runtimes.filter((r) => r.spec.path?.startsWith(`${idOrPath}/`));
    if (under.length === 1) return under[0];
    const known = this.runtimes.map((r) => r.spec.logicalId + (r.spec.path ? ` (${r.spec.path})` : '')).join(', ');
    throw new Error(`no cache '${idOrPath}'${under.length > 1 ? ' (ambiguous path)' : ''}; caches: ${known || 'none'}`);
  }

  /** Stops every process and proxy and removes temporary files. Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.runtimes.map((r) => r.stop().catch(() => undefined)));
    this.ports.releaseAll();
    live.delete(this);
    if (this.temporary) {
      rmSync(this.stateDir, { recursive: true, force: true });
    } else {
      for (const f of ['run', 'pids', 'endpoints.json']) rmSync(join(this.stateDir, f), { recursive: true, force: true });
    }
  }

  /** Synchronous last resort when the Node process exits without stop(). */
  public killNow() {
    for (const r of this.runtimes) for (const p of r.processes) if (!p.hasExited) p.child.kill('SIGKILL');
    this.ports.releaseAll();
  }
}

function describe(spec: CacheSpec): string {
  if (spec.kind === 'memcached') return spec.serverless ? 'serverless memcached' : `memcached, ${spec.nodes} node(s)${spec.tls ? ', TLS' : ''}`;
  const shape = spec.kind === 'serverless' ? 'serverless' : spec.clusterMode ? `${spec.shards.length} shard(s) x ${spec.shards[0].replicas} replica(s)` : `1 primary + ${spec.shards[0].replicas} replica(s)`;
  return `${spec.engine}, ${shape}${spec.tls ? `, TLS ${spec.tlsMode}` : ''}${spec.rbac ? ', RBAC' : spec.authToken ? ', AUTH token' : ''}`;
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const e of live) e.killNow();
  });
}
