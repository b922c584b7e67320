import { CacheEndpoints } from '../endpoints';
import { FailoverResult } from '../runtime';
import { Topology } from '../topology/model';

/**
 * What the control plane reads and changes of a running engine (the local engine implements it). Its own module,
 * so that the engine can start the control plane without the control plane importing the engine.
 */
export interface EngineView {
  readonly topology: Topology;
  /** The CA certificate (PEM) of the TLS endpoints, undefined when no cache uses TLS. */
  readonly ca: string | undefined;
  cache(idOrPath: string): CacheEndpoints;
  failover(idOrPath: string, shard?: number): Promise<FailoverResult>;
  passwords(idOrPath: string, userName: string): string[];
  setPasswords(idOrPath: string, userName: string, passwords: string[]): Promise<void>;
}
