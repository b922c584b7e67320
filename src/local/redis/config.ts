import { createHash } from 'node:crypto';
import { RESTRICTED_RULES } from './restricted';
import { TlsFiles } from '../tls/ca';
import { RedisCacheSpec, UserSpec } from '../topology/model';

/** The engine's own user: management and replication; never shown to clients or printed. */
export const ADMIN_USER = '__cdk_admin';

/** `cluster-node-timeout` of every node once a cluster is up (ms). */
export const NODE_TIMEOUT_MS = 5000;
/** `cluster-node-timeout` of replicas while the engine waits for every node to list them (see RedisCache.start). */
export const BOOT_REPLICA_NODE_TIMEOUT_MS = 1000;
/** Large clusters: a synchronised replica's `cluster-node-timeout` while it tells every node (RedisCache.announceSync). */
export const ANNOUNCE_NODE_TIMEOUT_MS = 100;
/** How long it keeps it: two cron ticks and a half (the cluster cron runs every 100 ms). */
export const ANNOUNCE_HOLD_MS = 250;

/** One Redis/Valkey node of a cache, with its ports and files. */
export interface RedisNodePlan {
  readonly name: string;
  /** The node's own loopback address (127.0.0.1, or 127.0.n.x when the group's nodes serve its endpoints). */
  readonly host: string;
  readonly shard: number;
  /** Position in its shard: 0 starts as primary. */
  readonly index: number;
  /** The port clients use: the TLS port when TLS is on, the plaintext port otherwise. */
  readonly port: number;
  /** The plaintext port of a `preferred` TLS node (both accepted). */
  readonly plainPort?: number;
  readonly busPort?: number;
  readonly nodeId: string;
  readonly dir: string;
}

export interface RenderContext {
  readonly spec: RedisCacheSpec;
  readonly node: RedisNodePlan;
  readonly primary?: RedisNodePlan;
  readonly tls?: TlsFiles;
  readonly aclFile: string;
  readonly adminPassword: string;
  readonly maxmemory: string;
  /** Endpoint addresses this node listens on too, besides its own (the primary endpoint's on the primary). */
  readonly endpointAddresses?: string[];
  /** The binary the node runs (what its configuration depends on). */
  readonly binary: BinaryFacts;
}

/** What a node's configuration depends on in the binary it runs. */
export interface BinaryFacts {
  readonly flavour: string;
  readonly version: string;
}

/**
 * Valkey and Redis >= 7.2 keep a node's plaintext and TLS client ports apart (`tcp-port`/`tls-port` in nodes.conf and
 * in the bus headers) and answer each client with the port of its own kind. Redis 7.0 knows one client port per node.
 */
export function keepsClientPortsApart(binary: BinaryFacts): boolean {
  const [major, minor] = binary.version.split('.').map(Number);
  return binary.flavour === 'valkey' || major > 7 || (major === 7 && minor >= 2);
}

/**
 * With TLS required, the nodes of a cluster talk to each other over a plaintext bus on loopback addresses no client
 * is given, while clients and replication keep TLS (docs/decisions/0104): a TLS bus costs a handshake per link
 * (90 × 89 links at 30 shards) and made a 90-node start fail. A `preferred` node keeps the TLS bus, which is how its
 * two client ports are announced.
 */
export function plaintextBus(spec: Pick<RedisCacheSpec, 'tls'>, node: Pick<RedisNodePlan, 'plainPort'>): boolean {
  return spec.tls && node.plainPort === undefined;
}

