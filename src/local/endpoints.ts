import { chmodSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface NodeEndpoint extends HostPort {
  readonly role: 'primary' | 'replica';
  readonly shard: number;
}

/** One cache in endpoints.json (the contract of issue 3, point 4). */
export interface CacheEndpoints {
  readonly kind: 'replication-group' | 'memcached' | 'serverless';
  readonly engine: 'valkey' | 'redis' | 'memcached';
  readonly clusterMode: boolean;
  readonly tls: boolean;
  readonly caFile: string | null;
  /** Cluster mode disabled: always reaches the current primary. */
  readonly primary: HostPort | null;
  /** Cluster mode disabled: spreads connections over the replicas. Serverless: the read port. */
  readonly reader: HostPort | null;
  /** Cluster mode enabled, Memcached and serverless. */
  readonly configuration: HostPort | null;
  readonly nodes: NodeEndpoint[];
  readonly authToken: string | null;
  /**
   * The users that can log in (enabled users of the attached user group): user name → password ("" for
   * no-password and IAM users, which accept any password locally). Disabled users are not listed here.
   */
  readonly users: Record<string, string>;
  /** Every user of the attached user group: `enabled`, or `disabled` (access string `off`: the engine refuses it). */
  readonly userStatus: Record<string, 'enabled' | 'disabled'>;
}

export interface EndpointsFile {
  readonly caches: Record<string, CacheEndpoints>;
  /** The AWS-compatible ElastiCache and Secrets Manager endpoint (engine option `controlPlane`). */
  readonly controlPlane?: { readonly url: string };
}

/** Writes endpoints.json atomically with mode 0600: it holds passwords by contract. */
export function writeEndpointsFile(stateDir: string, file: EndpointsFile): string {
  const path = join(stateDir, 'endpoints.json');
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}
