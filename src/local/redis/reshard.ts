import { waitFor } from './admin';
import { ADMIN_USER } from './config';
import { AdminClient } from './resp';
import { evenSlots, SLOT_COUNT, SlotRange } from '../../spec/slots';

/**
 * Online resharding of a cluster-mode-enabled cache, as `ModifyReplicationGroupShardConfiguration` does it: slots move
 * one by one with the cluster's own protocol (CLUSTER SETSLOT IMPORTING / MIGRATING, MIGRATE of the slot's keys in
 * batches, SETSLOT NODE on the target, then the source), so clients keep working and follow `MOVED` / `ASK`
 * (docs/decisions/0130).
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
 * out" (https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/redis-cluster-resharding-online.html): existing shards
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

/** The flags field and master id of `nodeId` in a CLUSTER NODES reply, when it is listed as a connected peer (handshake done). */
function listed(clusterNodes: string, nodeId: string): { flags: string; masterId: string } | undefined {
  const fields = clusterNodes.split('\n').find((l) => l.startsWith(nodeId + ' '))?.split(' ');
  if (!fields || /handshake|noaddr|fail/.test(fields[2]) || (!fields[2].includes('myself') && fields[7] !== 'connected')) return undefined;
  return { flags: fields[2], masterId: fields[3] };
}

/** New nodes meet every node of `existing` at once (CLUSTER MEET from each new node: one round trip per pair). */
export async function meetNodes(joining: ClusterNode[], existing: ClusterNode[]): Promise<void> {
  await Promise.all(joining.flatMap((n) => existing.map((e) => n.admin!.call('CLUSTER', 'MEET', e.plan.host, String(e.plan.port), String(e.plan.busPort)))));
}

/** A node as every other node must list it: a master, or the replica of `masterId`. */
export interface Member {
  readonly name: string;
  readonly nodeId: string;
  readonly masterId?: string;
}

/**
 * Waits until every node of `nodes` lists every member of `members` as a connected peer in its role, so that
 * SETSLOT MIGRATING / NODE to them and redirections to them are accepted everywhere.
 */
export async function waitForMembers(nodes: ClusterNode[], members: Member[], timeoutMs: number): Promise<void> {
  await Promise.all(nodes.map((n) => waitFor(`${n.plan.name} lists ${members.map((m) => m.name).join(', ')}`, async () => {
    const view = (await n.admin!.call('CLUSTER', 'NODES')) as string;
    return members.every((m) => {
      const line = listed(view, m.nodeId);
      if (!line) return false;
      return m.masterId === undefined ? /master/.test(line.flags) : /slave|replica/.test(line.flags) && line.masterId === m.masterId;
    });
  }, timeoutMs, 20)));
}

/** How many times a CLUSTER SETSLOT refused with `NOREPLICAS` is sent again. */
export const SETSLOT_ATTEMPTS = 5;

/**
 * CLUSTER SETSLOT, sent again when it answers `NOREPLICAS`: Valkey 8 replicates SETSLOT and answers that when its
 * replicas have not acknowledged it within the command's timeout (2 s by default; https://valkey.io/commands/cluster-setslot/),
 * which an oversubscribed machine can exceed. IMPORTING, MIGRATING and NODE to the same node can be applied twice.
 * (A longer `TIMEOUT` argument instead made the runs slower: benchmarks/RESULTS.md.) Resolves with the attempts made.
 */
export async function setslot(conn: AdminClient, ...args: string[]): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await conn.call('CLUSTER', 'SETSLOT', ...args);
      return attempt;
    } catch (e) {
      if (attempt >= SETSLOT_ATTEMPTS || !/^NOREPLICAS/.test((e as Error).message)) throw e;
    }
  }
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
  /** Where the source's MIGRATE reaches a target (default: the target's own address and port). */
  readonly migrateTo?: (node: ClusterNode) => { readonly host: string; readonly port: number };
}

/**
 * Moves `moves` between the shard primaries `primaries` (index = shard), as valkey-cli's `--cluster reshard` does for
 * one slot: the target imports, the source migrates, the keys go by MIGRATE (the source answers `ASK` for keys it no
 * longer has, so new writes land on the target), then the target and the source learn the slot's new owner, the target first.
 * Valkey 8 replicates SETSLOT and answers only once the node's replicas have it, which blocks the connection: each
 * worker moves its slots over connections of its own, so the waits overlap. A worker serves one source -> target pair
 * (two connections; workers shared among the pairs by their number of slots). Returns the number of keys moved.
 */
