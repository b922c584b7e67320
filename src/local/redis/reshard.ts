import { waitFor } from './admin';
import { ADMIN_USER } from './config';
import { AdminClient } from './resp';
import { evenSlots, SLOT_COUNT, SlotRange } from '../../spec/slots';

/**
 * Online resharding of a cluster-mode-enabled cache, as `ModifyReplicationGroupShardConfiguration` does it: slots move
 * one by one with the cluster's own protocol (CLUSTER SETSLOT IMPORTING / MIGRATING, MIGRATE of the slot's keys in
 * batches, SETSLOT NODE on every primary), so clients keep working and follow `MOVED` / `ASK` (docs/decisions/0130).
 */

/** ElastiCache: NodeGroupCount of a cluster-mode-enabled replication group is 1-500
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ModifyReplicationGroupShardConfiguration.html). */
export const MAX_SHARDS = 500;

/** A node as the resharding sees it. */
export interface ClusterNode {
  readonly plan: { readonly name: string; readonly host: string; readonly port: number; readonly busPort?: number; readonly nodeId: string };
  admin?: AdminClient;
}

/** One slot to move from the primary of shard `from` to the primary of shard `to`. */
export interface SlotMove {
  readonly slot: number;
  readonly from: number;
  readonly to: number;
}

/** The shard of each slot (-1: none) in `shards` (ranges by shard). */
function ownerOf(shards: ReadonlyArray<ReadonlyArray<SlotRange>>): Int32Array {
  const owner = new Int32Array(SLOT_COUNT).fill(-1);
  shards.forEach((ranges, s) => ranges.forEach(([a, b]) => owner.fill(s, a, b + 1)));
  return owner;
}

/** `owner` (shard of each slot) as ranges by shard, for shards 0 to `shardCount - 1`. */
function rangesOf(owner: Int32Array, shardCount: number): SlotRange[][] {
  const out: SlotRange[][] = Array.from({ length: shardCount }, () => []);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const ranges = out[owner[slot]];
    const last = ranges[ranges.length - 1];
    if (last && last[1] === slot - 1) last[1] = slot;
    else ranges.push([slot, slot]);
  }
  return out;
}

/**
 * The slots of each of `shardCount` shards after resharding from `current` (ranges by shard; the shards from
 * `shardCount` on leave): every shard ends with 16384 / shardCount slots, ± 1, and as few slots as possible move.
 * A shard above its share gives its highest slots away, a shard below it (a new one, or a remaining one when shards
 * leave) receives them; no shard does both, so every slot can move at once (see phases()). ElastiCache documents the
 * result only as "as equally distributed among the shards as possible", and moves keys "to a new shard when scaling
 * out" (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/redis-cluster-resharding-online.html): existing shards
 * keep the slots they do not give away, not renumbered into contiguous ranges (docs/decisions/0130).
 * Shares: the shards holding the most slots keep the `16384 % shardCount` larger shares (ties: the shard that has the
 * larger share in a fresh group, `evenSlots`), so 3 -> 4 -> 3 ends where it began. A received slot goes to the shard
 * owning the slot just below it when that shard still takes slots (ranges stay few), else to the first that does.
 */
export function rebalancedSlots(current: ReadonlyArray<ReadonlyArray<SlotRange>>, shardCount: number): SlotRange[][] {
  const owner = ownerOf(current);
  const shards = Math.max(current.length, shardCount);
  const count = new Array<number>(shards).fill(0);
  for (const s of owner) if (s >= 0) count[s]++;
  const fresh = evenSlots(shardCount).map(([a, b]) => b - a + 1);
  const share = new Array<number>(shards).fill(0);
  let larger = SLOT_COUNT % shardCount;
  const order = Array.from({ length: shardCount }, (_, s) => s).sort((a, b) => count[b] - count[a] || fresh[b] - fresh[a] || a - b);
  for (const s of order) share[s] = Math.floor(SLOT_COUNT / shardCount) + (larger-- > 0 ? 1 : 0);
  const surplus = count.map((c, s) => c - share[s]);
  const given: number[] = [];
  for (let slot = SLOT_COUNT - 1; slot >= 0; slot--) {
    const s = owner[slot];
    if (s < 0 || surplus[s] > 0) {
      if (s >= 0) surplus[s]--;
      given.push(slot);
      owner[slot] = -1;
    }
  }
  const deficit = count.map((c, s) => share[s] - c);
  for (const slot of given.reverse()) {
    const below = slot > 0 ? owner[slot - 1] : -1;
    const to = below >= 0 && deficit[below] > 0 ? below : deficit.findIndex((d) => d > 0);
    owner[slot] = to;
    deficit[to]--;
  }
  return rangesOf(owner, shardCount);
}

