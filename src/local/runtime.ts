import { EngineBinary } from './binaries';
import { CacheEndpoints, HostPort } from './endpoints';
import { GroupAddresses } from './state/loopback';
import { PortAllocator } from './state/ports';
import { PidFiles, EngineProcess } from './state/processes';
import { TlsFiles } from './tls/ca';
import { CacheSpec } from './topology/model';

/** What a cache runtime gets from the engine. */
export interface RuntimeContext {
  readonly runDir: string;
  readonly ports: PortAllocator;
  readonly tls?: TlsFiles;
  readonly maxmemory: string;
  readonly pidFiles: PidFiles;
  readonly binary: EngineBinary;
  readonly useTemplatePorts: boolean;
  /** Cluster mode disabled: the addresses at which the nodes serve the endpoints themselves (else: proxies). */
  readonly addresses?: GroupAddresses;
  readonly log: (message: string) => void;
  /** Redis/Valkey: the RDB file each shard's primary boots from (a snapshot), by shard. */
  readonly restore?: string[];
}

export interface FailoverResult {
  readonly cache: string;
  readonly shard: number;
  /** The node that was primary. */
  readonly from: HostPort;
  /** The node promoted to primary. */
  readonly to: HostPort;
  readonly millis: number;
}

/** What a reshard did. */
export interface ReshardResult {
  readonly cache: string;
  readonly fromShards: number;
  readonly toShards: number;
  /** Slots that changed shard. */
  readonly slotsMoved: number;
  /** Keys migrated with those slots. */
  readonly keysMoved: number;
  readonly millis: number;
}

/** The processes and proxies of one cache. */
export interface CacheRuntime {
  readonly spec: CacheSpec;
  readonly binary: EngineBinary;
  readonly processes: EngineProcess[];
  start(): Promise<void>;
  endpoints(): CacheEndpoints;
  failover(shard?: number): Promise<FailoverResult>;
  stop(): Promise<void>;
}
