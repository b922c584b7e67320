import type { ControlPlane } from './control-plane/server';
import { CacheEndpoints, EndpointsFile } from './endpoints';
import { NativeEngine } from './native/engine';
import { SnapshotResult } from './redis/snapshots';
import { LocalEngineOptions, RunningEngine, ServedBy } from './running-engine';
import { FailoverResult, ReshardResult } from './runtime';
import { TemplateInput } from './template/load';
import { Topology } from './topology/model';
import { UpdateOptions, UpdateResult } from './update/decide';

export type { LocalEngineOptions, ServedBy } from './running-engine';

/**
 * Runs the ElastiCache resources of a CloudFormation template on real Valkey/Redis and Memcached processes.
 *
 *   const engine = await LocalEngine.start(template);
 *   const cache = engine.cache('MyCache');  // endpoints, TLS, credentials
 *   await engine.stop();
 *
 * The runtime option chooses who runs the caches (./native/engine.ts or ./container/engine.ts); both implement
 * `RunningEngine` and import nothing of this class.
 */
export class LocalEngine {
  /** Validates the template (before anything starts), then starts every cache and writes endpoints.json. */
  public static async start(input: TemplateInput, options: LocalEngineOptions = {}): Promise<LocalEngine> {
    const runtime: string = options.runtime ?? process.env.CDK_ELASTICACHE_RUNTIME ?? 'native';
    if (runtime === 'container') {
      // Loaded on demand: the native runtime never loads the container code.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const container = require('./container/engine') as typeof import('./container/engine');
      return new LocalEngine(await container.ContainerEngine.launch(input, options));
    }
    if (runtime !== 'native') {
      throw new Error(`runtime${options.runtime === undefined ? ' (CDK_ELASTICACHE_RUNTIME)' : ''} is '${runtime}'; allowed: native, container`);
    }
    return new LocalEngine(await NativeEngine.launch(input, options));
  }

  private constructor(private readonly running: RunningEngine) {}

  /** The state directory of this run. */
  public get stateDir(): string {
    return this.running.stateDir;
  }

  public get topology(): Topology {
    return this.running.topology;
  }

  /** Warnings about the template (ignored parameters, older binaries...). */
  public get warnings(): string[] {
    return this.running.warnings;
  }

  /** The content of endpoints.json. */
  public get endpoints(): EndpointsFile {
    return this.running.endpoints;
  }

  /** Path of endpoints.json. */
  public get endpointsFile(): string {
    return this.running.endpointsFile;
  }

  /** The CA certificate file that signs every TLS endpoint (undefined when no cache uses TLS). */
  public get caFile(): string | undefined {
    return this.running.caFile;
  }

  /** The CA certificate (PEM), for clients' `tls.ca`. */
  public get ca(): string | undefined {
    return this.running.ca;
  }

  /** The endpoints of a cache, by logical id or construct path. */
  public cache(idOrPath: string): CacheEndpoints {
    return this.running.cache(idOrPath);
  }

  /** The binary and version that serve a cache. */
  public servedBy(idOrPath: string): ServedBy {
    return this.running.servedBy(idOrPath);
  }

  /** TestFailover: promote the least-lagging replica of a shard (0-based); endpoints follow. */
  public failover(idOrPath: string, shard?: number): Promise<FailoverResult> {
    return this.running.failover(idOrPath, shard);
  }

  /**
   * Online resharding (ModifyReplicationGroupShardConfiguration) of a running cluster-mode-enabled replication group
   * to `shardCount` shards: slots move to ElastiCache's even split while clients keep working (MOVED/ASK); new
   * shards get the group's replicas per shard; scale in removes the last shards. endpoints.json follows. Runtime
   * `native` only.
   */
  public reshard(idOrPath: string, shardCount: number): Promise<ReshardResult> {
    return this.running.reshard(idOrPath, shardCount);
  }

  /**
   * Keeps one RDB per shard of a running Valkey/Redis cache (SAVE on each shard's primary) under
   * `<stateDir>/snapshots/<name>/` with a manifest.json; default name `<logicalId>-<timestamp>`. A template whose
   * replication group names it (`SnapshotName`, or `SnapshotArns` ending in `/<name>.rdb`) starts from it with the
   * same state dir. `stop()` keeps `snapshots/` (a temporary state dir is removed entirely). Runtime `native` only.
   */
  public snapshot(idOrPath: string, name?: string): Promise<SnapshotResult> {
    return this.running.snapshot(idOrPath, name);
  }

  /**
   * Applies a new template to the running caches as a CloudFormation update would (`plan(running, new)` classifies):
   * in place where ElastiCache changes in place (replicas, online resharding, parameters, users, passwords, AUTH token
   * ROTATE/SET, engine version, redis -> valkey by a rolling restart, Memcached nodes), caches added or removed start or
   * stop, and a cache the plan
   * replaces restarts from the new template, empty — only with `allowReplacement: true`; otherwise the update is
   * refused (UpdateRefusedError naming each resource and property) and nothing changes. endpoints.json follows.
   * Runtime `native` only.
   */
  public update(template: TemplateInput, options: UpdateOptions = {}): Promise<UpdateResult> {
    return this.running.update(template, options);
  }

  /** The AWS-compatible endpoint (option `controlPlane`), undefined when it is not served. */
  public get controlPlane(): ControlPlane | undefined {
    return this.running.controlPlane;
  }

  /** The passwords a user of a Valkey/Redis cache accepts now ('default' holds the AUTH token(s)). */
  public passwords(idOrPath: string, userName: string): string[] {
    return this.running.passwords(idOrPath, userName);
  }

  /** Replaces the passwords of a user on every node of a Valkey/Redis cache ('default' for the AUTH token); endpoints follow. */
  public setPasswords(idOrPath: string, userName: string, passwords: string[]): Promise<void> {
    return this.running.setPasswords(idOrPath, userName, passwords);
  }

  /** PIDs of every engine process (for diagnostics and tests); with runtime `container`, the container tool's client process. */
  public get pids(): number[] {
    return this.running.pids;
  }

  /** Runtime `container`: runs `listener` when the container exits without `stop()` (stopped or killed from outside). */
  public onContainerExit(listener: (code: number | null) => void): void {
    this.running.onContainerExit?.(listener);
  }

  /** Stops every process and proxy and removes temporary files. Safe to call twice. */
  public stop(): Promise<void> {
    return this.running.stop();
  }

  /** Synchronous last resort when the Node process exits without stop(). */
  public killNow(): void {
    this.running.killNow();
  }
}