/** The slots whose shard differs between `current` (ranges by shard) and `target`. */
export function slotMoves(current: ReadonlyArray<ReadonlyArray<SlotRange>>, target: ReadonlyArray<ReadonlyArray<SlotRange>>): SlotMove[] {
  const before = ownerOf(current);
  const after = ownerOf(target);
  const moves: SlotMove[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) if (before[slot] !== after[slot]) moves.push({ slot, from: before[slot], to: after[slot] });
  return moves;
}

/** Whether `nodeId` is listed as a connected peer (handshake done) in a CLUSTER NODES reply. */
function knows(clusterNodes: string, nodeId: string): boolean {
  const line = clusterNodes.split('\n').find((l) => l.startsWith(nodeId + ' '));
  return line !== undefined && !/handshake|noaddr|fail/.test(line.split(' ')[2]) && line.split(' ')[7] === 'connected';
}

/**
 * New nodes join the cluster: each meets `seed`, then every node (old and new) must know every new node with its
 * handshake done, so that SETSLOT NODE and redirections to them are accepted everywhere.
 */
export async function meetNodes(joining: ClusterNode[], everyone: ClusterNode[], seed: ClusterNode, timeoutMs: number): Promise<void> {
  await Promise.all(joining.map((n) => n.admin!.call('CLUSTER', 'MEET', seed.plan.host, String(seed.plan.port), String(seed.plan.busPort))));
  await Promise.all(
    everyone.map((n) =>
      waitFor(`${n.plan.name} knows the new nodes`, async () => {
        const view = (await n.admin!.call('CLUSTER', 'NODES')) as string;
        return joining.every((j) => j === n || knows(view, j.plan.nodeId));
      }, timeoutMs, 20),
    ),
  );
}

/** How a slot's keys travel: MIGRATE with the engine's admin user, `batch` keys at a time. */
export interface MigrateOptions {
  readonly adminPassword: string;
  /** A new admin connection to a node: each worker has its own (see migrateSlots). */
  readonly connect: (node: ClusterNode) => AdminClient;
  /** Keys per MIGRATE (default 500). */
  readonly batch?: number;
  /** Slots moved at the same time (default 96). */
  readonly concurrency?: number;
  /** MIGRATE timeout, ms (default 5000). */
  readonly timeoutMs?: number;
}

/**
 * Moves `moves` between the shard primaries `primaries` (index = shard), as valkey-cli's `--cluster reshard` does for
 * one slot: the target imports, the source migrates, the keys go by MIGRATE (the source answers `ASK` for keys it no
 * longer has, so new writes land on the target), then the target and the source learn the slot's new owner, the target first.
 * Valkey 8 replicates SETSLOT and answers only once the node's replicas have it, which blocks the connection: each
 * worker moves its slots over connections of its own, so the waits overlap. Returns the number of keys moved.
 */
