import { agnosticNodeTypeWarning, engineVersionOfferingProblem, offersNodeType, Offerings, regionNodeTypeProblem } from '../../src/spec';

// A small table in the data's format, with facts of issue 12 (cache.t4g.small is not offered in me-central-1).
const DATA: Offerings = {
  source: 'test',
  date: '2026-08-11',
  engineVersions: { valkey: ['7.2', '8.0', '8.1', '8.2', '9.0', '9.1'], redis: ['6.2', '7.0', '7.1'] },
  nodeTypes: { 'us-east-1': 'r7g:large,xlarge;t3:small;t4g:micro,small', 'me-central-1': 'r7g:large,xlarge;t3:small' },
};

describe('node types by Region and engine versions (src/spec/regions.ts)', () => {
  test('a Region offers a node type, does not, or is unknown to the data', () => {
    expect(offersNodeType('us-east-1', 'cache.t4g.small', DATA)).toBe(true);
    expect(offersNodeType('me-central-1', 'cache.t4g.small', DATA)).toBe(false);
    expect(offersNodeType('eu-south-3', 'cache.t4g.small', DATA)).toBeUndefined();
  });

  test('the error names the node type, the Region, the data date and node types of that size offered there', () => {
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'me-central-1', DATA)).toBe(
      'nodeType cache.t4g.small is not offered in me-central-1 (ElastiCache node types by Region, cfn-lint data of 2026-08-11); '
      + 'node types of that size offered there: cache.t3.small');
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'us-east-1', DATA)).toBeUndefined();
    expect(regionNodeTypeProblem('nodeType', 'cache.t4g.small', 'eu-south-3', DATA)).toBeUndefined();
    expect(regionNodeTypeProblem('nodeType', 'cache.x9g.large', 'us-east-1', DATA)).toBeUndefined(); // unknown to the data
  });

  test('environment-agnostic stacks get a warning only for node types missing somewhere', () => {
    expect(agnosticNodeTypeWarning('nodeType', 'cache.t4g.small', DATA)).toBe(
      'nodeType cache.t4g.small is not offered in 1 of 2 Regions (me-central-1); the stack is environment-agnostic, so its Region is not checked: '
      + 'give the stack an env with a region to check it');
    expect(agnosticNodeTypeWarning('nodeType', 'cache.r7g.large', DATA)).toBeUndefined();
  });

  test('engine versions ElastiCache does not offer', () => {
    expect(engineVersionOfferingProblem('engine', 'valkey', '8.3', DATA)).toBe(
      'engine valkey 8.3 is not an engine version ElastiCache offers (cfn-lint data of 2026-08-11: 7.2, 8.0, 8.1, 8.2, 9.0, 9.1)');
    expect(engineVersionOfferingProblem('engine', 'valkey', '9.3', DATA)).toBeUndefined(); // newer than the data: of() is the way
    expect(engineVersionOfferingProblem('engine', 'valkey', '9.1', DATA)).toBeUndefined();
    expect(engineVersionOfferingProblem('engine', 'memcached', '1.6.22', DATA)).toBeUndefined(); // engine not in the table
  });
});
