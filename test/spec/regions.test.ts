import {
  activeOfferings, agnosticNodeTypeWarning, engineVersionOfferingProblem, hasOfferings, OFFERINGS, offersNodeType, regionNodeTypeProblem,
  withOfferings,
} from '../../src/spec';
import { EMPTY_OFFERINGS, SYNTHETIC_OFFERINGS as DATA } from '../fixtures/offerings.synthetic';

// The table is SYNTHETIC (test/fixtures/offerings.synthetic.ts): made-up Regions, not AWS data.
describe('node types by Region and engine versions (src/spec/regions.ts)', () => {
  test('a Region offers a node type, does not, or is unknown to the data', () => {
    expect(offersNodeType('xx-synthetic-1', 'cache.t4g.small', DATA)).toBe(true);
    expect(offersNodeType('xx-synthetic-2', 'cache.t4g.small', DATA)).toBe(false);
    expect(offersNodeType('xx-synthetic-9', 'cache.t4g.small', DATA)).toBeUndefined();
  });

  test('the error names the node type, the Region, the data date and node types of that size offered there', () => {
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'xx-synthetic-2', DATA)).toBe(
      'nodeType cache.t4g.small is not offered in xx-synthetic-2 (ElastiCache node types by Region, cfn-lint data of 1999-12-31); '
      + 'node types of that size offered there: cache.t3.small');
    expect(regionNodeTypeProblem('nodeType', 'cache.r7g.xlarge', 'xx-synthetic-2', DATA)).toBe(
      'nodeType cache.r7g.xlarge is not offered in xx-synthetic-2 (ElastiCache node types by Region, cfn-lint data of 1999-12-31)');
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'xx-synthetic-1', DATA)).toBeUndefined();
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'xx-synthetic-9', DATA)).toBeUndefined(); // Region unknown to the data
    expect(regionNodeTypeProblem('nodeType', 'cache.x9g.large', 'xx-synthetic-1', DATA)).toBeUndefined(); // node type unknown to the data
  });

  test('environment-agnostic stacks get a warning only for node types missing somewhere', () => {
    expect(agnosticNodeTypeWarning('nodeType', 'cache.t4g.small', DATA)).toBe(
      'nodeType cache.t4g.small is not offered in 1 of 2 Regions (xx-synthetic-2); the stack is environment-agnostic, so its Region is not checked: '
      + 'give the stack an env with a region to check it');
    expect(agnosticNodeTypeWarning('nodeType', 'cache.r7g.large', DATA)).toBeUndefined();
    expect(agnosticNodeTypeWarning('nodeType', 'cache.x9g.large', DATA)).toBeUndefined();
  });

  test('engine versions ElastiCache does not offer', () => {
    expect(engineVersionOfferingProblem('engine', 'valkey', '7.9', DATA)).toBe(
      'engine valkey 7.9 is not an engine version ElastiCache offers (cfn-lint data of 1999-12-31: 7.2, 8.0, 8.2)');
    expect(engineVersionOfferingProblem('engine', 'valkey', '9.3', DATA)).toBeUndefined(); // newer than the data: of() is the way
    expect(engineVersionOfferingProblem('engine', 'valkey', '8.2', DATA)).toBeUndefined();
    expect(engineVersionOfferingProblem('engine', 'memcached', '1.6.22', DATA)).toBeUndefined(); // engine not in the table
  });

  test('no data or an empty table: every check passes', () => {
    for (const table of [undefined, EMPTY_OFFERINGS]) {
      expect(hasOfferings(table)).toBe(false);
      expect(offersNodeType('xx-synthetic-2', 'cache.t4g.small', table)).toBeUndefined();
      expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'xx-synthetic-2', table)).toBeUndefined();
      expect(agnosticNodeTypeWarning('nodeType', 'cache.t4g.small', table)).toBeUndefined();
      expect(engineVersionOfferingProblem('engine', 'valkey', '7.9', table)).toBeUndefined();
    }
    expect(hasOfferings(DATA)).toBe(true);
  });

  test('withOfferings sets the active table for the duration of a call and restores the built-in one (also on a throw)', () => {
    expect(activeOfferings()).toBe(OFFERINGS);
    expect(withOfferings(DATA, () => activeOfferings())).toBe(DATA);
    expect(withOfferings(DATA, () => withOfferings(undefined, () => activeOfferings()))).toBeUndefined();
    expect(withOfferings(DATA, () => withOfferings(EMPTY_OFFERINGS, () => 0) + (activeOfferings() === DATA ? 1 : 2))).toBe(1);
    expect(() => withOfferings(DATA, () => { throw new Error('inside'); })).toThrow('inside');
    expect(activeOfferings()).toBe(OFFERINGS);
  });
});
