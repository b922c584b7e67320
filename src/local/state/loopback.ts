import { createServer } from 'node:net';
import { MAX_NUM_CACHE_CLUSTERS } from '../../spec';
import { CacheSpec, RedisCacheSpec, Topology } from '../topology/model';

/** The default loopback address: every node of cluster-mode-enabled, Memcached and serverless caches listens here. */
export const LOOPBACK = '127.0.0.1';

/**
 * The addresses of a cluster-mode-disabled replication group whose endpoints are served by its own nodes, as in
 * ElastiCache: every node listens on the group's one port at an address of its own, and the current primary (reader:
 * the only replica) also listens on the endpoint's address. No process sits in the data path (docs/decisions/0102).
 */
export interface GroupAddresses {
  readonly primary: string;
  readonly reader: string;
  /**
   * One per node the group can have (1 primary + 5 replicas), so that the TLS certificate names them all and replicas
   * added by a template update get an address of their own; a node takes the first one no other node uses.
   */
  readonly nodes: string[];
}

/** Caches whose endpoints can be node listeners: cluster mode disabled, and one protocol per port (not TLS `preferred`). */
export function servesEndpointsDirectly(spec: CacheSpec): spec is RedisCacheSpec {
  return spec.kind === 'replication-group' && !spec.clusterMode && !(spec.tls && spec.tlsMode === 'preferred');
}

/**
 * Addresses per cache, a pure function of the topology (the detached CLI creates the TLS certificate from it before the
 * supervisor starts the nodes): the n-th cache gets 127.0.n.0/24 — .1 primary endpoint, .2 reader endpoint, .11 and up
 * its nodes. Ports stay unique per group (lock files), so parallel engines never collide on an address and port.
 */
export function planGroupAddresses(topology: Topology): Map<string, GroupAddresses> {
  const plan = new Map<string, GroupAddresses>();
  topology.caches.forEach((spec, i) => {
    if (!servesEndpointsDirectly(spec)) return;
    // Reference §1: at most 6 nodes per cluster-mode-disabled group; 254 caches per template is far beyond the 500-resource stack limit.
    const net = `127.0.${(i % 254) + 1}`;
    const count = MAX_NUM_CACHE_CLUSTERS;
    plan.set(spec.logicalId, { primary: `${net}.1`, reader: `${net}.2`, nodes: Array.from({ length: count }, (_, k) => `${net}.${11 + k}`) });
  });
  return plan;
}

/** The addresses of a group added by a template update: a 127.0.n.0/24 no running group uses (as in planGroupAddresses). */
export function freeGroupAddresses(inUse: Map<string, GroupAddresses>): GroupAddresses | undefined {
  const taken = new Set([...inUse.values()].map((a) => a.primary));
  for (let n = 1; n <= 254; n++) {
    const net = `127.0.${n}`;
    if (!taken.has(`${net}.1`)) return { primary: `${net}.1`, reader: `${net}.2`, nodes: Array.from({ length: MAX_NUM_CACHE_CLUSTERS }, (_, k) => `${net}.${11 + k}`) };
  }
  return undefined;
}

/** Every address of a plan (the TLS certificate names them all). */
export function allAddresses(plan: Map<string, GroupAddresses>): string[] {
  return [...plan.values()].flatMap((a) => [a.primary, a.reader, ...a.nodes]);
}

let aliasCheck: Promise<boolean> | undefined;

/**
 * Whether addresses other than 127.0.0.1 can be bound. Linux routes all of 127.0.0.0/8 to the loopback interface;
 * macOS configures only 127.0.0.1 (`sudo ifconfig lo0 alias 127.0.1.1 up` adds others), and the engine then falls
 * back to endpoint proxies on 127.0.0.1.
 */
export function loopbackAliasesAvailable(): Promise<boolean> {
  aliasCheck ??= canBind(0, '127.0.1.1');
  return aliasCheck;
}

/** Whether `host:port` can be bound now (port 0: any port). */
export function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}
