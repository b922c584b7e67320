/* eslint-disable no-console */
// Resident memory of the supervising process (issue 3, figure d: <= 60 MB).
// Run: npx ts-node --project tsconfig.dev.json benchmarks/local-rss.ts
// The CLI is compiled with tsc into a temporary directory first (ts-node itself would weigh ~150 MB), then
// `local up --detach` runs a 3x2 TLS+RBAC cluster, a TLS CMD group (2 replicas) and a plaintext CMD group (1 replica);
// RSS is read from /proc/<pid>/status idle and after redis-benchmark -P 16 load through the plaintext group's primary
// and reader endpoints (served by the nodes) and the TLS group's reader endpoint (a proxy in the supervisor that
// spreads connections over 2 replicas: the load that still passes through it, docs/decisions/0102).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheEndpoints, HostPort } from '../src/local';
import { redisBenchmarkArgs } from '../test/local/helpers';

const root = join(__dirname, '..');
const fixture = (n: string) => JSON.parse(readFileSync(join(root, 'test', 'local', 'fixtures', n), 'utf8')) as { Resources: object };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

type Cache = Pick<CacheEndpoints, 'caFile' | 'authToken'> & { primary: HostPort; reader: HostPort };

function bench(c: Cache, at: HostPort, tests: string): Promise<void> {
  const args = redisBenchmarkArgs(c, at, ['-t', tests, '-n', '200000']);
  return new Promise((resolve) => {
    const p = spawn('redis-benchmark', args, { stdio: 'ignore' });
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

(async () => {
  const work = mkdtempSync(join(tmpdir(), 'bench-rss-'));
  const lib = join(work, 'lib');
  const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--outDir', lib], { stdio: 'inherit' });
    const template = join(work, 'template.json');
    writeFileSync(template, JSON.stringify({
      Resources: {
        ...fixture('cme-tls-rbac.json').Resources,
        ...fixture('cmd-tls-auth.json').Resources,
        Plain: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', NumCacheClusters: 2, ReplicationGroupDescription: 'p' } },
      },
    }));
    const state = join(work, 'state');
    const cli = join(lib, 'cli', 'main.js');
    execFileSync(process.execPath, [cli, 'local', 'up', '--template', template, '--state-dir', state, '--detach'], { stdio: 'ignore', env });
    const pid = (JSON.parse(readFileSync(join(state, 'state.json'), 'utf8')) as { pid: number }).pid;
    try {
      await sleep(2000);
      const idle = mb(pid, 'VmRSS');
      const { Plain: plain, Sessions: sessions } = (JSON.parse(readFileSync(join(state, 'endpoints.json'), 'utf8')) as { caches: Record<string, Cache> }).caches;
      for (let i = 0; i < 2; i++) {
        await bench(plain, plain.primary, 'set,get');
        await bench(plain, plain.reader, 'get');
        await bench(sessions, sessions.reader, 'get');
      }
      const after = mb(pid, 'VmRSS');
      const peak = mb(pid, 'VmHWM');
      console.log('supervisor (local up --detach; 3x2 TLS+RBAC cluster + TLS CMD group + plain CMD group, 15 nodes): ' +
        `RSS idle ${idle.toFixed(1)} MB, after load ${after.toFixed(1)} MB, peak ${peak.toFixed(1)} MB; budget 60 MB: ratio peak/60 = ${(peak / 60).toFixed(2)}`);
    } finally {
      execFileSync(process.execPath, [cli, 'local', 'down', '--state-dir', state], { stdio: 'ignore', env });
    }
    // Baseline: LocalEngine in a plain Node process with default V8 flags (what a test runner hosts).
    const inProcess = execFileSync(process.execPath, ['-e', `
      const { LocalEngine } = require(${JSON.stringify(join(lib, 'local'))});
      LocalEngine.start(${JSON.stringify(template)}).then(async (e) => {
        await new Promise((r) => setTimeout(r, 2000));
        const rss = process.memoryUsage().rss / 1048576;
        await e.stop();
        console.log(rss.toFixed(1));
      });`], { encoding: 'utf8', env }).trim();
    console.log(`in-process LocalEngine baseline (default V8 flags, all modules loaded), idle: RSS ${inProcess} MB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
