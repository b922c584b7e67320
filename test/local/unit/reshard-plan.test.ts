import { phases, reshardedSlots, slotMoves } from '../../../src/local/redis/reshard';

const pairs = (group: ReturnType<typeof slotMoves>) => [...new Set(group.map((m) => `${m.from}>${m.to}`))].sort();

test('3 -> 4 shards: the even split, 8192 slots move, in phases where no shard both imports and exports', () => {
  expect(reshardedSlots(4)).toEqual([[[0, 4095]], [[4096, 8191]], [[8192, 12287]], [[12288, 16383]]]);
  const moves = slotMoves(reshardedSlots(3), reshardedSlots(4));
  expect(moves).toHaveLength(8192);
  expect(moves[0]).toEqual({ slot: 4096, from: 0, to: 1 });
  const groups = phases(moves);
  expect(groups.map(pairs)).toEqual([['0>1', '2>3'], ['1>2']]);
  for (const g of groups) {
    const sources = new Set(g.map((m) => m.from));
    expect(g.some((m) => sources.has(m.to))).toBe(false);
  }
  expect(groups.flat()).toHaveLength(8192);
});

test('4 -> 3 shards: the last shard leaves, its slots and the others move back to the 3-shard split', () => {
  const groups = phases(slotMoves(reshardedSlots(4), reshardedSlots(3)));
  expect(groups.map(pairs)).toEqual([['1>0', '3>2'], ['2>1']]);
  expect(slotMoves(reshardedSlots(3), reshardedSlots(3))).toEqual([]);
});
