import { CommanderError } from 'commander';
import { sizeCommand } from '../../src/cli/size';

async function run(args: string[]): Promise<{ out: string; err: string; error?: CommanderError }> {
  let out = '';
  let err = '';
  const command = sizeCommand()
    .exitOverride()
    .configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  try {
    await command.parseAsync(args, { from: 'user' });
    return { out, err };
  } catch (e) {
    return { out, err, error: e as CommanderError };
  }
}

describe('cdk-elasticache size', () => {
  test('prints the seed example as a table with the reasons', async () => {
    const { out, error } = await run(['--data-gb', '50', '--reads', '100000', '--writes', '10000', '--family', 'r6g']);
    expect(error).toBeUndefined();
    const rows = Object.fromEntries(
      out.split('\n').filter((l) => l.startsWith('│')).map((l) => l.split('│').slice(1, 3).map((c) => c.trim())),
    );
    expect(rows).toMatchObject({
      'Engine': 'valkey',
      'Node type': 'cache.r6g.xlarge (26.32 GiB, 4 vCPU)',
      'Cluster mode': 'enabled',
      'Shards': '3',
      'Replicas per shard': '2 (incl. 1 spare)',
      'Total nodes': '9',
      'Multi-AZ': 'yes',
      'Total memory': '78.96 GiB',
      'Max connections': '585,000',
    });
    expect(out).toContain('\nWhy:\n  - Data: 50 GB planned (46.57 GiB)');
    expect(out.match(/^ {2}- /gm)).toHaveLength(8);
  });

  test('--json prints the recommendation as JSON', async () => {
    const { out } = await run(['--data-gb', '50', '--reads', '100000', '--writes', '10000', '--family', 'r6g', '--json']);
    const json = JSON.parse(out);
    expect(json).toMatchObject({
      engine: 'valkey',
      nodeType: 'cache.r6g.xlarge',
      clusterModeEnabled: true,
      numShards: 3,
      replicasPerShard: 2,
      totalNodes: 9,
      node: { name: 'cache.r6g.xlarge', family: 'r6g', size: 'xlarge', memoryGib: 26.32, vcpus: 4, graviton: true },
    });
    expect(json.reasons).toHaveLength(8);
  });

  test('passes the optional flags through', async () => {
    const { out } = await run([
      '--data-gb', '2', '--reads', '1000', '--writes', '100', '--connections', '200000', '--family', 't4g,r7g', '--growth', '50',
      '--buffer', '30', '--item-size', '512', '--max-nodes', '20', '--engine', 'redis', '--json',
    ]);
    const json = JSON.parse(out);
    expect(json.engine).toBe('redis');
    expect(json.totalNodes * 65_000).toBeGreaterThanOrEqual(200_000);
    expect(json.plannedDataGib).toBeCloseTo(3 * 1e9 / 2 ** 30, 6);
    expect(json.reasons[0]).toContain('30% buffer');

    const single = JSON.parse((await run(['--data-gb', '1', '--reads', '10', '--writes', '10', '--single-az', '--json'])).out);
    expect(single.multiAz).toBe(false);
    expect(single.replicasPerShard).toBe(0);

    const repeated = JSON.parse((await run(['--data-gb', '1', '--reads', '10', '--writes', '10', '--family', 'm7g', '--family', 'r7g', '--json'])).out);
    expect(repeated.nodeType).toBe('cache.m7g.large');
  });

  test.each([
    [['--reads', '1', '--writes', '1'], "required option '--data-gb <gb>' not specified"],
    [['--data-gb', '-1', '--reads', '1', '--writes', '1'], "--data-gb must be a number >= 0, got '-1'"],
    [['--data-gb', 'ten', '--reads', '1', '--writes', '1'], "--data-gb must be a number >= 0, got 'ten'"],
    [['--data-gb', '1', '--reads', '1', '--writes', '1', '--connections', '1.5'], "--connections must be an integer >= 0, got '1.5'"],
    [['--data-gb', '1', '--reads', '1', '--writes', '1', '--engine', 'memcached'], "argument 'memcached' is invalid. Allowed choices are valkey, redis"],
    [['--data-gb', '1', '--reads', '1', '--writes', '1', '--family', ','], "--family must name a node family such as r7g, got ','"],
    [['--data-gb', '1', '--reads', '1', '--writes', '1', '--family', 'zz9'], "[Sizing.InvalidWorkload] nodeFamilies: unknown node family 'zz9'"],
    [['--data-gb', '5000', '--reads', '1', '--writes', '1', '--family', 't4g'], '[Sizing.NoNodeType] No node type of the families [t4g]'],
  ])('%j fails with a clear message', async (args, message) => {
    const { out, err, error } = await run(args);
    expect(out).toBe('');
    expect(error).toBeInstanceOf(CommanderError);
    expect(error!.exitCode).toBe(1);
    expect(err).toContain(message);
  });
});
