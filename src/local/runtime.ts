import { EngineBinary } from './binaries';
import { CacheEndpoints } from './endpoints';
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
  readonly log: (message: string) => void;
}

export interface FailoverResult {
  readonly cache: string;
  readonly shard: number;
  readonly from: number;
  readonly to: number;
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
