import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { EngineBinary, findEngineBinary, versionWarning } from '../binaries';
import { ControlPlane, startControlPlane } from '../control-plane/server';
import { CacheEndpoints, EndpointsFile, writeEndpointsFile } from '../endpoints';
import { findCache } from '../find-cache';
import { MemcachedCache, parseSize } from '../memcached/cache';
import { RedisCache } from '../redis/cache';
import { restoreFiles, SnapshotResult } from '../redis/snapshots';
import { LocalEngineOptions, RunningEngine, ServedBy } from '../running-engine';
import { CacheRuntime, FailoverResult, ReshardResult } from '../runtime';
import { allAddresses, GroupAddresses, loopbackAliasesAvailable, planGroupAddresses, servesEndpointsDirectly, freeGroupAddresses } from '../state/loopback';
import { PortAllocator } from '../state/ports';
import { PidFiles } from '../state/processes';
import { makeRunDir, removeRunFiles, removeStateDir, runDirBytes } from '../state/run-dir';
import { prepareStateDir } from '../state/state-dir';
import { loadTemplate, TemplateInput } from '../template/load';
import { ensureTls, TlsFiles } from '../tls/ca';
import { buildTopology } from '../topology/build';
import { CacheSpec, RedisEngine, Topology } from '../topology/model';
import { applyUpdate, pinTemplate, UpdatableEngine } from '../update/apply';
import { UpdateOptions, UpdateResult } from '../update/decide';

const live = new Set<NativeEngine>();
let exitHookInstalled = false;

/**
 * The engine on processes of this machine (`runtime: 'native'`): real Valkey/Redis and Memcached processes, proxies,
 * the CA and the control plane in this Node process. Started through `LocalEngine.start`.
 */
export class NativeEngine implements RunningEngine, UpdatableEngine {
  /** Validates the template (before anything starts), then starts every cache and writes endpoints.json. */
  public static async launch(input: TemplateInput, options: LocalEngineOptions): Promise<NativeEngine> {
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
    const { stateDir, temporary } = prepareStateDir(options.stateDir);
    const restore = new Map<string, string[] | undefined>();
    for (const c of topology.caches) if (c.kind !== 'memcached') restore.set(c.logicalId, restoreFiles(stateDir, c, warnings));
    const engine = new NativeEngine(stateDir, temporary, topology, binaries, warnings, options, maxmemory, restore, input);
    await engine.boot();
    return engine;
  }

  public readonly runtimes: CacheRuntime[] = [];
  private readonly ports = new PortAllocator();
  private readonly pidFiles: PidFiles;
  public readonly log: (m: string) => void;
  /** Whether cluster-mode-disabled groups serve their endpoints on addresses of their own (else: proxies). */
  private ownAddresses = false;
  private updating = false;
  private pins = 0;
  private tls?: TlsFiles;
  private addresses = new Map<string, GroupAddresses>();
  private stopped = false;
  private endpointsCache: EndpointsFile = { caches: {} };
  private controlPlaneServer?: ControlPlane;

  private constructor(
    /** The state directory of this run. */
    public readonly stateDir: string,
    private readonly temporary: boolean,
    public topology: Topology,
    private readonly binaries: Map<string, EngineBinary>,
    /** Warnings about the template (ignored parameters, older binaries...). */
    public warnings: string[],
    private readonly options: LocalEngineOptions,
    private readonly maxmemory: string,
    private readonly restore: Map<string, string[] | undefined>,
    /** The template the caches run (a template file as read at start or at the last update). */
    public template: TemplateInput,
  ) {
    this.pidFiles = new PidFiles(stateDir);
    this.log = options.log ?? (() => undefined);
  }

