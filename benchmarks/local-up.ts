/* eslint-disable no-console */
// Benchmarks of the local engine (issue 3): up, cluster create, failover. Run: npx ts-node --project tsconfig.dev.json benchmarks/local-up.ts
// Prints every figure and ratio measured in this one run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { LocalEngine } from '../src/local';
import { PortAllocator } from '../src/local/state/ports';
import { ensureTls } from '../src/local/tls/ca';

const fixture = (n: string) => join(__dirname, '..', 'test', 'local', 'fixtures', n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUNS = Number(process.env.RUNS ?? 5);

async function upTimes(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const e = await LocalEngine.start(fixture('cme-tls-rbac.json'));
    times.push(performance.now() - t0);
    await e.stop();
  }
  return times;
}

/** Same 9 nodes (TLS, cluster-enabled), formed by `redis-cli --cluster create --cluster-replicas 2`. */
async function clusterCreateTimes(): Promise<{ create: number[]; total: number[] }> {
  const create: number[] = [];
  const total: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-create-'));
    const tls = await ensureTls(dir);
    const ports = new PortAllocator();
    const p = await ports.allocate(18);
    const t0 = performance.now();
    const procs = Array.from({ length: 9 }, (_, i) => {
      const d = join(dir, `n${i}`);
      mkdirSync(d);
      return spawn('redis-server', ['--port', '0', '--tls-port', String(p[i]), '--cluster-port', String(p[9 + i]), '--tls-cert-file', tls.certFile,
        '--tls-key-file', tls.keyFile, '--tls-ca-cert-file', tls.caFile, '--tls-auth-clients', 'no', '--tls-replication', 'yes', '--tls-cluster', 'yes',
        '--cluster-enabled', 'yes', '--save', '', '--dir', d, '--bind', '127.0.0.1', '--repl-diskless-sync-delay', '0'], { stdio: 'ignore' });
    });
    const conns = p.slice(0, 9).map((port) => new Redis({ port, host: '127.0.0.1', tls: { ca: tls.ca, servername: 'localhost' }, retryStrategy: () => 10 }));
    conns.forEach((c) => c.on('error', () => undefined));
    await Promise.all(conns.map((c) => c.ping()));
    const t1 = performance.now();
    execFileSync('redis-cli', ['--tls', '--cacert', tls.caFile, '--cluster', 'create', ...p.slice(0, 9).map((x) => `127.0.0.1:${x}`), '--cluster-replicas', '2', '--cluster-yes'], { stdio: 'ignore' });
    const t2 = performance.now();
    for (const c of conns) {
      for (;;) {
        const info = (await c.call('CLUSTER', 'INFO')) as string;
        const repl = await c.info('replication');
        if (/cluster_state:ok/.test(info) && (!/role:slave/.test(repl) || /master_link_status:up/.test(repl))) break;
        await sleep(5);
      }
    }
    const t3 = performance.now();
    create.push(t2 - t1);
    total.push(t3 - t0);
    conns.forEach((c) => c.disconnect());
    procs.forEach((c) => c.kill('SIGKILL'));
    ports.releaseAll();
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  }
  return { create, total };
}

async function failoverTimes() {
  const out: Record<string, number[]> = { cmd: [], cme: [] };
  for (const [kind, file, shard] of [['cmd', 'cmd-tls-auth.json', 0], ['cme', 'cme-tls-rbac.json', 1]] as const) {
    const e = await LocalEngine.start(fixture(file));
    const c = e.cache(kind === 'cmd' ? 'Sessions' : 'Cache');
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await e.failover(kind === 'cmd' ? 'Sessions' : 'Cache', shard);
      const at = kind === 'cmd' ? c.primary! : r.to;
      const probe = new Redis({ ...at, tls: { ca: e.ca!, servername: 'localhost' }, ...(kind === 'cmd' ? { password: c.authToken! } : { username: 'app', password: c.users.app }) });
      // A key served by this shard: a write through the endpoint succeeds on the new primary.
      let key = 'probe';
      if (kind === 'cme') for (let k = 0; ; k++) if (((await probe.cluster('KEYSLOT', `app:${k}`)) as number) >= 5461 && ((await probe.cluster('KEYSLOT', `app:${k}`)) as number) <= 10922) { key = `app:${k}`; break; }
      await probe.set(key, '1');
      out[kind].push(performance.now() - t0);
      probe.disconnect();
      // Masters vote for a shard's failover once per 2 x cluster-node-timeout (10 s).
      await sleep(kind === 'cme' ? 10_500 : 500);
    }
    await e.stop();
  }
  return out;
}

(async () => {
  const f = (n: number) => n.toFixed(0);
  const up = await upTimes();
  await sleep(500);
  console.log(`up 3x2 TLS+ACL cluster: median ${f(median(up))} ms (runs: ${up.map(f).join(', ')})`);
  const cc = await clusterCreateTimes();
  console.log(`redis-cli --cluster create (same 9 TLS nodes, already running): median ${f(median(cc.create))} ms; start + create + cluster ok: median ${f(median(cc.total))} ms`);
  // The fair comparison: both start from no running process and end with cluster_state:ok on every node (every shard
  // accepts writes) and every replica linked.
  console.log(`ratio up / (start nodes + redis-cli --cluster create + cluster ok) = ${(median(up) / median(cc.total)).toFixed(2)} (target <= 0.5); ` +
    `up / create alone = ${(median(up) / median(cc.create)).toFixed(2)}`);
  const fo = await failoverTimes();
  console.log(`failover to a writable primary: CMD median ${f(median(fo.cmd))} ms (${fo.cmd.map(f).join(', ')}), CME median ${f(median(fo.cme))} ms (${fo.cme.map(f).join(', ')})`);
  console.log('throughput via endpoints: benchmarks/local-throughput.ts; supervisor RSS: benchmarks/local-rss.ts');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