export async function migrateSlots(moves: SlotMove[], primaries: ClusterNode[], options: MigrateOptions): Promise<number> {
  const batch = String(options.batch ?? 500);
  const timeout = String(options.timeoutMs ?? 5000);
  let keys = 0;
  const moveOne = async (conn: AdminClient[], { slot, from, to }: SlotMove) => {
    const [source, target] = [conn[from], conn[to]];
    const targetPlan = primaries[to].plan;
    const s = String(slot);
    await Promise.all([
      target.call('CLUSTER', 'SETSLOT', s, 'IMPORTING', primaries[from].plan.nodeId),
      source.call('CLUSTER', 'SETSLOT', s, 'MIGRATING', targetPlan.nodeId),
    ]);
    for (;;) {
      const batchKeys = (await source.call('CLUSTER', 'GETKEYSINSLOT', s, batch)) as string[];
      if (batchKeys.length === 0) break;
      const reply = await source.call('MIGRATE', targetPlan.host, String(targetPlan.port), '', '0', timeout, 'AUTH2', ADMIN_USER, options.adminPassword, 'KEYS', ...batchKeys);
      // Key names travel as UTF-8 text here: a binary name does not survive the round trip and would be listed forever.
      if (reply === 'NOKEY') throw new Error(`slot ${slot}: keys whose names are not UTF-8 cannot be moved by the local engine's resharding`);
      keys += batchKeys.length;
    }
    // The target first (it owns the slot and bumps its config epoch above the source's, which does not import in this
    // phase), then the source; the other primaries learn it from the target's pings (see phases()), as clients asking
    // them learn it from the source's MOVED.
    await target.call('CLUSTER', 'SETSLOT', s, 'NODE', targetPlan.nodeId);
    await source.call('CLUSTER', 'SETSLOT', s, 'NODE', targetPlan.nodeId);
  };
  let queue: SlotMove[] = [];
  const worker = async () => {
    const conn = primaries.map((p) => options.connect(p));
    try {
      for (let m = queue.shift(); m; m = queue.shift()) await moveOne(conn, m);
    } finally {
      for (const c of conn) c.disconnect();
    }
  };
  for (const phase of phases(moves)) {
    queue = [...phase];
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 96, phase.length)) }, worker));
  }
  return keys;
}

/**
 * The moves grouped so that, within a group, no primary both imports and exports slots. A primary that takes a slot
 * bumps its config epoch without consensus; were its source importing at the same time, the source could bump above
 * it and a ping the source sent before it gave the slot away would then win the slot back (seen: MOVED loops, "I'm not
 * the owner of hash slot"). Groups run one after the other; the slots of a group move in parallel.
 */
export function phases(moves: SlotMove[]): SlotMove[][] {
  const pairs = new Map<string, SlotMove[]>();
  for (const m of moves) {
    const key = `${m.from}>${m.to}`;
    pairs.set(key, [...(pairs.get(key) ?? []), m]);
  }
  const groups: Array<{ sources: Set<number>; targets: Set<number>; moves: SlotMove[] }> = [];
  for (const pair of pairs.values()) {
    const { from, to } = pair[0];
    let group = groups.find((g) => !g.targets.has(from) && !g.sources.has(to));
    if (!group) groups.push((group = { sources: new Set(), targets: new Set(), moves: [] }));
    group.sources.add(from);
    group.targets.add(to);
    group.moves.push(...pair);
  }
  return groups.map((g) => g.moves);
}

/** Waits until every node maps every slot to the primary `ownerIds[s]` of the shard `target` gives it. */
export async function waitForOwners(
  nodes: ClusterNode[],
  target: ReadonlyArray<ReadonlyArray<SlotRange>>,
  ownerIds: string[],
  timeoutMs: number,
): Promise<void> {
  const expected = new Array<string>(SLOT_COUNT);
  target.forEach((ranges, shard) => ranges.forEach(([a, b]) => expected.fill(ownerIds[shard], a, b + 1)));
  await Promise.all(nodes.map((n) => waitFor(`${n.plan.name}: every slot served by its new shard`, async () => {
    const ranges = (await n.admin!.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
    let covered = 0;
    for (const [a, b, primary] of ranges) {
      for (let slot = a; slot <= b; slot++) if (expected[slot] !== primary[2]) return false;
      covered += b - a + 1;
    }
    return covered === SLOT_COUNT;
  }, timeoutMs, 20)));
}

/** Every remaining node forgets the nodes that left (stopped first, so that no node hears of them again). */
export async function forgetNodes(remaining: ClusterNode[], gone: ClusterNode[]): Promise<void> {
  await Promise.all(remaining.flatMap((n) => gone.map((g) => n.admin!.call('CLUSTER', 'FORGET', g.plan.nodeId))));
}