function q(v: string): string {
  return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

/** redis.conf of one node. */
export function renderRedisConf(ctx: RenderContext): string {
  const { spec, node, tls } = ctx;
  const lines: string[] = [
    `bind ${[node.host, ...(ctx.endpointAddresses ?? [])].join(' ')}`,
    // The primary lists its replicas by this address (their connections come from 127.0.0.1).
    `replica-announce-ip ${node.host}`,
    'protected-mode no',
    'daemonize no',
    `dir ${q(node.dir)}`,
    'logfile "redis.log"',
    'save ""',
    'appendonly no',
    'loglevel notice',
    'proc-title-template "{title} {listen-addr} {server-mode} {config-file}"',
    `aclfile ${q(ctx.aclFile)}`,
    `masteruser ${ADMIN_USER}`,
    `masterauth ${q(ctx.adminPassword)}`,
    // A replica synced over a socket gets the replication stream only after its first REPLCONF ACK, and an ACK sent
    // before its primary noticed the end of the transfer is ignored: the next comes a second later, and until then
    // the replica's offset stays 0, so no node lists it (docs/decisions/0104). Sent from a file, the stream starts at once.
    'repl-diskless-sync no',
    'repl-diskless-sync-delay 0',
    'repl-ping-replica-period 1',
  ];
  if (tls) {
    lines.push(
      `port ${node.plainPort ?? 0}`,
      `tls-port ${node.port}`,
      `tls-cert-file ${q(tls.certFile)}`,
      `tls-key-file ${q(tls.keyFile)}`,
      `tls-ca-cert-file ${q(tls.caFile)}`,
      'tls-auth-clients no',
      'tls-replication yes',
    );
  } else {
    lines.push(`port ${node.port}`);
  }
  if (spec.clusterMode) {
    lines.push(
      'cluster-enabled yes',
      'cluster-config-file nodes.conf',
      `cluster-port ${node.busPort}`,
      `cluster-node-timeout ${NODE_TIMEOUT_MS}`,
      'cluster-announce-ip 127.0.0.1',
      'cluster-allow-replica-migration no',
    );
    if (tls && plaintextBus(spec, node)) {
      lines.push('tls-cluster no');
      // Redis 7.0 announces one client port, the plaintext one unless told: the TLS port (its replicas sync to it, with TLS).
      if (!keepsClientPortsApart(ctx.binary)) lines.push(`cluster-announce-port ${node.port}`);
    } else if (tls) {
      lines.push('tls-cluster yes', `cluster-announce-tls-port ${node.port}`);
      if (node.plainPort) lines.push(`cluster-announce-port ${node.plainPort}`);
    } else {
      lines.push(`cluster-announce-port ${node.port}`);
    }
  } else if (ctx.primary && node !== ctx.primary) {
    lines.push(`replicaof ${ctx.primary.host} ${ctx.primary.port}`);
  }
  for (const [k, v] of Object.entries(spec.parameters)) lines.push(`${k} ${q(v)}`);
  lines.push(`maxmemory ${ctx.maxmemory}`);
  return lines.join('\n') + '\n';
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The ACL file shared by the nodes of a cache: admin user, client users (restricted), default user. */
export function renderAclFile(users: UserSpec[], adminPassword: string): string {
  const lines = [`user ${ADMIN_USER} on #${sha256(adminPassword)} ~* &* +@all`];
  for (const u of users) lines.push(`user ${u.userName} ${userRules(u).join(' ')}`);
  // A user group without a user named default (Valkey) leaves the built-in default user unusable.
  if (!users.some((u) => u.userName === 'default')) lines.push(`user default ${DISABLED_DEFAULT_RULES.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** The rules of the built-in default user when a user group has no user named default. */
export const DISABLED_DEFAULT_RULES = ['off', 'nopass', 'resetkeys', 'resetchannels', '-@all'];

/**
 * The ACL rules of a client user (as in the ACL file, or one argument each for ACL SETUSER): its access string, its
 * passwords (SHA-256) or nopass, and the restricted commands taken away.
 */
export function userRules(u: UserSpec): string[] {
  const creds = u.mode === 'password' ? u.passwords.map((p) => `#${sha256(p)}`) : ['nopass'];
  // A selector grants permissions of its own (Redis 7): the restricted commands are taken away inside each one too.
  const access = u.accessString.replace(/\(([^)]*)\)/g, (_, rules: string) => `(${rules.trim()} ${RESTRICTED_RULES})`);
  const tokens = access.match(/\([^)]*\)|\S+/g) ?? [];
  return [...tokens, ...creds, ...RESTRICTED_RULES.split(' ')];
}

/**
 * Valkey 8.1 flags a `noaddr` master `fail` as it loads nodes.conf, so a node booting as the replica of a `noaddr`
 * placeholder stays in cluster_state:fail ("minority partition") until the takeover's 2 s writable delay ends.
 * There the placeholders get an address nothing listens on (port 1, connection refused at once): seen as a reachable
 * master until cluster-node-timeout, long after the engine forgot them. Measured: Valkey 8.0.1 and Redis 7.0/8.0 keep
 * `noaddr` masters unflagged (they keep `noaddr`, unchanged).
 */
export function placeholderAddressFor(binary: { readonly flavour: string; readonly version: string }): string | undefined {
  const [major, minor] = binary.version.split('.').map(Number);
  return binary.flavour === 'valkey' && (major > 8 || (major === 8 && minor >= 1)) ? '127.0.0.1:1@1' : undefined;
}

export interface ClusterLayoutNode {
  readonly node: Pick<RedisNodePlan, 'nodeId' | 'port' | 'busPort'>;
  readonly slots: Array<[number, number]>;
  readonly masterId?: string;
  readonly epoch: number;
  /** Valkey, Redis >= 7.2: the shard's id, the same on the placeholder, the primary and the replicas (an aux field). */
  readonly shardId?: string;
  /** A boot placeholder: a master without address that holds a shard's slots until its primary takes over. */
  readonly placeholder?: boolean;
}

/**
 * nodes.conf written before the first start: the cluster is formed at boot (ids, slots, epochs, replica links)
 * instead of CLUSTER MEET / ADDSLOTS / REPLICATE round trips.
 *
 * Every real node boots as a replica: a shard's primary as a replica of the shard's placeholder (`noaddr`: never
 * contacted), its replicas as replicas of the primary. Redis keeps a master that just started in `cluster_state:fail`
 * for CLUSTER_WRITABLE_DELAY (2000 ms, cluster.c clusterUpdateState) but not a replica; the engine then promotes each
 * primary with `CLUSTER FAILOVER TAKEOVER` (its state is already ok, so it accepts writes at once) and forgets the
 * placeholders (docs/decisions/0101).
 */
export function renderNodesConf(layout: ClusterLayoutNode[], self: Pick<RedisNodePlan, 'nodeId'>, placeholderAddress?: string, tlsClientPorts = false): string {
  // Aux fields (`ip:port@bus,hostname,key=value`): without a common shard-id each node of a shard boots with an id of its
  // own, and Valkey 8.1 rejects the replicas' ids as diverging from their primary's until the shard settles. With a
  // plaintext bus (plaintextBus), the port in the address would be read as the plaintext client port: the TLS port is
  // given as `tls-port` (keepsClientPortsApart), or every node would learn the right one only from the others' pings.
  const aux = (l: ClusterLayoutNode) => {
    const fields = [
      ...(l.shardId ? [`shard-id=${l.shardId}`] : []),
      ...(tlsClientPorts && !l.placeholder ? ['tcp-port=0', `tls-port=${l.node.port}`] : []),
    ];
    return fields.length ? `,,${fields.join(',')}` : '';
  };
  const lines = layout.map((l) => {
    const slots = l.masterId ? [] : l.slots.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
    if (l.placeholder && placeholderAddress) return [l.node.nodeId, placeholderAddress + aux(l), 'master', '-', 0, 0, l.epoch, 'disconnected', ...slots].join(' ');
    if (l.placeholder) return [l.node.nodeId, ':0@0' + aux(l), 'master,noaddr', '-', 0, 0, l.epoch, 'disconnected', ...slots].join(' ');
    const flags = (l.node.nodeId === self.nodeId ? 'myself,' : '') + (l.masterId ? 'slave' : 'master');
    return [l.node.nodeId, `127.0.0.1:${l.node.port}@${l.node.busPort}${aux(l)}`, flags, l.masterId ?? '-', 0, 0, l.epoch, 'connected', ...slots].join(' ');
  });
  const maxEpoch = Math.max(...layout.map((l) => l.epoch));
  lines.push(`vars currentEpoch ${maxEpoch} lastVoteEpoch 0`);
  return lines.join('\n') + '\n';
}
