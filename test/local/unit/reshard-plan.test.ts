import { phases, rebalancedSlots, slotMoves } from '../../../src/local/redis/reshard';
import { evenSlots, SLOT_COUNT, SlotRange, slotCoverageProblem } from '../../../src/spec/slots';

const pairs = (group: ReturnType<typeof slotMoves>) => [...new Set(group.map((m) => `${m.from}>${m.to}`))].sort();
const sizes = (shards: SlotRange[][]) => shards.map((r) => r.reduce((a, [lo, hi]) => a + hi - lo + 1, 0));
const fresh = (n: number) => evenSlots(n).map((r) => [r]);

/** Even (16384 / n, +- 1), a partition of 0-16383, and no shard both gives and takes slots. */
function checkRebalance(current: SlotRange[][], n: number) {
  const target = rebalancedSlots(current, n);
  expect(target).toHaveLength(n);
  expect(slotCoverageProblem(target, (i) => `shard ${i}`)).toBeUndefined();
  for (const size of sizes(target)) expect(Math.abs(size - SLOT_COUNT / n)).toBeLessThan(1);
  const moves = slotMoves(current, target);
  const sources = new Set(moves.map((m) => m.from));
  expect(moves.some((m) => sources.has(m.to))).toBe(false);
  expect(phases(moves)).toHaveLength(moves.length ? 1 : 0);
  return { target, moves };
}

test('3 -> 4 shards: each shard gives its surplus to the new one, 4096 slots move in one phase', () => {
  const { target, moves } = checkRebalance(fresh(3), 4);
  expect(target).toEqual([
    [[0, 4095]],
    [[5461, 9556]],
    [[10923, 15018]],
    [[4096, 5460], [9557, 10922], [15019, 16383]],
  ]);
  expect(moves).toHaveLength(4096);
  expect(moves[0]).toEqual({ slot: 4096, from: 0, to: 3 });
  expect(phases(moves).map(pairs)).toEqual([['0>3', '1>3', '2>3']]);
});

test('4 -> 3 shards: the last shard leaves, its slots go to the others, back to the 3-shard split', () => {
  const four = rebalancedSlots(fresh(3), 4);
  const { target, moves } = checkRebalance(four, 3);
  expect(target).toEqual(fresh(3));
  expect(moves).toHaveLength(4096);
  expect(phases(moves).map(pairs)).toEqual([['3>0', '3>1', '3>2']]);
  expect(slotMoves(fresh(3), rebalancedSlots(fresh(3), 3))).toEqual([]);
});

test('from a contiguous 4-shard split (a group created with 4 shards) to 3, and other counts', () => {
  const { target, moves } = checkRebalance(fresh(4), 3);
  expect(sizes(target)).toEqual([5461, 5462, 5461]);
  expect(moves).toHaveLength(4096);
  checkRebalance(fresh(2), 3);
  checkRebalance(fresh(1), 5);
  checkRebalance(fresh(7), 2);
  let layout = fresh(3);
  for (const n of [5, 4, 9, 1, 2, 6, 3]) layout = checkRebalance(layout, n).target;
  // Uneven start (template Slots): the largest shard keeps the larger share.
  const uneven: SlotRange[][] = [[[0, 9999]], [[10000, 16383]]];
  expect(sizes(checkRebalance(uneven, 3).target)).toEqual([5462, 5461, 5461]);
});