export async function migrateSlots(moves: SlotMove[], primaries: ClusterNode[], options: MigrateOptions): Promise<number> {
  const batch = options.batch ?? 500;
  const timeout = String(options.timeoutMs ?? 5000);
  let keys = 0;
  const migrate = async (source: AdminClient, slot: number, to: number, batchKeys: string[]) => {
    const via = options.migrateTo?.(primaries[to]) ?? primaries[to].plan;
    const reply = await source.call('MIGRATE', via.host, String(via.port), '', '0', timeout, 'AUTH2', ADMIN_USER, options.adminPassword, 'KEYS', ...batchKeys);
    // Key names travel as UTF-8 text here: a binary name does not survive the round trip and would be listed forever.
    if (reply === 'NOKEY') throw new Error(`slot ${slot}: keys whose names are not UTF-8 cannot be moved by the local engine's resharding`);
    keys += batchKeys.length;
  };
  const moveOne = async (source: AdminClient, target: AdminClient, { slot, from, to }: SlotMove) => {
    const targetId = primaries[to].plan.nodeId;
    const s = String(slot);
    const keysIn = () => source.call('CLUSTER', 'GETKEYSINSLOT', s, String(batch)) as Promise<string[]>;
    // The target imports before the source migrates (a source that answers `ASK` while its target does not import yet
    // sends clients back and forth until they give up: seen, "Too many Cluster redirections"). GETKEYSINSLOT is
    // pipelined behind MIGRATING on the same connection: the source runs it once MIGRATING is applied.
    await setslot(target, s, 'IMPORTING', primaries[from].plan.nodeId);
    const [attempts, keysListed] = await Promise.all([setslot(source, s, 'MIGRATING', targetId), keysIn()]);
    // Listed before a refused MIGRATING took effect: list again.
    const first = attempts === 1 ? keysListed : await keysIn();
    // While the source migrates, a key it does not have is not created there (`ASK` to the target): once a listing
    // shorter than a batch has been moved, the slot is empty on the source (valkey-cli asks once more; no need).
    for (let batchKeys = first; batchKeys.length > 0; batchKeys = batchKeys.length < batch ? [] : await keysIn()) {
      await migrate(source, slot, to, batchKeys);
    }
    // The target first (it owns the slot and bumps its config epoch above the source's, which does not import in this
    // phase), then the source; the other primaries learn it from the target's pings (see phases()), as clients asking
    // them learn it from the source's MOVED.
    await setslot(target, s, 'NODE', targetId);
    for (;;) {
      try {
        await setslot(source, s, 'NODE', targetId);
        return;
      } catch (e) {
        // The source refuses to give away a slot in which it still holds keys (no key is dropped): move them, retry.
        if (!/still hold keys/.test((e as Error).message)) throw e;
        for (let batchKeys = await keysIn(); batchKeys.length > 0; batchKeys = await keysIn()) await migrate(source, slot, to, batchKeys);
      }
    }
  };
  const concurrency = options.concurrency ?? 96;
  for (const phase of phases(moves)) {
    const workers: Array<Promise<void>> = [];
    for (const queue of byPair(phase)) {
      const { from, to } = queue[0];
      const n = Math.max(1, Math.min(queue.length, Math.round((concurrency * queue.length) / phase.length)));
      for (let w = 0; w < n; w++) {
        workers.push((async () => {
          const [source, target] = [options.connect(primaries[from]), options.connect(primaries[to])];
          try {
            for (let m = queue.shift(); m; m = queue.shift()) await moveOne(source, target, m);
          } finally {
            source.disconnect();
            target.disconnect();
          }
        })());
      }
    }
    await Promise.all(workers);
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
  const groups: Array<{ sources: Set<number>; targets: Set<number>; moves: SlotMove[] }> = [];
  for (const pair of byPair(moves)) {
    const { from, to } = pair[0];
    let group = groups.find((g) => !g.targets.has(from) && !g.sources.has(to));
    if (!group) groups.push((group = { sources: new Set(), targets: new Set(), moves: [] }));
    group.sources.add(from);
    group.targets.add(to);
    group.moves.push(...pair);
  }
  return groups.map((g) => g.moves);
}

/**
 * Waits until every node maps every slot to the primary `ownerIds[s]` of the shard `target` gives it (with `only`:
 * those slots, each to the primary of the shard it moves to).
 */
export async function waitForOwners(
  nodes: ClusterNode[],
  target: ReadonlyArray<ReadonlyArray<SlotRange>>,
  ownerIds: string[],
  timeoutMs: number,
  only?: SlotMove[],
): Promise<void> {
  const expected = new Array<string | undefined>(SLOT_COUNT);
  if (only) for (const m of only) expected[m.slot] = ownerIds[m.to];
  else target.forEach((ranges, shard) => ranges.forEach(([a, b]) => expected.fill(ownerIds[shard], a, b + 1)));
  const slotCount = only ? only.length : SLOT_COUNT;
  await Promise.all(nodes.map((n) => waitFor(`${n.plan.name}: ${only ? `slot(s) ${only.map((m) => m.slot).join(', ')}` : 'every slot'} served by the new shard`, async () => {
    const ranges = (await n.admin!.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>;
    let covered = 0;
    for (const [a, b, primary] of ranges) {
      for (let slot = a; slot <= b; slot++) {
        if (expected[slot] === undefined) continue;
        if (expected[slot] !== primary[2]) return false;
        covered++;
      }
    }
    return covered === slotCount;
  }, timeoutMs, 20)));
}

/** Every remaining node forgets the nodes that left (stopped first, so that no node hears of them again). */
export async function forgetNodes(remaining: ClusterNode[], gone: ClusterNode[]): Promise<void> {
  await Promise.all(remaining.flatMap((n) => gone.map((g) => n.admin!.call('CLUSTER', 'FORGET', g.plan.nodeId))));
}

/** The moves by source and target shard, in order of first appearance. */
function byPair(moves: SlotMove[]): SlotMove[][] {
  const pairs = new Map<string, SlotMove[]>();
  for (const m of moves) {
    const key = `${m.from}>${m.to}`;
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key)!.push(m);
  }
  return [...pairs.values()];
}
