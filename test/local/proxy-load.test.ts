import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import Redis from 'ioredis';
import { client, fixture, redisBenchmarkArgs, stateDir } from './helpers';
import { CacheEndpoints, HostPort, useLocalEngine } from '../../src/local';
import { TcpProxy } from '../../src/local/proxy/tcp-proxy';

// The endpoints under pipelined load from many connections: plain through the endpoint proxies (the fallback where
// only 127.0.0.1 can be bound), TLS served by the nodes themselves (primary) and the reader proxy (two replicas).
const plain = useLocalEngine(
  { Resources: { Plain: { Type: 'AWS::ElastiCache::ReplicationGroup', Properties: { Engine: 'redis', NumCacheClusters: 3 } } } },
  { stateDir: stateDir(), proxyEndpoints: true },
);
const tls = useLocalEngine(fixture('cmd-tls-auth.json'), { stateDir: stateDir() });

const CONNECTIONS = 12;
const COMMANDS = 3000;

/** Thousands of pipelined commands from many connections; every reply is checked. */
async function pipelinedLoad(c: CacheEndpoints, at: HostPort, write: boolean) {
  const conns = Array.from({ length: CONNECTIONS }, () => client(c, at, { maxRetriesPerRequest: 0, retryStrategy: () => null }));
  try {
    await Promise.all(
      conns.map(async (r, i) => {
        const p = r.pipeline();
        for (let k = 0; k < COMMANDS; k++) {
          if (write) p.set(`load:${i}:${k}`, `v${k}`.repeat(1 + (k % 50)));
          p.get(`load:${i}:${k}`);
        }
        const replies = (await p.exec())!;
        const values = Array.from({ length: COMMANDS }, (_, k) => `v${k}`.repeat(1 + (k % 50)));
        if (write) {
          expect(replies).toEqual(values.flatMap((v) => [[null, 'OK'], [null, v]]));
        } else {
          // A replica may lag a few milliseconds behind: a reply is the value or (rarely) not there yet.
          const wrong = replies.filter(([err, v], k) => err !== null || (v !== values[k] && v !== null));
          expect(wrong).toEqual([]);
          expect(replies.filter(([, v]) => v !== null).length).toBeGreaterThan(COMMANDS * 0.9);
        }
      }),
    );
  } finally {
    conns.forEach((r) => r.disconnect());
  }
}

/** A short redis-benchmark run (asynchronous: the proxy lives in this process's event loop). */
function redisBenchmark(c: CacheEndpoints, at: HostPort, tests: string): Promise<string> {
  const args = redisBenchmarkArgs(c, at, ['-t', tests, '-n', '20000', '-c', '20', '--csv']);
  return new Promise((resolve, reject) => {
    const p = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`redis-benchmark did not finish within 30 s: ${out}`));
    }, 30_000);
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`redis-benchmark exited with ${code}: ${out}`));
    });
  });
}
const hasRedisBenchmark = spawnSync('redis-benchmark', ['--version']).status === 0;

describe.each([
  ['plain', plain, 'Plain'],
  ['TLS + AUTH', tls, 'Sessions'],
])('%s', (_name, local, id) => {
  test('pipelined load through the primary endpoint, then the reader endpoint', async () => {
    const c = local.cache(id);
    await pipelinedLoad(c, c.primary!, true);
    const primary = client(c, c.primary!);
    await primary.call('WAIT', '2', '2000');
    primary.disconnect();
    await pipelinedLoad(c, c.reader!, false);
  });

  (hasRedisBenchmark ? test : test.skip)('redis-benchmark -P 16 -c 20 completes through both endpoints', async () => {
    const c = local.cache(id);
    expect(await redisBenchmark(c, c.primary!, 'set,get')).toMatch(/"SET","[\d.]+"[\s\S]*"GET","[\d.]+"/);
    expect(await redisBenchmark(c, c.reader!, 'get')).toMatch(/"GET","[\d.]+"/);
  });
});

describe('TcpProxy', () => {
  const proxyTo = async (port: number) => {
    const p = new TcpProxy('test', () => ({ host: '127.0.0.1', port }));
    await p.listen(0);
    return p;
  };
  const primaryPort = () => plain.cache('Plain').nodes.find((n) => n.role === 'primary')!.port;

  test('large values in both directions (backpressure), no connection left behind', async () => {
    const proxy = await proxyTo(primaryPort());
    const big = 'x'.repeat(2 * 1024 * 1024);
    const conns = [0, 1, 2, 3].map(() => new Redis({ port: proxy.port, host: '127.0.0.1', maxRetriesPerRequest: 0 }));
    try {
      await Promise.all(conns.map((r, i) => r.set(`big:${i}`, big)));
      const values = await Promise.all(conns.map((r, i) => r.get(`big:${i}`)));
      values.forEach((v) => expect(v).toHaveLength(big.length));
      expect(proxy.connections).toBe(4);
      await Promise.all(conns.map((r, i) => r.del(`big:${i}`)));
      await Promise.all(conns.map((r) => r.quit()));
      for (let i = 0; i < 100 && proxy.connections > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(proxy.connections).toBe(0);
    } finally {
      conns.forEach((r) => r.disconnect());
      await proxy.close();
    }
  });

  test('a half-closed client still receives the replies to what it sent', async () => {
    const proxy = await proxyTo(primaryPort());
    const answer = await new Promise<string>((resolve, reject) => {
      const s = connect({ port: proxy.port, host: '127.0.0.1', allowHalfOpen: true }, () => s.end('SET half v\r\nGET half\r\nPING\r\n'));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('end', () => resolve(got));
      s.on('error', reject);
    });
    expect(answer).toBe('+OK\r\n$1\r\nv\r\n+PONG\r\n');
    for (let i = 0; i < 100 && proxy.connections > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(proxy.connections).toBe(0);
    await proxy.close();
  });

  test('a connection to a closed port is closed, not left hanging', async () => {
    const proxy = await proxyTo(1);
    // Closed within 5 s with no reply, or the test fails (a hanging connection resolves 'hanging').
    const outcome = await new Promise<string>((resolve) => {
      let got = '';
      const timer = setTimeout(() => { s.destroy(); resolve('hanging'); }, 5_000);
      const s = connect(proxy.port, '127.0.0.1', () => s.write('PING\r\n'));
      s.on('data', (d) => (got += d.toString()));
      s.on('error', () => undefined);
      s.on('close', () => { clearTimeout(timer); resolve(`closed, received '${got}'`); });
    });
    expect(outcome).toBe("closed, received ''");
    expect(proxy.connections).toBe(0);
    await proxy.close();
  });
});
