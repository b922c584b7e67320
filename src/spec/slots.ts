/**
 * Hash slots of a Valkey / Redis OSS cluster.
 *
 * - 16384 slots, 0-16383 (https://valkey.io/topics/cluster-spec/, "Key distribution model").
 * - `NodeGroupConfiguration.Slots`: "startkey-endkey", e.g. `0-3999`, keyspace 0-16383
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_NodeGroupConfiguration.html);
 *   comma-separated ranges are accepted (terraform-provider-aws replication_group.go `^[\d,-]+$`).
 * - The slots of all node groups partition the keyspace: no overlap, every slot assigned.
 * - When no Slots are given, ElastiCache splits the keyspace evenly as `redis-cli --cluster create` does
 *   (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.Create.html: 3 shards give
 *   0-5460, 5461-10922, 10923-16383; valkey src/valkey-cli.c clusterManagerCommandCreate).
 */

/** Total hash slots of a Valkey/Redis OSS cluster. */
export const SLOT_COUNT = 16384;

/** An inclusive slot range `[first, last]`. */
export type SlotRange = [number, number];

/** The even split over `shards` shards, one range per shard (`lround(cursor + per - 1)`, as valkey-cli). */
export function evenSlots(shards: number): SlotRange[] {
  const per = SLOT_COUNT / shards;
  const out: SlotRange[] = [];
  let first = 0;
  for (let i = 0; i < shards; i++) {
    const last = i === shards - 1 ? SLOT_COUNT - 1 : Math.round(per * (i + 1) - 1);
    out.push([first, last]);
    first = last + 1;
  }
  return out;
}

/** `[[0, 99], [200, 300]]` as `0-99,200-300`. */
export function formatSlots(ranges: ReadonlyArray<SlotRange>): string {
  return ranges.map(([a, b]) => `${a}-${b}`).join(',');
}

/** Parses the `Slots` format: the ranges, or a problem message naming `name`. */
export function parseSlots(name: string, text: string): { ranges: SlotRange[] } | { problem: string } {
  const ranges: SlotRange[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)-(\d+)\s*$/.exec(part);
    const [start, end] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || start > end || end >= SLOT_COUNT) {
      return { problem: `${name} must be comma-separated 'start-end' ranges within 0-${SLOT_COUNT - 1}, got '${text}'` };
    }
    ranges.push([start, end]);
  }
  return { ranges };
}

/**
 * Checks that the shards' ranges partition 0-16383: the first problem, or undefined. `nameOf(i)` names the
 * slots property of shard `i` and `nameOf()` the whole set (`shards[1].slots`, `shards[].slots`).
 */
export function slotCoverageProblem(
  shards: ReadonlyArray<ReadonlyArray<SlotRange>>,
  nameOf: (index?: number) => string,
): { index?: number; message: string } | undefined {
  const owner = new Int32Array(SLOT_COUNT).fill(-1);
  for (const [i, ranges] of shards.entries()) {
    for (const [start, end] of ranges) {
      for (let slot = start; slot <= end; slot++) {
        if (owner[slot] !== -1) return { index: i, message: `${nameOf(i)} overlaps ${nameOf(owner[slot])} at slot ${slot}` };
        owner[slot] = i;
      }
    }
  }
  const missing = owner.indexOf(-1);
  return missing >= 0 ? { message: `${nameOf()} must cover every slot 0-${SLOT_COUNT - 1}; slot ${missing} is not assigned` } : undefined;
}
