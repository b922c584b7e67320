import { evenSlots, formatSlots, parseSlots, SLOT_COUNT, slotCoverageProblem } from '../../src/spec';

describe('evenSlots: the split ElastiCache makes when no Slots are given', () => {
  test.each([
    [1, '0-16383'],
    [2, '0-8191,8192-16383'],
    [3, '0-5460,5461-10922,10923-16383'],
    [4, '0-4095,4096-8191,8192-12287,12288-16383'],
    [5, '0-3276,3277-6553,6554-9829,9830-13106,13107-16383'],
  ])('%i shards: %s', (shards, expected) => {
    expect(formatSlots(evenSlots(shards))).toBe(expected);
  });

  test.each([1, 2, 3, 5, 7, 90, 500])('%i shards cover every slot exactly once', (n) => {
    const ranges = evenSlots(n);
    expect(ranges).toHaveLength(n);
    expect(ranges[0][0]).toBe(0);
    expect(ranges[n - 1][1]).toBe(SLOT_COUNT - 1);
    for (let i = 1; i < n; i++) expect(ranges[i][0]).toBe(ranges[i - 1][1] + 1);
    expect(slotCoverageProblem(ranges.map((r) => [r]), () => 'x')).toBeUndefined();
  });
});

describe('parseSlots: the NodeGroupConfiguration.Slots format', () => {
  test.each<[string, Array<[number, number]>]>([
    ['0-5460', [[0, 5460]]],
    ['0-99,200-16383', [[0, 99], [200, 16383]]],
    [' 1-2 , 3-3 ', [[1, 2], [3, 3]]],
  ])('%s parses', (text, ranges) => {
    expect(parseSlots('Slots', text)).toEqual({ ranges });
  });

  test.each(['5', '9-1', '0-16384', '', 'a-b', '1-2,', '-1-5'])("'%s' is refused, naming the property and the value", (text) => {
    expect(parseSlots('shards[0].slots', text)).toEqual({
      problem: `shards[0].slots must be comma-separated 'start-end' ranges within 0-16383, got '${text}'`,
    });
  });
});

describe('slotCoverageProblem: the shards partition 0-16383', () => {
  const nameOf = (i?: number) => i === undefined ? 'shards[].slots' : `shards[${i}].slots`;
  test.each<[string, Array<Array<[number, number]>>, string | undefined]>([
    ['a partition', [[[0, 8000]], [[8001, 16383]]], undefined],
    ['an overlap', [[[0, 9000]], [[8001, 16383]]], 'shards[1].slots overlaps shards[0].slots at slot 8001'],
    ['a gap', [[[0, 8000]], [[8002, 16383]]], 'shards[].slots must cover every slot 0-16383; slot 8001 is not assigned'],
  ])('%s', (_name, shards, message) => {
    expect(slotCoverageProblem(shards, nameOf)?.message).toBe(message);
  });
});
