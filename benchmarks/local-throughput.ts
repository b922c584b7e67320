/* eslint-disable no-console */
// Throughput through the primary and reader endpoints vs. direct to the node (issue 3, figure c).
// Run: npx ts-node --project tsconfig.dev.json benchmarks/local-throughput.ts   (RUNS=5, N=200000, CLIENTS=50)
// Groups of 1 primary + 1 replica (plain, TLS): the nodes serve both endpoints themselves (docs/decisions/0102).
// Tls2R (2 replicas): the reader endpoint is a proxy in this process that spreads connections over the replicas.
// redis-benchmark -P 16 runs asynchronously: a proxy lives on this process's event loop (a synchronous child
// process would stall it). Direct and endpoint runs are interleaved; each ratio is taken from adjacent runs.
import { spawn } from 'node:child_process';
import { CacheEndpoints, HostPort, LocalEngine } from '../src/local';
import { redisBenchmarkArgs } from '../test/local/helpers';

const RUNS = Number(process.env.RUNS ?? 5);
const N = process.env.N ?? '200000';
const CLIENTS = process.env.CLIENTS ?? '50';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(c: CacheEndpoints, at: HostPort, test: 'set' | 'get'): Promise<number> {
  const args = redisBenchmarkArgs(c, at, ['-t', test, '-n', N, '-c', CLIENTS, '--csv']);
  return new Promise((resolve, reject) => {
    const p = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', reject);
    p.on('exit', () => {
      clearTimeout(timer);
      const m = /"(SET|GET)","([\d.]+)"/.exec(out);
      if (m) resolve(Number(m[2]));
      else reject(new Error(`redis-benchmark failed on ${at.host}:${at.port}: ${out}`));
    });
  });
}

(async () => {
  const e = await LocalEngine.start({
    Resources: {
      Plain: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', NumCacheClusters: 2, ReplicationGroupDescription: 'p' } },
      Tls: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'redis', NumCacheClusters: 2, ReplicationGroupDescription: 't', TransitEncryptionEnabled: true },
      },
      Tls2R: {
        Type: 'AWS::ElastiCache::ReplicationGroup',
        Properties: { Engine: 'redis', NumCacheClusters: 3, ReplicationGroupDescription: 't', TransitEncryptionEnabled: true },
      },
    },
  });
  try {
    console.log(`redis-benchmark -P 16 -c ${CLIENTS} -n ${N}, ${RUNS} interleaved runs, req/s (median), ratio = median of per-run ratios`);
    for (const id of ['Plain', 'Tls', 'Tls2R']) {
      const c = e.cache(id);
      const primary = c.nodes.find((n) => n.role === 'primary')!;
      const replica = c.nodes.find((n) => n.role === 'replica')!;
      const pairs: Array<[string, HostPort, HostPort, 'set' | 'get']> = id === 'Tls2R'
        ? [['GET reader endpoint (proxy over 2 replicas)', replica, c.reader!, 'get']]
        : [
          ['SET primary endpoint', primary, c.primary!, 'set'],
          ['GET primary endpoint', primary, c.primary!, 'get'],
          ['GET reader endpoint', replica, c.reader!, 'get'],
        ];
      const res = pairs.map(() => ({ direct: [] as number[], proxied: [] as number[], ratio: [] as number[], cpu: [] as number[] }));
      // CPU time of this process (= of the proxy) per proxied request, in microseconds.
      const proxiedRun = async (at: HostPort, test: 'set' | 'get', i: number) => {
        const before = process.cpuUsage();
        const rps = await bench(c, at, test);
        const used = process.cpuUsage(before);
        res[i].cpu.push((used.user + used.system) / Number(N));
        return rps;
      };
      for (let r = 0; r < RUNS; r++) {
        for (const [i, [, direct, proxied, test]] of pairs.entries()) {
          // Alternate which one goes first, so a drift in the machine's load does not favour one side.
          let d: number;
          let p: number;
          if (r % 2 === 0) {
            d = await bench(c, direct, test);
            p = await proxiedRun(proxied, test, i);
          } else {
            p = await proxiedRun(proxied, test, i);
            d = await bench(c, direct, test);
          }
          res[i].direct.push(d);
          res[i].proxied.push(p);
          res[i].ratio.push(p / d);
        }
      }
      for (const [i, [name]] of pairs.entries()) {
        const x = res[i];
        console.log(`${id} ${name}: direct ${median(x.direct).toFixed(0)}, via endpoint ${median(x.proxied).toFixed(0)}, ` +
          `ratio ${median(x.ratio).toFixed(2)} (runs: ${x.ratio.map((v) => v.toFixed(2)).join(', ')}); CPU of this process ${median(x.cpu).toFixed(2)} us/request`);
      }
    }
  } finally {
    await e.stop();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