  private async boot() {
    const stale = await this.pidFiles.stopStale(this.log);
    if (stale) this.log(`stopped ${stale} stale process(es) of a previous run in ${this.stateDir}`);
    const runDir = makeRunDir(this.stateDir, runDirBytes(this.topology, parseSize(this.maxmemory)));
    this.template = this.pin(this.template);
    for (const w of this.warnings) this.log(`warning: ${w}`);
    const plan = planGroupAddresses(this.topology);
    this.ownAddresses = !this.options.proxyEndpoints && (await loopbackAliasesAvailable());
    if (this.ownAddresses) this.addresses = plan;
    else if (plan.size > 0) this.log('endpoints of cluster-mode-disabled groups are served by proxies on 127.0.0.1');
    if (this.topology.caches.some((c) => c.tls)) this.tls = await ensureTls(this.stateDir, allAddresses(plan));
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
      const cp = this.options.controlPlane;
      if (cp) this.controlPlaneServer = await startControlPlane(this, cp === true ? {} : cp, this.log);
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
      restore: this.restore.get(spec.logicalId),
    };
    return spec.kind === 'memcached' ? new MemcachedCache(spec, ctx) : new RedisCache(spec, ctx);
  }

  private writeEndpoints() {
    const caches: Record<string, CacheEndpoints> = {};
    for (const r of this.runtimes) caches[r.spec.logicalId] = r.endpoints();
    this.endpointsCache = this.controlPlaneServer ? { caches, controlPlane: { url: this.controlPlaneServer.url } } : { caches };
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

  /** Online resharding of a cluster-mode-enabled replication group to `shardCount` shards; endpoints follow. */
  public async reshard(idOrPath: string, shardCount: number): Promise<ReshardResult> {
    const r = this.find(idOrPath);
    if (!(r instanceof RedisCache)) throw new Error(`${r.spec.logicalId} is a Memcached cache: only cluster-mode-enabled Valkey/Redis OSS replication groups can be resharded`);
    try {
      return await r.reshard(shardCount);
    } finally {
      this.writeEndpoints();
    }
  }

  /** One RDB per shard of a Valkey/Redis cache under `<stateDir>/snapshots/<name>/` (default `<logicalId>-<timestamp>`). */
  public snapshot(idOrPath: string, name?: string): Promise<SnapshotResult> {
    const r = this.find(idOrPath);
    if (!(r instanceof RedisCache)) return Promise.reject(new Error(`${r.spec.logicalId} is a Memcached cache: Memcached keeps no snapshots`));
    return r.snapshot(this.stateDir, name ?? `${r.spec.logicalId}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }

  /** The AWS-compatible endpoint (option `controlPlane`), undefined when it is not served. */
  public get controlPlane(): ControlPlane | undefined {
    return this.controlPlaneServer;
  }

  /** The passwords a user of a Valkey/Redis cache accepts now ('default' holds the AUTH token(s)). */
  public passwords(idOrPath: string, userName: string): string[] {
    const r = this.find(idOrPath);
    if (!(r instanceof RedisCache)) throw new Error(`${r.spec.logicalId} is a Memcached cache: it has no users`);
    return r.passwords(userName);
  }

  /** Replaces the passwords of a user on every node of a Valkey/Redis cache ('default' for the AUTH token); endpoints follow. */
  public async setPasswords(idOrPath: string, userName: string, passwords: string[]): Promise<void> {
    const r = this.find(idOrPath);
    if (!(r instanceof RedisCache)) throw new Error(`${r.spec.logicalId} is a Memcached cache: it has no users`);
    await r.setPasswords(userName, passwords);
    this.writeEndpoints();
  }

  /**
   * Applies a new template to the running caches as a CloudFormation update would (./update/apply.ts): refused, with
   * nothing changed, when it replaces a cache without `allowReplacement`; endpoints.json follows.
   */
  public update(input: TemplateInput, options: UpdateOptions = {}): Promise<UpdateResult> {
    if (this.updating) return Promise.reject(new Error('an update is already in progress'));
    this.updating = true;
    return applyUpdate(this, input, options).finally(() => {
      this.updating = false;
      this.writeEndpoints();
    });
  }

  /** Update: starts a cache of the new template (added, or replacing one of the same logical id). */
  public async startCache(spec: CacheSpec): Promise<void> {
    const bin = findEngineBinary(spec.engine, this.options.binaries);
    this.binaries.set(spec.logicalId, bin);
    const w = versionWarning(spec.logicalId, spec.engine, spec.engineVersion, bin);
    if (w) this.warnings.push(w);
    if (spec.kind !== 'memcached') this.restore.set(spec.logicalId, restoreFiles(this.stateDir, spec, this.warnings));
    const previous = this.addresses.get(spec.logicalId);
    this.addresses.delete(spec.logicalId);
    if (this.ownAddresses && servesEndpointsDirectly(spec)) {
      // The TLS certificate names the addresses planned at start: a new TLS group without any is served by proxies.
      const addresses = previous ?? (spec.tls ? undefined : freeGroupAddresses(this.addresses));
      if (addresses) this.addresses.set(spec.logicalId, addresses);
    }
    if (spec.tls && !this.tls) this.tls = await ensureTls(this.stateDir, allAddresses(this.addresses));
    const r = this.runtime(spec, join(this.stateDir, 'run'));
    this.runtimes.push(r);
    this.log(`starting ${spec.logicalId} (${describe(spec)}) with ${r.binary.name} ${r.binary.version}`);
    try {
      await r.start();
    } catch (e) {
      await this.stopCache(spec.logicalId).catch(() => undefined);
      throw e;
    }
  }

  /** Update: stops a cache and forgets it. */
  public async stopCache(logicalId: string): Promise<void> {
    const i = this.runtimes.findIndex((r) => r.spec.logicalId === logicalId);
    if (i < 0) return;
    const [r] = this.runtimes.splice(i, 1);
    await r.stop();
    rmSync(join(this.stateDir, 'run', logicalId), { recursive: true, force: true });
  }

  /** The running template, pinned (./update/apply.ts pinTemplate): a cloud assembly is copied under `run/`. */
  public pin(input: TemplateInput): TemplateInput {
    return pinTemplate(input, join(this.stateDir, 'run', `template-${++this.pins}`));
  }

  /** Update: the binary of an engine (as at start: the `binaries` option, else PATH). */
  public engineBinary(engine: RedisEngine): EngineBinary {
    return findEngineBinary(engine, this.options.binaries);
  }

  /** Update: the new template and topology (the running specs, in the new template's order). */
  public commit(template: TemplateInput, topology: Topology, warnings: string[]): void {
    const previous = this.template;
    if (typeof previous === 'string' && previous.startsWith(join(this.stateDir, 'run', 'template-'))) rmSync(previous, { recursive: true, force: true });
    this.template = template;
    const order = topology.caches.map((c) => c.logicalId);
    this.runtimes.sort((a, b) => order.indexOf(a.spec.logicalId) - order.indexOf(b.spec.logicalId));
    this.topology = { ...topology, caches: this.runtimes.map((r) => r.spec) };
    this.warnings = warnings;
    this.controlPlaneServer?.refreshCaches();
    for (const w of warnings) this.log(`warning: ${w}`);
  }

  /** PIDs of every engine process (for diagnostics and tests). */
  public get pids(): number[] {
    return this.runtimes.flatMap((r) => r.processes.map((p) => p.pid));
  }

  private find(idOrPath: string): CacheRuntime {
    const spec = findCache(this.runtimes.map((r) => r.spec), idOrPath);
    return this.runtimes.find((r) => r.spec === spec)!;
  }

  /** Stops every process and proxy and removes temporary files. Safe to call twice. */
  public async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.controlPlaneServer?.close().catch(() => undefined);
    await Promise.all(this.runtimes.map((r) => r.stop().catch(() => undefined)));
    this.ports.releaseAll();
    live.delete(this);
    if (this.temporary) {
      removeStateDir(this.stateDir);
    } else {
      removeRunFiles(this.stateDir);
    }
  }

  /** Synchronous last resort when the Node process exits without stop(). */
  public killNow() {
    for (const r of this.runtimes) for (const p of r.processes) if (!p.hasExited) p.child.kill('SIGKILL');
    this.ports.releaseAll();
    // A temporary state dir is of no use to anyone now, and its run directory may hold memory (makeRunDir).
    if (this.temporary) removeStateDir(this.stateDir);
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
