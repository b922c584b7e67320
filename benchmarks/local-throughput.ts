/* eslint-disable no-console */
// Throughput through the endpoint proxies vs. direct to the node (issue 3, figure c).
// Run: npx ts-node --project tsconfig.dev.json benchmarks/local-throughput.ts   (RUNS=5, N=200000, CLIENTS=50)
// redis-benchmark -P 16 runs asynchronously: the proxies live on this process's event loop (a synchronous child
// process would stall them). Direct and proxied runs are interleaved; each ratio is taken from adjacent runs.
import { spawn } from 'node:child_process';
import { CacheEndpoints, LocalEngine } from '../src/local';

const RUNS = Number(process.env.RUNS ?? 5);
const N = process.env.N ?? '200000';
const CLIENTS = process.env.CLIENTS ?? '50';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(c: CacheEndpoints, port: number, test: 'set' | 'get'): Promise<number> {
  const args = ['-h', '127.0.0.1', '-p', String(port), '-t', test, '-n', N, '-P', '16', '-c', CLIENTS, '-q', '--csv'];
  if (c.tls) args.push('--tls', '--cacert', c.caFile!);
  if (c.authToken) args.push('-a', c.authToken);
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
      else reject(new Error(`redis-benchmark failed on port ${port}: ${out}`));
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
    },
  });
  try {
    console.log(`redis-benchmark -P 16 -c ${CLIENTS} -n ${N}, ${RUNS} interleaved runs, req/s (median), ratio = median of per-run ratios`);
    for (const id of ['Plain', 'Tls']) {
      const c = e.cache(id);
      const primary = c.nodes.find((n) => n.role === 'primary')!.port;
      const replica = c.nodes.find((n) => n.role === 'replica')!.port;
      const pairs: Array<[string, number, number, 'set' | 'get']> = [
        ['SET primary endpoint', primary, c.primary!.port, 'set'],
        ['GET primary endpoint', primary, c.primary!.port, 'get'],
        ['GET reader endpoint', replica, c.reader!.port, 'get'],
      ];
      const res = pairs.map(() => ({ direct: [] as number[], proxied: [] as number[], ratio: [] as number[], cpu: [] as number[] }));
      // CPU time of this process (= of the proxy) per proxied request, in microseconds.
      const proxiedRun = async (port: number, test: 'set' | 'get', i: number) => {
        const before = process.cpuUsage();
        const rps = await bench(c, port, test);
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
          `ratio ${median(x.ratio).toFixed(2)} (runs: ${x.ratio.map((v) => v.toFixed(2)).join(', ')}); proxy CPU ${median(x.cpu).toFixed(2)} us/request`);
      }
    }
  } finally {
    await e.stop();
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
