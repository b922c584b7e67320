/**
 * The demo — the README's first command (`./scripts/demo.sh`):
 *
 * 1. synthesizes the example stack and prints its cdk-nag summary per pack (the five packs and ElastiCacheChecks);
 * 2. starts the local engine from that template (real Redis/Valkey and Memcached processes, TLS, users);
 * 3. runs every caching pattern of the seed with a short workload, as the application user;
 * 4. fails over the session cache and a shard of the data cache in the middle of acknowledged
 *    writes and shows the application recovering without losing any of them;
 * 5. prints a table (pattern, operations, p50/p99 latency, result), stops everything, and exits 0
 *    only if every pattern passed.
 */
import { performance } from 'node:perf_hooks';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import Table from 'cli-table3';
import { IConstruct } from 'constructs';
import type { Cluster } from 'ioredis';
import { EXAMPLE_CONTEXT, ExampleStack } from './example-stack';
import { ALL_PACKS, nagFindings } from './lib/compliance';
import { appCredentials, connect } from './lib/connect';
import { failoverDrill } from './lib/failover-drill';
import { reshardDrill } from './lib/reshard-drill';
import { percentile, WORKLOADS, WorkloadResult } from './lib/workloads';
import { AppDatabase } from './patterns/db';
import { LocalEngine } from '../src/local';

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const since = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)}s`;

async function main(): Promise<number> {
  const t0 = performance.now();

  // 1. The stack as it would be deployed, and its compliance report.
  console.log(bold('1. Synthesizing the example stack'));
  const app = new App({ context: EXAMPLE_CONTEXT });
  const stack = new ExampleStack(app, 'CdkElastiCacheExample', { env: { account: '123456789012', region: 'us-east-1' } });
  const template = app.synth().getStackByName(stack.stackName).template;
  const resources = Object.values<{ Type: string }>(template.Resources);
  console.log(`   ${resources.length} resources, ${resources.filter((r) => r.Type.startsWith('AWS::ElastiCache::')).length} of them ElastiCache (${since(t0)})`);

  console.log(bold('\n2. cdk-nag, unacknowledged errors per pack'));
  const findings = nagFindings(stack, { packs: ALL_PACKS });
  for (const pack of ALL_PACKS) {
    const mine = findings.filter((f) => f.pack === pack.name);
    console.log(`   ${pack.name.padEnd(16)} ${mine.length === 0 ? 'pass' : `${mine.length} rule(s) failing`}`);
    for (const f of mine) console.log(`      ${f.rule}: ${f.resources.join(', ')}`);
  }

  // 2. The same template on real processes.
  console.log(bold('\n3. Starting the local engine from the template'));
  const engineStart = performance.now();
  const engine = await LocalEngine.start(template, { log: (m) => console.log(`   ${m}`) });
  const db = new AppDatabase();
  const results: WorkloadResult[] = [];
  let drillsPassed = true;
  try {
    console.log(`   up in ${since(engineStart)}`);
    const endpoints = new Table({ head: ['cache', 'kind', 'engine', 'endpoint', 'nodes', 'tls', 'auth'], style: { head: [], border: [] } });
    for (const [id, c] of Object.entries(engine.endpoints.caches)) {
      const ep = c.configuration ?? c.primary;
      const auth = Object.keys(c.users).length ? `users: ${Object.keys(c.users).join(', ')}` : c.authToken ? 'AUTH token' : 'none';
      endpoints.push([id, c.clusterMode ? `${c.kind}, cluster mode` : c.kind, c.engine, ep ? `${ep.host}:${ep.port}` : '-', c.nodes.length, c.tls ? 'yes' : 'no', auth]);
    }
    console.log(endpoints.toString().replace(/^/gm, '   '));

    const dataCache = engine.cache(logicalIdOf(stack.dataCache));
    const sessionCache = engine.cache(logicalIdOf(stack.sessionCache));
    const data = connect(dataCache, appCredentials(dataCache));
    const sessions = connect(sessionCache, appCredentials(sessionCache));
    db.seedUsers(100);

    // 3. The patterns; 4. the failovers in the middle.
    console.log(bold('\n4. Running the caching patterns as the application user'));
    const half = Math.ceil(WORKLOADS.length / 2);
    for (const [i, workload] of WORKLOADS.entries()) {
      if (i === half) {
        console.log(bold('\n5. Failover in the middle of acknowledged writes (WAIT 1)'));
        const cmd = await failoverDrill(sessions, 'app:session-drill', () => engine.failover(logicalIdOf(stack.sessionCache)));
        const cme = await failoverDrill(data, 'app:data-drill', () => engine.failover(logicalIdOf(stack.dataCache), 0));
        for (const [name, r] of [['session cache (cluster mode disabled)', cmd], ['data cache shard 0 (cluster mode enabled)', cme]] as const) {
          console.log(`   ${name}: ${r.acknowledged} writes acknowledged, ${r.lost} lost, ` +
            `${r.failedAttempts} retried attempts, longest pause ${r.longestGapMs.toFixed(0)} ms`);
          results.push({
            pattern: `failover: ${name.split(' (')[0]}`,
            operations: r.acknowledged,
            latencies: r.latencies,
            passed: r.lost === 0,
            check: `${r.lost} acknowledged writes lost, recovered in ${r.longestGapMs.toFixed(0)} ms`,
          });
          drillsPassed &&= r.lost === 0;
        }
        console.log('');
      }
      const started = performance.now();
      const result = await workload({ data, sessions, db }).catch((e: Error): WorkloadResult => ({
        pattern: workload.name, operations: 0, latencies: [], passed: false, check: `error: ${e.message}`,
      }));
      console.log(`   ${result.passed ? 'ok  ' : 'FAIL'} ${result.pattern} (${since(started)})`);
      results.push(result);
    }

    // 6. Online resharding of the data cache while the application writes.
    console.log(bold('\n6. Resharding the data cache 3 -> 4 shards under writes acknowledged with WAIT 1'));
    const r = await reshardDrill(data as Cluster, () => engine.reshard(logicalIdOf(stack.dataCache), 4), { prefix: 'app:reshard-drill', warmupMs: 500 });
    const ratio = r.writesPerSecondBefore > 0 ? r.writesPerSecondDuring / r.writesPerSecondBefore : 0;
    console.log(`   resharded in ${(r.reshardMillis / 1000).toFixed(1)} s: ${r.acknowledged} writes acknowledged, ${r.lost} lost, ` +
      `${r.clientErrors} client errors, throughput during the move ${(ratio * 100).toFixed(0)} % of before; ` +
      `${engine.cache(logicalIdOf(stack.dataCache)).nodes.length} nodes now`);
    results.push({
      pattern: 'resharding: data cache 3 -> 4',
      operations: r.acknowledged,
      latencies: [],
      passed: r.lost === 0,
      check: `${r.lost} acknowledged writes lost, ${r.clientErrors} client errors, ${(r.reshardMillis / 1000).toFixed(1)} s`,
    });
    await Promise.all([data.quit(), sessions.quit()]);
  } finally {
    db.close();
    console.log(bold('\n7. Stopping the local engine'));
    await engine.stop();
  }

  const table = new Table({ head: ['pattern', 'operations', 'p50 ms', 'p99 ms', 'result', 'checked'], style: { head: [], border: [] } });
  for (const r of results) {
    table.push([r.pattern, r.operations, percentile(r.latencies, 50).toFixed(2), percentile(r.latencies, 99).toFixed(2), r.passed ? 'pass' : 'FAIL', r.check]);
  }
  console.log(table.toString());
  const passed = results.every((r) => r.passed) && drillsPassed && findings.length === 0;
  console.log(`\n${passed ? 'All patterns passed' : 'Some checks FAILED'} in ${since(t0)}.`);
  return passed ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
}, (error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});

/** The logical id of a construct's main resource: how the local engine names the caches of a template. */
function logicalIdOf(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}
