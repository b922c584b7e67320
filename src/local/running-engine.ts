import { BinaryOverrides } from './binaries';
import { EngineView } from './control-plane/engine-view';
import type { ControlPlane, ControlPlaneOptions } from './control-plane/server';
import { EndpointsFile } from './endpoints';
import { SnapshotResult } from './redis/snapshots';
import { ReshardResult } from './runtime';
import { TemplateInput } from './template/load';
import { UpdateOptions, UpdateResult } from './update/decide';

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
  /**
   * Serve an AWS-compatible ElastiCache and Secrets Manager endpoint on 127.0.0.1 (its URL in endpoints.json as
   * `controlPlane.url` and in `engine.controlPlane`). `true` for the defaults. Default false.
   */
  readonly controlPlane?: boolean | ControlPlaneOptions;
  /**
   * Where the engine runs: `native` (processes on this machine) or `container` (inside the engine image, built with
   * `cdk-elasticache local image build`; host networking, the state dir bind-mounted at the same path).
   * Default: the environment variable `CDK_ELASTICACHE_RUNTIME`, else `native`.
   */
  readonly runtime?: 'native' | 'container';
  /** `runtime: 'container'`: the engine image. Default `cdk-elasticache-engine:latest`. */
  readonly image?: string;
}

/** The binary that serves a cache. */
export interface ServedBy {
  readonly binary: string;
  readonly path: string;
  readonly version: string;
}

/**
 * A started engine, whichever runtime runs it (native processes or the engine image): what `LocalEngine` offers.
 * Its own module, so that each runtime implements it without importing `LocalEngine`, which chooses among them.
 */
export interface RunningEngine extends EngineView {
  readonly stateDir: string;
  readonly warnings: string[];
  readonly endpoints: EndpointsFile;
  readonly endpointsFile: string;
  readonly caFile: string | undefined;
  readonly controlPlane: ControlPlane | undefined;
  readonly pids: number[];
  servedBy(idOrPath: string): ServedBy;
  /** Online resharding of a cluster-mode-enabled group to `shardCount` shards (runtime `native`). */
  reshard(idOrPath: string, shardCount: number): Promise<ReshardResult>;
  /** One RDB per shard under `<stateDir>/snapshots/<name>/` (runtime `native`). */
  snapshot(idOrPath: string, name?: string): Promise<SnapshotResult>;
  /** Applies a new template to the running caches as a CloudFormation update would (runtime `native`). */
  update(input: TemplateInput, options?: UpdateOptions): Promise<UpdateResult>;
  stop(): Promise<void>;
  killNow(): void;
  /** Runtime `container` only: runs `listener` when the container exits without `stop()`. */
  onContainerExit?(listener: (code: number | null) => void): void;
}
